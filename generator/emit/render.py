"""Rendering the intermediate model into files with the Jinja templates in ``templates/``.

Returns a mapping of relative path → text; nothing here touches the output folder.

Compiling the templates costs more than rendering a small API, so it is done once:
one :class:`jinja2.Environment` per process (:func:`environment` is cached), each
template looked up once per run, and the compiled templates kept on disk between runs
like ``.pyc`` files (Jinja's bytecode cache, keyed by the template's path and source).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from ..config import Settings, template_dir
from ..model.ir import Api
from ..runtime import _defaults as runtime_defaults
from ..runtime import exported_classes, runtime_files
from . import docs, sdk_tests
from .brackets import Group, Hint, annotated, def_line, hint_line, import_from, lay_out
from .bundle import bundle
from .client_views import client_view
from .common import import_order, natural_key
from .error_views import errors_view
from .model_views import model_views
from .operation_views import resource_views
from .params import param_types
from .spelling import annotation, python_literal
from .text import escape_docstring
from .webhook_views import webhook_view

if TYPE_CHECKING:
    from ..spec.refs import Workspace


def _toml(value: Any) -> str:
    # A TOML basic string has the same escapes as JSON for everything we emit.
    return json.dumps(str(value), ensure_ascii=False)


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's per-user bytecode cache in the temporary folder; a cache it cannot use costs only time."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


@functools.cache
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    try:
        return _BytecodeCache()
    except (OSError, RuntimeError):  # no usable temporary folder
        return None


@functools.cache
def environment(folder: Path | None = None) -> jinja2.Environment:
    """The Jinja environment of the templates in ``folder`` (one per process and folder)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder or template_dir())),
        bytecode_cache=_bytecode_cache(),
        auto_reload=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - the output is Python and Markdown, escaped by filters
    )
    env.filters["pyrepr"] = python_literal
    env.filters["by_name"] = lambda name: f"{python_literal(name)}: {name}"  # a dict entry: "x": x
    env.filters["toml"] = _toml
    env.filters["pystr_text"] = lambda text: escape_docstring(" ".join(str(text).split()))
    env.filters["annotation"] = annotation
    env.filters["number"] = lambda value: f"{value:g}"  # 60.0 -> 60, 0.5 -> 0.5
    env.filters["and_async"] = _and_async
    env.globals["import_from"] = import_from
    env.globals["lay_out"] = lay_out
    env.globals["annotated"] = annotated
    env.globals["hint_line"] = hint_line
    env.globals["def_line"] = def_line
    env.globals["hint_of"] = lambda members: Hint(tuple(members))
    env.globals["group"] = lambda opening, items, closing: Group(opening, tuple(items), closing)
    env.filters["by_module"] = lambda items: sorted(items, key=lambda item: natural_key(item.module))
    return env


def render(api: Api, settings: Settings, spec: Workspace | None = None) -> dict[str, str]:
    """Every generated file, before formatting (the runtime's copies are :func:`runtime_copies`).

    With ``spec`` (the loaded spec), the SDK's tests are written too, with a copy of the spec
    for their mock server: one document, whatever files the spec is split into.
    """
    env = environment()
    package_dir = settings.package.replace(".", "/")
    files: dict[str, str] = {}
    error_view = errors_view(api)
    client = client_view(api, settings)
    webhooks = webhook_view(api, settings)
    common = {
        "api": api,
        "settings": settings,
        "error_view": error_view,
        "client_view": client,
        "defaults": runtime_defaults,
        "runtime_errors": exported_classes("_exceptions.py"),
        "webhook_view": webhooks,
    }

    templates: dict[str, jinja2.Template] = {}

    def emit(path: str, template: str, **context: Any) -> None:
        if template not in templates:
            templates[template] = env.get_template(template)
        files[path] = templates[template].render(**common, **context)

    for name in ("__init__.py", "_client.py", "_constants.py", "_version.py", "errors.py", "py.typed"):
        emit(f"{package_dir}/{name}", f"sdk/package/{name}.j2")
    if webhooks is not None:
        emit(f"{package_dir}/webhooks.py", "sdk/package/webhooks.py.j2")
    emit(f"{package_dir}/resources/__init__.py", "sdk/package/resources/__init__.py.j2")
    for resource in resource_views(api, settings):
        emit(
            f"{package_dir}/resources/{resource.module}.py",
            "sdk/package/resources/resource.py.j2",
            view=resource,
        )
    params = param_types(api)
    exports = sorted(
        [(m.name, m.module) for m in api.models]
        + [(params.of(m.name), m.module) for m in api.models if m.name in params.names]
        + [(e.name, e.module) for e in api.enums],
        key=lambda export: natural_key(export[1]),
    )
    emit(f"{package_dir}/models/__init__.py", "sdk/package/models/__init__.py.j2", exports=exports)
    for module in model_views(api, settings):
        emit(f"{package_dir}/models/{module.module}.py", "sdk/package/models/module.py.j2", view=module)
    emit("pyproject.toml", "sdk/pyproject.toml.j2")
    if spec is not None:
        tests = sdk_tests.tests_view(api, settings)
        files[f"tests/{sdk_tests.SPEC_FILE}"] = sdk_tests.spec_copy(bundle(spec))
        emit("tests/conftest.py", "sdk/tests/conftest.py.j2", view=tests, spec_file=sdk_tests.SPEC_FILE)
        emit("tests/_support.py", "sdk/tests/_support.py.j2", view=tests)
        for test_module in tests.modules:
            emit(f"tests/{test_module.module}.py", "sdk/tests/test_resource.py.j2", module=test_module)
    files.update(docs.render_docs(api, settings, env, common))
    return files


WEBHOOKS_RUNTIME = "_webhooks.py"
"""Copied only into an SDK whose client has ``webhooks``."""


def runtime_copies(package: str, *, webhooks: bool = True) -> dict[str, str]:
    """The fixed modules (``generator/runtime/``) of the SDK ``package``, copied as they are:
    already laid out. Without ``webhooks``, the webhook verifier is left out."""
    package_dir = package.replace(".", "/")
    return {
        f"{package_dir}/{name}": text
        for name, text in runtime_files()
        if webhooks or name != WEBHOOKS_RUNTIME
    }


def _and_async(name: str) -> list[str]:
    """``[Rooms, AsyncRooms]``: a class and its async twin, in isort's order (to import both)."""
    return import_order((name, f"Async{name}"))
