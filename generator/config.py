"""Settings: ``[tool.generator]`` in ``pyproject.toml``, overridden by command-line flags.

Example::

    [tool.generator]
    spec = ["spec/daily.yaml"]
    output = "generated"
    package = "daily_api"
    distribution = "daily-api"
    client-class = "DailyClient"
    api-key-env = "DAILY_API_KEY"
    docs-base-url = "https://docs.daily.co"

    [tool.generator.names.schemas]
    properties = "MeetingTokenProperties"

    [tool.generator.names.operations]
    CreateMeetingToken = "create"

    [tool.generator.pagination]
    infer = true                          # list operations that fit a pattern return pages
    [tool.generator.pagination.operations]
    ListRooms = { cursor = "starting_after", items = "data", has-more = "has_more" }
    GetRoomPresence = false

    [tool.generator.directions]
    split = true                          # readOnly/writeOnly give a request and an answer class
    send-read-only = ["Owner.id"]         # readOnly properties requests still send
    [tool.generator.webhooks]
    preset = "daily"                      # or "standard-webhooks" (the default), "stripe"
"""

from __future__ import annotations

import argparse
import os
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .diagnostics import SpecError, SpecLocation, escape_token
from .model.naming import class_name, words
from .model.options import ModelOptions
from .model.renames import RenameError, parse_renames
from .model.reserved import sdk_names
from .model.webhook_schemes import SchemeError, check_table

_PACKAGE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_KNOWN_KEYS = {
    "spec",
    "output",
    "package",
    "distribution",
    "client-class",
    "api-key-env",
    "docs-base-url",
    "version",
    "names",
    "cache-dir",
    "allow-remote-refs",
    "upstream",
    "changelog",
    "idempotency-header",
    "pagination",
    "directions",
    "removal-limit",
    "keep",
    "hand-written",
    "oauth-client-auth",
    "webhooks",
}


@dataclass(frozen=True)
class Settings:
    """Everything one run needs besides the spec itself."""

    specs: tuple[Path, ...]
    output: Path
    package: str
    distribution: str
    client_class: str
    api_key_env: str
    docs_base_url: str | None = None
    version: str | None = None
    """The SDK's package version (PEP 440): ``[tool.generator] version``, which ``update`` writes;
    ``None``: read from the spec's ``info.version`` (:func:`generator.versions.package_version`)."""
    schema_names: Mapping[str, str] = field(default_factory=dict)
    operation_names: Mapping[str, str] = field(default_factory=dict)
    cache_dir: Path | None = None
    allow_remote_refs: bool = False
    strict: bool = False
    upstream: tuple[str, ...] = ()
    """Where the spec comes from: URLs or files (JSON, YAML, or Markdown pages with the
    document in a fenced block); several are merged into one spec."""
    changelog: Path | None = None
    """The SDK's CHANGELOG, which ``update`` adds an entry to."""
    idempotency_header: str | None = None
    """A header that makes a POST or PATCH safe to retry (e.g. ``Idempotency-Key``): the SDK
    sends one fresh key per call, the same on every retry of it."""
    infer_pagination: bool = True
    """Whether list operations that fit a known pattern return pages (``model/pagination.py``)."""
    pagination: Mapping[str, Any] = field(default_factory=dict)
    """operationId → ``true``/``false`` or a table naming the fields (``cursor``, ``items``,
    ``has-more``, ``next-cursor``, ``next-url``, ``offset``, ``page``, ``total``, ``style``)."""
    removal_limit: float = 50.0
    """The share (per cent) of its files a regeneration may remove without ``--allow-removals``
    (:mod:`generator.emit.removals`)."""
    keep: tuple[str, ...] = ()
    """Generated files (paths in the output) the generator never overwrites (see ``edits/ownership.py``)."""
    hand_written: tuple[str, ...] = ()
    """Extension areas besides ``<package>/lib/``, ``examples/``, ``tests/lib/``: never written."""
    oauth_client_auth: str = "client_secret_basic"
    """How an OAuth2 client sends its ID and secret to the token endpoint by default:
    ``client_secret_basic`` (HTTP basic, which RFC 6749 §2.3.1 requires servers to support) or
    ``client_secret_post`` (in the form body); the client's ``client_auth_method`` overrides it."""
    split_directions: bool = True
    """Whether readOnly/writeOnly properties give a schema a request class and an answer class."""
    send_read_only: tuple[str, ...] = ()
    """``Schema.property`` or ``Schema``: readOnly properties that requests still send."""
    webhooks: Mapping[str, Any] | None = None
    """``[tool.generator.webhooks]``, checked (:mod:`generator.model.webhook_schemes`): the webhook
    signature scheme (``preset`` and what differs from it) and the event-type field."""

    @property
    def async_client_class(self) -> str:
        return "Async" + self.client_class

    @property
    def root_error(self) -> str:
        """The base of every SDK exception, named after the client: ``DailyClient`` -> ``DailyError``."""
        stem = self.client_class.removesuffix("Client")
        name = f"{stem}Error" if stem else f"{self.client_class}Error"
        return name if name not in sdk_names() else f"{self.client_class}Error"

    def model_options(self) -> ModelOptions:
        """What the model builder takes from these settings."""
        return ModelOptions(
            client_class=self.client_class,
            root_error=self.root_error,
            version=self.version,
            schema_names=self.schema_names,
            operation_names=self.operation_names,
            infer_pagination=self.infer_pagination,
            pagination=self.pagination,
            split_directions=self.split_directions,
            send_read_only=self.send_read_only,
            webhooks=self.webhooks,
        )


