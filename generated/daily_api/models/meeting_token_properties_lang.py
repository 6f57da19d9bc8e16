# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""The ``MeetingTokenPropertiesLang`` enum."""

from __future__ import annotations

from .._models import StrEnum


class MeetingTokenPropertiesLang(StrEnum):
    """The default language of the [Daily prebuilt video call
    UI](https://docs.daily.co/products/prebuilt), for this room.

    Setting the language at the token level will override any room or domain-level
    language settings you have.

    `*` Norwegian `"no"` and Russian `"ru"` are only available in the new Daily
    Prebuilt.

    See [language settings](https://docs.daily.co/products/prebuilt/language) for all
    supported values and priority order.
    """

    DA = "da"
    DE = "de"
    EN = "en"
    ES = "es"
    FI = "fi"
    FR = "fr"
    IT = "it"
    JP = "jp"
    KA = "ka"
    NL = "nl"
    NO = "no"
    PT = "pt"
    PT_BR = "pt-BR"
    PL = "pl"
    RU = "ru"
    SV = "sv"
    TR = "tr"
    USER = "user"
