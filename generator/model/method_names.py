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
# Generic verbs that read: before a plural noun they list (``get saved albums`` → ``list_saved``).
READ_VERBS = frozenset({"get", "fetch", "read"})
# Words that ask for several items by id, and the one word the SDK uses for all of them.
QUANTIFIERS = {"multiple": "several", "several": "several"}
# First path segments that stand for the authenticated caller (Spotify's ``/me/albums``).
CALLER_SEGMENTS = frozenset({"me", "my", "self"})
# Words of an operationId that name the caller: ``get-users-saved-albums``, ``save-albums-user``.
CALLER_WORDS = frozenset({"me", "my", "user", "users"})

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
    return split.before + split.after if split is not None else None


@dataclass(frozen=True)
class NounSplit:
    """An operationId's words on either side of the resource noun it names."""

    before: list[str]
    after: list[str]


def _split_at_noun(operation_id: str, resource_key: str, namespace: Sequence[str]) -> NounSplit | None:
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
                    return NounSplit(before, after)
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
    caller: bool = False,
) -> tuple[str, str]:
    """(preferred, fallback) method names for an operation named by a person.

    The preferred name is the ``operationId`` without the resource noun, articles and
    filler words, read as an action on the resource:

    * on a path that starts at the caller (``caller``, see :func:`starts_at_caller`),
      words naming the caller go: ``get-users-saved-albums`` → ``get saved``,
      ``save-albums-user`` → ``save``;
    * when the noun ended the ``operationId`` and the word before it is what the
      path's items belong to (one of ``owners``, see :func:`path_owners`), that word
      was a possessive: ``get-list-users-playlists`` on ``/users/{user_id}/playlists``
      → ``list_for_user``;
    * a reading verb before a plural noun lists (:func:`read_verb`): ``get saved
      albums`` → ``list_saved``, ``read_flows`` → ``list``; before a quantifier it
      fetches several by id: ``get-multiple-albums`` and ``get-several-tracks`` →
      ``get_several``;
    * a bare generic verb (or one followed by ``for`` or ``by``) becomes the REST
      verb of ``shape``: ``get-an-album`` → ``retrieve``, ``read_flow_by_name`` →
      ``retrieve_by_name``.

    The fallback, used on a collision, is the whole ``operationId`` without articles.
    """
    all_words = words(operation_id)
    fallback = method_name("_".join(tidy_words(all_words)) or operation_id)
    split = _split_at_noun(operation_id, resource_key, namespace)
    tidy = tidy_words(split.before + split.after if split is not None else all_words)
    if caller:
        tidy = without_caller(tidy)
    if split is not None and not split.after and len(tidy) > 1:
        owner_words = {singular(o) for o in owners}
        if singular(tidy[-1]) in owner_words:
            tidy = [*tidy[:-1], "for", singular(tidy[-1])]
            if shape is not None:
                # "a category's playlists": the operationId's own plural says it lists.
                shape = replace(shape, collection=_ends_plural(all_words))
    tidy = read_verb(tidy, _ends_plural(all_words), shape)
    if split is None:
        return method_name("_".join(tidy)), fallback
    verb_only = len(tidy) == 1 or tidy[1:2] in (["for"], ["by"])
    if verb_only and tidy[0] in GENERIC_VERBS and shape is not None:
        tidy = [rest_verb(shape) or tidy[0], *tidy[1:]]
    return method_name("_".join(tidy)), fallback


def starts_at_caller(path: str) -> bool:
    """Whether ``path`` is the authenticated caller's own (``/me/albums``, GitHub's ``/user/repos``)."""
    segments = path_segments(path)
    if not segments:
        return False
    first = segments[0].lower()
    return first in CALLER_SEGMENTS or (
        first == "user" and not (len(segments) > 1 and is_parameter(segments[1]))
    )


def without_caller(tidy: Sequence[str]) -> list[str]:
    """``tidy`` without the words that name the caller (``users``, ``current users``, ``my``).

    On a path that starts at the caller they say nothing: every operation there is the
    caller's. The first word (the verb) always stays.
    """
    kept = [tidy[0]] if tidy else []
    for index, word in enumerate(tidy[1:], start=1):
        following = tidy[index + 1] if index + 1 < len(tidy) else ""
        if word in CALLER_WORDS or (word == "current" and following in CALLER_WORDS):
            continue
        kept.append(word)
    return kept


def read_verb(tidy: Sequence[str], plural: bool, shape: PathShape | None) -> list[str]:
    """``tidy`` with a reading verb (``get``, ``read``, ``fetch``) said the way the SDK says it.

    Before a quantifier it fetches several items by id (``get multiple`` → ``get several``:
    one word for one meaning). When the operationId ends in a plural noun (``plural``)
    and the path is not an item, it lists: on a GET of a collection (``get saved
    [albums]`` → ``list saved``; not ``get-recommendations``, whose answer is one
    object), or on another method when nothing but ``all`` stands between verb and
    noun (FastAPI's ``read_all_concurrency_limits`` on ``POST .../filter`` → ``list``).
    """
    found = list(tidy)
    if not found or found[0] not in READ_VERBS:
        return found
    if len(found) > 1 and found[1] in QUANTIFIERS:
        return ["get", QUANTIFIERS[found[1]], *found[2:]]
    rest = found[2:] if found[1:2] == ["all"] else found[1:]
    if shape is None or shape.item or not plural or "list" in rest:
        return found
    if shape.collection if shape.http_method == "GET" else not rest:
        return ["list", *rest]
    return found