def load_settings(
    *,
    pyproject: Path | None,
    specs: Sequence[str] = (),
    output: str | None = None,
    package: str | None = None,
    strict: bool = False,
    allow_remote_refs: bool | None = None,
    use_cache: bool = True,
    cache_dir: str | None = None,
) -> Settings:
    """Merge the pyproject table (if any) with flags; relative paths are relative to the pyproject.

    The cache folder is, first found: ``cache_dir`` (``--cache-dir``), the
    ``OPENAPI_SDK_CACHE_DIR`` environment variable (both relative to the working folder),
    ``cache-dir`` in the table, ``.generator-cache`` beside the pyproject.
    """
    table: dict[str, Any] = {}
    base = Path.cwd()
    if pyproject is not None and pyproject.is_file():
        base = pyproject.parent
        try:
            document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise SpecError.at(f"invalid TOML: {exc}", SpecLocation(str(pyproject))) from None
        table = document.get("tool", {}).get("generator", {})
        unknown = sorted(set(table) - _KNOWN_KEYS)
        if unknown:
            raise SpecError.at(
                f"unknown [tool.generator] setting(s): {', '.join(unknown)}; "
                f"known: {', '.join(sorted(_KNOWN_KEYS))}",
                SpecLocation(str(pyproject)),
            )

    spec_values = list(specs) or _as_list(table.get("spec"))
    if not spec_values:
        raise SpecError.at("no spec given: pass --spec PATH or set spec in [tool.generator]")
    output_value = output or table.get("output")
    if not output_value:
        raise SpecError.at("no output folder given: pass --output DIR or set output in [tool.generator]")
    package_value = package or table.get("package")
    if not package_value:
        raise SpecError.at("no package name given: pass --package NAME or set package in [tool.generator]")
    if not _PACKAGE_NAME.match(package_value):
        raise SpecError.at(f"package name {package_value!r} is not a valid Python import name")

    root_word = package_value.split(".")[-1]
    stem = class_name(root_word.removesuffix("_api").removesuffix("_sdk") or root_word, fallback="Api")
    client_class = str(table.get("client-class") or f"{stem}Client")
    if not client_class.isidentifier():
        raise SpecError.at(f"client-class {client_class!r} is not a valid Python class name")
    env_default = "_".join(words(stem)).upper() + "_API_KEY"
    names = table.get("names", {})
    operation_names = dict(names.get("operations", {}))
    try:
        parse_renames(operation_names)
    except RenameError as exc:
        where = SpecLocation(str(pyproject), "/tool/generator/names/operations/" + escape_token(exc.key))
        raise SpecError.at(str(exc), where, line=_line_of(pyproject, exc.key)) from None

    def resolve(value: str) -> Path:
        path = Path(value)
        return path if path.is_absolute() else base / path

    cache_path = _cache_path(cache_dir, table, resolve)
    return Settings(
        specs=tuple(resolve(v) if not specs else Path(v) for v in spec_values),
        output=resolve(output_value) if not output else Path(output_value),
        package=package_value,
        distribution=str(table.get("distribution") or package_value.replace("_", "-")),
        client_class=client_class,
        api_key_env=str(table.get("api-key-env") or env_default),
        docs_base_url=str(table["docs-base-url"]).rstrip("/") if table.get("docs-base-url") else None,
        version=_sdk_version(table.get("version"), pyproject),
        schema_names=dict(names.get("schemas", {})),
        operation_names=operation_names,
        cache_dir=cache_path if use_cache else None,
        allow_remote_refs=(
            bool(table.get("allow-remote-refs", False)) if allow_remote_refs is None else allow_remote_refs
        ),
        strict=strict,
        upstream=tuple(v if "://" in v else str(resolve(v)) for v in _as_list(table.get("upstream"))),
        changelog=resolve(str(table["changelog"])) if table.get("changelog") else None,
        idempotency_header=_header_name(table.get("idempotency-header")),
        **_pagination_settings(table.get("pagination", {})),
        **_directions_settings(table.get("directions", {}), pyproject),
        removal_limit=_percentage("removal-limit", table.get("removal-limit", Settings.removal_limit)),
        keep=parse_output_paths(table.get("keep"), "keep"),
        hand_written=parse_output_paths(table.get("hand-written"), "hand-written"),
        oauth_client_auth=_oauth_client_auth(table.get("oauth-client-auth"), pyproject),
        webhooks=_webhooks_table(table.get("webhooks"), pyproject),
    )


