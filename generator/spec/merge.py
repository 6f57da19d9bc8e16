"""Merging several OpenAPI documents into one (Daily publishes one page per endpoint).

Paths and components are united. The same path, operation or component defined
differently by two documents is an error naming both, never a silent choice.
Everything else (``info``, ``servers``, ``security``) comes from the first document.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from ..diagnostics import SpecError, escape_token
from .source import SourceDocument


def merge_documents(documents: list[SourceDocument]) -> SourceDocument:
    first = documents[0]
    if not all(isinstance(d.data, dict) for d in documents):
        bad = next(d for d in documents if not isinstance(d.data, dict))
        raise SpecError.at("not an OpenAPI document: the top level is not a mapping", bad.location(""))
    merged: dict[str, Any] = copy.deepcopy(first.data)
    origin: dict[str, str] = {}

    def claim(pointer: str, value: Any, document: SourceDocument, target: dict[str, Any], key: str) -> None:
        if key in target and target[key] != value:
            raise SpecError.at(
                f"{document.display} and {origin.get(pointer, first.display)} define #{pointer} differently",
                document.location(pointer),
            )
        target[key] = copy.deepcopy(value)
        origin.setdefault(pointer, document.display)

    for document in documents[1:]:
        data = document.data
        paths = merged.setdefault("paths", {})
        for path, item in (data.get("paths") or {}).items():
            target = paths.setdefault(path, {})
            for key, value in (item or {}).items():
                claim(f"/paths/{escape_token(path)}/{escape_token(key)}", value, document, target, key)
        components = merged.setdefault("components", {})
        for section, entries in (data.get("components") or {}).items():
            target = components.setdefault(section, {})
            for key, value in (entries or {}).items():
                claim(
                    f"/components/{escape_token(section)}/{escape_token(key)}", value, document, target, key
                )
        tags = merged.setdefault("tags", [])
        for tag in data.get("tags") or []:
            if tag not in tags:
                tags.append(tag)
        if not tags:
            del merged["tags"]
    text = json.dumps(merged, indent=2, ensure_ascii=False)
    return SourceDocument(
        path=first.path,
        display=" + ".join(d.display for d in documents),
        text=text,
        data=merged,
        notes=tuple(f"{d.display}: {note}" for d in documents for note in d.notes),
    )
