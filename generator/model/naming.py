"""Turning names from a spec into safe, readable, collision-free Python identifiers.

Spec names are arbitrary text: ``canSend``, ``enable-recording``, ``2fa``, ``class``,
``GMT+0``, ``名前``. Everything here is a pure function of its input, so the same
spec always gives the same names.
"""

from __future__ import annotations

import functools
import keyword
import re
import unicodedata
from collections.abc import Iterable

# Words split at case changes, digits and any non-alphanumeric character, except a
# version (``v2``, ``V2`` in ``ConcurrencyLimitsV2``), which stays one word: ``v_2`` is
# nobody's spelling of it.
_WORD = re.compile(r"[vV]\d+|[A-Z]+(?=[A-Z][a-z]|V\d)|[A-Z]?[a-z]+|[A-Z]+|\d+|[^\W\d_]+", re.UNICODE)

_SYMBOL_WORDS = {
    "+": "plus",
    "-": "minus",
    "*": "star",
    "/": "slash",
    ".": "dot",
    "<": "lt",
    ">": "gt",
    "=": "eq",
    "!": "not",
    "@": "at",
    "#": "hash",
    "%": "percent",
    "&": "and",
    "|": "or",
    "~": "tilde",
}

# Names a generated class must never take: the SDK's own public classes and the
# typing names its modules import. A schema called ``Client`` becomes ``ClientModel``.
RESERVED_CLASS_NAMES = frozenset(
    {
        "Any",
        "ClassVar",
        "Enum",
        "Literal",
        "Mapping",
        "Model",
        "Unset",
        "UNSET",
        "TYPE_CHECKING",
        "annotations",
        "dataclass",
        "field",
    }
)


def words(text: str) -> list[str]:
    """Split ``text`` into lower-case ASCII words: ``canSend`` → ``[can, send]``, ``Größe`` → ``[grosse]``.

    Identifiers stay ASCII (they are file names too): accents are dropped, and a word
    with no ASCII letters is spelled by its code points (``名前`` → ``u540d_u524d``).
    """
    return list(_words(text))


@functools.lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    """:func:`words`, remembered: a big spec asks for the same names tens of thousands of times."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).replace("ß", "ss"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    found = []
    for word in _WORD.findall(plain):
        if word.isascii():
            found.append(word.lower())
        else:
            found.extend(f"u{ord(ch):04x}" for ch in word)
    return tuple(found)


def _symbol_words(text: str) -> list[str]:
    """Words for a name made only of symbols, such as an enum value ``+`` or ``-``."""
    return [_SYMBOL_WORDS[ch] for ch in text if ch in _SYMBOL_WORDS]


def _ascii_safe(word: str) -> str:
    return word if word.isidentifier() or word.isdigit() else ""


def snake_case(text: str) -> str:
    """``canSend`` → ``can_send``; ``enable-recording`` → ``enable_recording``."""
    parts = words(text) or _symbol_words(text)
    return "_".join(p for p in parts if _ascii_safe(p))


def pascal_case(text: str) -> str:
    """``meeting-tokens`` → ``MeetingTokens``; ``canSend`` → ``CanSend``; ``HTTPError`` → ``HttpError``."""
    parts = words(text) or _symbol_words(text)
    return "".join(p[:1].upper() + p[1:] for p in parts if _ascii_safe(p))


def upper_snake_case(text: str) -> str:
    """``pt-BR`` → ``PT_BR``; ``cloud-audio-only`` → ``CLOUD_AUDIO_ONLY``."""
    return snake_case(text).upper()


def _safe(name: str, fallback: str) -> str:
    if not name:
        name = fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}" if fallback.islower() else f"{fallback}{name}"
    return name


def attribute_name(text: str, *, fallback: str = "field") -> str:
    """A snake_case attribute or parameter name that is never a keyword or shadows a builtin."""
    name = _safe(snake_case(text), fallback)
    if keyword.iskeyword(name) or name in _SHADOWED_BUILTINS:
        name += "_"
    return name


def method_name(text: str, *, fallback: str = "call") -> str:
    """A snake_case method name; builtins are allowed (``list``, ``set``), keywords are not.

    A method may shadow a builtin type inside its class body; the renderer spells
    such types ``builtins.list`` in that class's annotations, so ``client.rooms.list()``
    keeps its natural name.
    """
    name = _safe(snake_case(text), fallback)
    if keyword.iskeyword(name) or name in _FIXED_SIGNATURE_NAMES:
        name += "_"
    return name


# Names every generated method signature uses (``self``, ``extra_headers: Mapping[str, str]``,
# ``timeout: float | ...``, ``Mapping[str, object]``): a method may not take them.
_FIXED_SIGNATURE_NAMES = frozenset({"self", "cls", "str", "float", "object", "None"})


def class_name(text: str, *, fallback: str = "Model") -> str:
    """A PascalCase class name that is a valid identifier and not one of the SDK's reserved names."""
    name = _safe(pascal_case(text), fallback)
    if name in RESERVED_CLASS_NAMES or keyword.iskeyword(name):
        name += fallback
    return name


