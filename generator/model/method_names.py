"""Method names that read like English, and where path-named operations sit.

Pure functions of an operation's ``operationId``, HTTP method and path (and of the
other paths of its resource), so the same spec always gives the same names:

* :func:`english_method_name` names an operation from its ``operationId``: the resource
  noun, articles and filler words are dropped (``get-an-album`` → ``get`` → ``retrieve``),
  and a name that is only a generic verb (``get``, ``post``, ...) becomes the REST verb
  its path shape implies (:func:`rest_verb`); a shared dotted namespace
  (:func:`namespace_of`) goes, and an owner before a trailing noun reads as ``for``
  (:func:`path_owners`).
* :func:`is_path_named` tells an ``operationId`` that only spells method and path
  (Stripe's ``GetCustomersCustomerBankAccountsId``) from one a person wrote.
* :func:`place_by_path` puts a path-named operation in a sub-resource by its path's
  nesting and names it by its shape: ``GET /v1/customers/{customer}/bank_accounts/{id}``
  → ``("bank_accounts",)``, ``retrieve``; ``POST /v1/charges/{charge}/capture`` → ``()``,
  ``capture``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from .naming import method_name, singular, words

ARTICLES = frozenset({"a", "an", "the"})
PREPOSITIONS = frozenset({"about", "at", "by", "for", "from", "in", "into", "of", "on", "to", "with"})
# Word sequences that say nothing a method name needs, and what they become.
FILLER_PHRASES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("get", "list", "of"), ("list",)),
    (("get", "list"), ("list",)),
    (("information", "about"), ()),
)
# Names that are only a generic verb: the path shape says which REST verb they mean.
GENERIC_VERBS = frozenset({"get", "fetch", "read", "post", "put", "patch"})

# An object answer is a page of a list when one of these properties is an array
# (Stripe's ``{"object": "list", "data": [...]}``, ``{"items": [...], "next": ...}``).
LIST_PROPERTIES = frozenset({"data", "items", "results", "records", "entries", "elements"})

_VERSION_SEGMENT = re.compile(r"^(v\d+([._]\d+)*|api|rest)$", re.IGNORECASE)
_NOT_PLURAL_ENDINGS = ("ss", "us", "is")


@dataclass(frozen=True)
class PathShape:
    """What the HTTP method and the path say about an operation."""

    http_method: str
    """Upper case: ``GET``, ``POST``, ..."""
    item: bool
    """The path ends in a parameter (``/customers/{id}``)."""
    collection: bool = True
    """For a path ending in a fixed segment: it holds items (a path below it ends in a
    parameter, its GET answers a list, or its last word is plural and its GET answer is
    not known to be a single object). Otherwise it is a singleton (``/v1/balance``)."""
    post_updates: bool = True
    """POST on this item path updates it (the path has no PUT or PATCH), Stripe's convention."""


def path_segments(path: str) -> list[str]:
    """The path's segments without versions (``v1``, ``api``) and empty ones."""
    return [s for s in path.strip("/").split("/") if s and not _VERSION_SEGMENT.match(s)]