CACHE_DIR_ENV = "OPENAPI_SDK_CACHE_DIR"


def add_cache_arguments(command: argparse.ArgumentParser) -> None:
    """``--cache-dir`` and ``--no-cache``, the same for every command that reads specs."""
    command.add_argument(
        "--cache-dir",
        metavar="DIR",
        help=f"the cache folder (default: ${CACHE_DIR_ENV}, else [tool.generator] cache-dir, "
        "else .generator-cache beside the pyproject)",
    )
    command.add_argument("--no-cache", action="store_true", help="do not read or write the cache")


def _cache_path(flag: str | None, table: dict[str, Any], resolve: Callable[[str], Path]) -> Path | None:
    if flag:
        return Path(flag).resolve()
    from_env = os.environ.get(CACHE_DIR_ENV)
    if from_env:
        return Path(from_env).resolve()
    configured = table.get("cache-dir", ".generator-cache")
    return resolve(str(configured)) if configured else None


_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def _header_name(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _HEADER_NAME.match(value):
        raise SpecError.at(f"idempotency-header {value!r} is not a valid HTTP header name")
    return value


def _oauth_client_auth(value: Any, pyproject: Path | None) -> str:
    methods = ("client_secret_basic", "client_secret_post")
    if value is None or value in methods:
        return str(value or methods[0])
    raise SpecError.at(
        f"[tool.generator] oauth-client-auth {value!r} is not {' or '.join(methods)}",
        SpecLocation(str(pyproject), "/tool/generator/oauth-client-auth"),
        line=_line_of(pyproject, "oauth-client-auth", table="[tool.generator]"),
    )


def _percentage(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise SpecError.at(f"{key} {value!r} is not a percentage (a number from 0 to 100)")
    return float(value)


def _sdk_version(value: Any, pyproject: Path | None) -> str | None:
    """``version``: the SDK's package version, which pip needs to be PEP 440 (kept as written)."""
    if value is None or value == "":
        return None
    from .versions import is_valid  # packaging takes ~20 ms to import: only when a version is set

    if not isinstance(value, str) or not is_valid(value):
        raise SpecError.at(
            f'[tool.generator] version {value!r} is not a PEP 440 version (such as "1.2.0" or '
            '"2023.8.16"); pip could not install the SDK',
            SpecLocation(str(pyproject), "/tool/generator/version"),
            line=_line_of(pyproject, "version", table="[tool.generator]"),
        )
    return value


def _webhooks_table(value: Any, pyproject: Path | None) -> dict[str, Any] | None:
    """``[tool.generator.webhooks]`` checked key by key; a mistake names the key and its line."""
    if value is None:
        return None
    try:
        return check_table(value)
    except SchemeError as exc:
        pointer = "/tool/generator/webhooks" + (f"/{escape_token(exc.key)}" if exc.key else "")
        line = _line_of(pyproject, exc.key, table="[tool.generator.webhooks]") if exc.key else None
        raise SpecError.at(
            f"[tool.generator.webhooks] {exc}", SpecLocation(str(pyproject), pointer), line=line
        ) from None


def _pagination_settings(value: Any) -> dict[str, Any]:
    """``[tool.generator.pagination]``: ``infer = false``, and ``[...pagination.operations]``."""
    if not isinstance(value, dict) or set(value) - {"infer", "operations"}:
        raise SpecError.at("[tool.generator.pagination] takes 'infer' (true/false) and an 'operations' table")
    operations = value.get("operations", {})
    if not isinstance(operations, dict) or not all(isinstance(v, bool | dict) for v in operations.values()):
        raise SpecError.at(
            "[tool.generator.pagination.operations] maps an operationId to true, false or a table"
        )
    return {"infer_pagination": bool(value.get("infer", True)), "pagination": operations}


def _directions_settings(value: Any, pyproject: Path | None) -> dict[str, Any]:
    """``[tool.generator.directions]``: ``split = false``, ``send-read-only = ["Schema.property"]``."""

    def wrong(message: str, key: str | None = None) -> SpecError:
        pointer = "/tool/generator/directions" + (f"/{key}" if key else "")
        line = _line_of(pyproject, key, table="[tool.generator.directions]") if key else None
        return SpecError.at(message, SpecLocation(str(pyproject), pointer) if pyproject else None, line=line)

    usage = (
        "[tool.generator.directions] takes 'split' (true/false) and 'send-read-only' (a list of "
        '"Schema.property" or "Schema" names of readOnly properties that requests still send)'
    )
    if not isinstance(value, dict) or set(value) - {"split", "send-read-only"}:
        raise wrong(usage)
    split = value.get("split", True)
    if not isinstance(split, bool):
        raise wrong(f"split {split!r} is not true or false; {usage}", "split")
    listed = value.get("send-read-only", [])
    if not isinstance(listed, list):
        raise wrong(f"send-read-only {listed!r} is not a list; {usage}", "send-read-only")
    for entry in listed:
        if not isinstance(entry, str) or not entry.strip(". ") or entry != entry.strip():
            raise wrong(f"send-read-only: {entry!r} is not a name; {usage}", "send-read-only")
    return {"split_directions": split, "send_read_only": tuple(listed)}


def parse_output_paths(value: Any, key: str) -> tuple[str, ...]:
    """``keep`` or ``hand-written``: paths relative to the output folder (a folder ends with ``/``)."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise SpecError.at(f"{key} must be a list of paths relative to the output folder")
    paths = []
    for item in value:
        path = PurePosixPath(item)
        if path.is_absolute() or ".." in path.parts or "\\" in item:
            raise SpecError.at(f"{key}: {item!r} must be a path inside the output folder, written with /")
        paths.append(path.as_posix() + ("/" if item.endswith("/") else ""))
    return tuple(paths)


def template_dir() -> Path:
    """``templates/`` of the source tree, or the copy packaged inside ``generator`` when installed."""
    packaged = Path(__file__).parent / "_templates"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "templates"


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _line_of(
    pyproject: Path | None, key: str, *, table: str = "[tool.generator.names.operations]"
) -> int | None:
    """The line of ``key`` in ``table`` of ``pyproject`` (1-based), if it can be found."""
    if pyproject is None or not pyproject.is_file():
        return None
    inside = False
    for number, line in enumerate(pyproject.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.replace(" ", "") == table
        elif inside and re.match(rf"[\"']?{re.escape(key)}[\"']?\s*=", stripped):
            return number
    return None