def constant_name(value: object) -> str:
    """An enum member name for a value: ``pt-BR`` → ``PT_BR``, ``1`` → ``VALUE_1``, ``""`` → ``EMPTY``."""
    if value is None:
        return "NONE"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    text = str(value)
    if text == "":
        return "EMPTY"
    if isinstance(value, (int, float)):
        sign = "MINUS_" if text.startswith("-") else ""
        return "VALUE_" + sign + re.sub(r"\W", "_", text.lstrip("-"))
    name = upper_snake_case(text.replace("+", "_plus_"))
    if not name:
        name = "VALUE"
    if name[0].isdigit():
        name = "VALUE_" + name
    if keyword.iskeyword(name.lower()) and name.lower() == name:
        name += "_"
    return name


def module_name(class_or_text: str) -> str:
    """The module file stem for a class: ``MeetingTokenProperties`` → ``meeting_token_properties``."""
    name = _safe(snake_case(class_or_text), "module")
    if keyword.iskeyword(name):
        name += "_"
    return name


# Builtin names the generated code uses in annotations. A field called ``str`` would
# shadow the type inside its class body, so mypy (and ``typing.get_type_hints``) would
# read every later ``str`` annotation as that field. Other builtins (``id``, ``type``,
# ``format``) are harmless as field names and stay as they are.
_SHADOWED_BUILTINS = frozenset(
    {"self", "cls", "str", "int", "float", "bool", "bytes", "list", "dict", "set", "tuple", "object"}
)


class NameAllocator:
    """Hands out unique names within one namespace, in the order they are requested.

    Uniqueness is case-insensitive because names become file names too, and a
    case-insensitive file system would merge ``HTTPCheck.py`` and ``HttpCheck.py``.
    The first claimant keeps a name; later ones get a numbered suffix.
    """

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken: set[str] = {name.casefold() for name in taken}

    def claim(self, preferred: str, *alternatives: str) -> str:
        """The first free name among ``preferred`` and ``alternatives``, else ``preferred`` numbered."""
        for candidate in (preferred, *alternatives):
            if candidate.casefold() not in self._taken:
                self._taken.add(candidate.casefold())
                return candidate
        separator = "_" if preferred[-1:].isdigit() or "_" in preferred else ""
        number = 2
        while f"{preferred}{separator}{number}".casefold() in self._taken:
            number += 1
        name = f"{preferred}{separator}{number}"
        self._taken.add(name.casefold())
        return name

    def is_taken(self, name: str) -> bool:
        """Whether ``name`` (compared case-insensitively) is already claimed or reserved."""
        return name.casefold() in self._taken

    def reserve(self, name: str) -> None:
        self._taken.add(name.casefold())

    def release(self, name: str) -> None:
        """Give ``name`` back (a class merged into another no longer needs it)."""
        self._taken.discard(name.casefold())


def singular(word: str) -> str:
    """A rough English singular, enough to strip resource nouns (``rooms`` → ``room``)."""
    if word.endswith(_SINGULAR_S) or len(word) <= 3:
        return word  # status, analysis, address, series: singular nouns that end in "s"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "uses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


_SINGULAR_S = ("ss", "us", "is", "news", "series", "species")