def _ends_plural(tokens: Sequence[str]) -> bool:
    """Whether the last word that is not a version (``v2``) is a plural noun."""
    kept = [t for t in tokens if not _VERSION_SEGMENT.match(t)]
    return bool(kept) and is_plural(kept[-1])


def fastapi_function_name(operation_id: str, http_method: str, path: str) -> str | None:
    """The function name in an operationId FastAPI made up, or ``None`` when it is not one.

    FastAPI's default (``fastapi.routing.generate_unique_id``) is
    ``re.sub(r"\\W", "_", f"{name}{path}") + f"_{method}"``: ``read_flow_flows__id__get``
    for the function ``read_flow`` on ``GET /flows/{id}``. The tail is recomputed from the
    path and the method, so only an operationId of exactly that shape is recognised, never
    one that merely ends in ``_get``. An app mounted below a prefix its document spells
    (``/api/flows/{id}`` for the route ``/flows/{id}``) has a route that is a tail of the
    path: the whole path is tried first, then ever shorter tails.
    """
    method = http_method.lower()
    starts = [index for index, char in enumerate(path) if char == "/"] or [0]
    for start in starts:
        suffix = re.sub(r"\W", "_", path[start:]) + "_" + method
        name = operation_id[: -len(suffix)] if operation_id.endswith(suffix) else ""
        if name and re.fullmatch(r"\w+", name):
            return name
    return None


def with_place(name: str, path: str, resource_key: str) -> str:
    """``name`` and the path's fixed words it lacks, but for the resource's own noun:
    ``read_flow`` on ``/ui/flows/{id}`` → ``read_flow_ui``. Two operations whose names
    clash (FastAPI's function names repeat across routers) then differ by where they
    are, not by a number."""
    own = {singular(w) for w in [*words(name), *words(resource_key)]}
    extra = [
        w for s in path_segments(path) if not is_parameter(s) for w in words(s) if singular(w) not in own
    ]
    return method_name("_".join([*words(name), *dict.fromkeys(extra)]))


def carry_qualifiers(named: Sequence[tuple[str, str, str]]) -> list[str]:
    """The names of one resource's operations, each a (METHOD, path, name), with the
    qualifier of a path's list carried to the bare verbs on that path.

    ``GET /me/albums`` lists the saved albums (``list_saved``), so ``DELETE /me/albums``
    (``remove``) removes saved ones: ``remove_saved``. A verb the qualifier comes from
    stays bare (``save``, not ``save_saved``).
    """
    qualifiers: dict[str, str] = {}
    for method, path, name in named:
        parts = name.split("_")
        if method == "GET" and parts[0] == "list" and len(parts) > 1 and not {"for", "by"} & set(parts):
            qualifiers.setdefault(path, "_".join(parts[1:]))
    carried = []
    for method, path, name in named:
        qualifier = qualifiers.get(path)
        if qualifier and method != "GET" and "_" not in name and not qualifier.startswith(name):
            name = method_name(f"{name}_{qualifier}")
        carried.append(name)
    return carried


@dataclass(frozen=True)
class NamedRoute:
    """An operation named by a person, with its names so far (see :func:`refine_names`)."""

    http_method: str
    path: str
    resource_key: str
    preferred: str
    fallback: str


def refine_names(routes: Sequence[NamedRoute]) -> list[tuple[str, str, str, str]]:
    """(preferred, fallback, *alternatives) for each of one resource node's operations.

    These names depend on the node's other operations: a list's qualifier is carried to
    the verbs of its path (:func:`carry_qualifiers`), and fallbacks that clash differ by
    their paths (:func:`with_place`) or, on one path, by their HTTP methods
    (``get_octet_stream``, ``post_octet_stream``). The alternatives are tried when the
    fallback is taken too (by a sub-resource, say), before a number.
    """
    preferred = carry_qualifiers([(r.http_method, r.path, r.preferred) for r in routes])
    fallbacks = [r.fallback for r in routes]
    refined = []
    for route, name in zip(routes, preferred, strict=True):
        placed = with_place(route.fallback, route.path, route.resource_key)
        by_method = method_name(f"{route.http_method.lower()}_{route.fallback}")
        fallback = route.fallback
        if fallbacks.count(fallback) > 1:
            paths = {r.path for r in routes if r.fallback == fallback}
            fallback = placed if len(paths) > 1 else by_method
        refined.append((name, fallback, placed, by_method))
    return refined


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