def is_parameter(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def is_plural(segment: str) -> bool:
    """Whether a segment's last word reads as a plural noun (``bank_accounts``, not ``status``)."""
    found = words(segment)
    last = found[-1] if found else ""
    return len(last) > 3 and last.endswith("s") and not last.endswith(_NOT_PLURAL_ENDINGS)


def shape_of(
    http_method: str, path: str, paths: Collection[tuple[str, str]], lists: bool | None = None
) -> PathShape:
    """The shape of ``http_method path`` among ``paths`` ((METHOD, path) of the API).

    ``lists`` is what the path's GET answers, when the spec tells: an array or an object
    wrapping one (``True``), something else (``False``). A path with items below it is a
    collection; otherwise a plural last segment makes one, unless its GET answers no list.
    """
    segments = path_segments(path)
    item = bool(segments) and is_parameter(segments[-1])
    base = path.rstrip("/")
    below = any(other.startswith(base + "/") and is_parameter(other[len(base) + 1 :]) for _, other in paths)
    plural = bool(segments) and is_plural(segments[-1])
    collection = below or bool(lists) or (plural and lists is None)
    updates = {m for m, p in paths if p == path} & {"PUT", "PATCH"}
    return PathShape(http_method.upper(), item, collection, not updates)


def rest_verb(shape: PathShape) -> str | None:
    """``list``, ``retrieve``, ``create``, ``update`` or ``delete``, when the shape makes it clear."""
    method = shape.http_method
    if method == "DELETE":
        return "delete"
    if method in ("PUT", "PATCH"):
        return "update"
    if method == "GET":
        return "list" if not shape.item and shape.collection else "retrieve"
    if method == "POST":
        if shape.item:
            return "update" if shape.post_updates else None
        return "create" if shape.collection else "update"
    return None


def tidy_words(tokens: Sequence[str]) -> list[str]:
    """Drop articles and filler words: ``get a list of current users`` → ``list current users``.

    A preposition the resource noun left dangling at the end goes too
    (``add tracks to [playlist]`` → ``add tracks``).
    """
    kept = [t for t in tokens if t not in ARTICLES]
    for phrase, replacement in FILLER_PHRASES:
        size = len(phrase)
        index = 0
        while index + size <= len(kept):
            if tuple(kept[index : index + size]) == phrase:
                kept[index : index + size] = list(replacement)
                index += len(replacement)
            else:
                index += 1
    while len(kept) > 1 and kept[-1] in PREPOSITIONS:
        kept.pop()
    return kept or list(tokens)


def without_noun(operation_id: str, resource_key: str, namespace: Sequence[str] = ()) -> list[str] | None:
    """The words of ``operation_id`` without the resource noun (plural or singular), if it is there.

    The whole noun is looked for first (``meeting tokens``, ``meeting token``), then ever
    shorter tails of it (Twilio's tag ``VerifyV2RateLimit`` and ``ListRateLimit`` →
    ``list``). A ``namespace`` every operationId of the API starts with (Google's
    ``youtube.``) goes too.
    """
    split = _split_at_noun(operation_id, resource_key, namespace)
    return split[0] + split[1] if split is not None else None


def _split_at_noun(
    operation_id: str, resource_key: str, namespace: Sequence[str]
) -> tuple[list[str], list[str]] | None:
    """The words before and after the resource noun in ``operation_id``."""
    tokens = words(operation_id)
    if namespace and tokens[: len(namespace)] == list(namespace) and len(tokens) > len(namespace):
        tokens = tokens[len(namespace) :]
    noun = words(resource_key)
    candidates = []
    for tail in (noun[start:] for start in range(len(noun))):
        candidates += [tail, [singular(w) for w in tail], [*tail[:-1], singular(tail[-1])]]
    for candidate in candidates:
        size = len(candidate)
        if not size:
            continue
        for start in range(len(tokens) - size + 1):
            if tokens[start : start + size] == candidate:
                before, after = tokens[:start], tokens[start + size :]
                if before or after:
                    return before, after
    return None


def path_owners(path: str) -> list[str]:
    """The last words of fixed segments followed by a parameter: what the path's items
    belong to (``/users/{user_id}/playlists`` → ``["users"]``)."""
    segments = path_segments(path)
    return [
        words(s)[-1]
        for s, following in itertools.pairwise(segments)
        if not is_parameter(s) and is_parameter(following) and words(s)
    ]


def english_method_name(
    operation_id: str,
    resource_key: str,
    shape: PathShape | None = None,
    namespace: Sequence[str] = (),
    owners: Sequence[str] = (),
) -> tuple[str, str]:
    """(preferred, fallback) method names for an operation named by a person.

    The preferred name is the ``operationId`` without the resource noun, articles and
    filler words; a bare generic verb becomes the REST verb of ``shape``. When the noun
    ended the ``operationId`` and the word before it is what the path's items belong to
    (one of ``owners``, see :func:`path_owners`), that word was a possessive:
    ``get-list-users-playlists`` on ``/users/{user_id}/playlists`` → ``list_for_user``.
    The fallback, used on a collision, is the whole ``operationId`` without articles.
    """
    fallback = method_name("_".join(tidy_words(words(operation_id))) or operation_id)
    split = _split_at_noun(operation_id, resource_key, namespace)
    if split is None:
        return fallback, fallback
    before, after = split
    tidy = tidy_words(before + after)
    owner_words = {singular(o) for o in owners}
    if not after and len(tidy) > 1 and singular(tidy[-1]) in owner_words:
        tidy = [*tidy[:-1], "for", singular(tidy[-1])]
        if shape is not None:
            # "a category's playlists": the operationId's own plural says it lists.
            shape = replace(shape, collection=is_plural(words(operation_id)[-1]))
    verb_only = len(tidy) == 1 or tidy[1:2] == ["for"]
    if verb_only and tidy[0] in GENERIC_VERBS and shape is not None:
        tidy = [rest_verb(shape) or tidy[0], *tidy[1:]]
    return method_name("_".join(tidy)), fallback


def namespace_of(operation_ids: Sequence[str]) -> tuple[str, ...]:
    """The words of a dotted first part every operationId shares (``youtube.videos.list``
    → ``("youtube",)``); ``()`` unless there are several operationIds and all are dotted."""
    if len(operation_ids) < 2 or not all("." in i for i in operation_ids):
        return ()
    firsts = {i.split(".", 1)[0] for i in operation_ids}
    return tuple(words(firsts.pop())) if len(firsts) == 1 else ()


def nests_by_path(operation_id: str | None, http_method: str, path: str, resource_key: str) -> bool:
    """Whether an operation is placed by its path: it is path-named (:func:`is_path_named`)
    and its path starts with its resource's noun (so a tag that groups other paths keeps
    its operations flat)."""
    fixed = [s for s in path_segments(path) if not is_parameter(s)]
    if not fixed or not names_resource(fixed[0], resource_key):
        return False
    return is_path_named(operation_id, http_method, path)


def is_path_named(operation_id: str | None, http_method: str, path: str) -> bool:
    """Whether ``operation_id`` only spells the method and the path (or is missing).

    ``GetCustomersCustomerBankAccountsId`` for ``GET /v1/customers/{customer}/bank_accounts/{id}``
    is; ``ListRooms`` for ``GET /rooms`` is not.
    """
    if not operation_id:
        return True
    spelled = words(http_method) + [w for s in path_segments(path) for w in words(s)]
    tokens = [t for t in words(operation_id) if t != "by"]
    return tokens == [t for t in spelled if t != "by"]


@dataclass(frozen=True)
class Placement:
    """Where a path-named operation goes below its resource, and its names there."""

    chain: tuple[str, ...]
    """Path segments naming the sub-resources, outermost first (``()``: the resource itself)."""
    preferred: str
    fallback: str


def place_by_path(
    http_method: str,
    path: str,
    resource_key: str,
    paths: Collection[tuple[str, str]],
    fallback: str,
    lists: bool | None = None,
) -> Placement:
    """Sub-resource chain and method name of a path-named operation.

    ``paths`` are the (METHOD, path) pairs of the operation's resource. Fixed segments
    after the one that names the resource become sub-resources. A trailing fixed
    segment that is not plural, with a single operation and no path below it, is an
    action method (``charges.capture(charge)``, ``charges.search()``); every other
    operation gets the REST verb of its shape (``list``, ``create``, ``retrieve``,
    ``update``, ``delete``), or ``fallback`` when the shape does not make it clear.
    """
    segments = path_segments(path)
    fixed = [s for s in segments if not is_parameter(s)]
    if fixed and names_resource(fixed[0], resource_key):
        fixed = fixed[1:]
    method = http_method.upper()
    base = path.rstrip("/")
    if fixed and segments and not is_parameter(segments[-1]) and not is_plural(segments[-1]):
        alone = sum(1 for _, p in paths if p == path) == 1
        nothing_below = not any(p.startswith(base + "/") for _, p in paths)
        if alone and nothing_below:
            action = method_name(fixed[-1])
            if method in ("DELETE", "PUT", "PATCH"):
                action = method_name(f"{'delete' if method == 'DELETE' else 'update'}_{fixed[-1]}")
            return Placement(tuple(fixed[:-1]), action, fallback)
    verb = rest_verb(shape_of(method, path, paths, lists))
    return Placement(tuple(fixed), verb or fallback, fallback)


def names_resource(segment: str, resource_key: str) -> bool:
    """Whether a path segment is the resource's noun (``customers`` for ``customers`` or ``customer``)."""
    key = words(resource_key)
    found = words(segment)
    return found == key or [singular(w) for w in found] == [singular(w) for w in key]
