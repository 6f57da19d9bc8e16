"""Rendering the intermediate model into files with the Jinja templates in ``templates/``.

Returns a mapping of relative path → text; nothing here touches the output folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2

from ..config import Settings, template_dir
from ..model.ir import Api
from ..model.pytypes import annotation, python_literal
from ..model.text import escape_docstring
from . import docs, sdk_tests
from .client_views import client_view
from .error_views import errors_view
from .model_views import model_views
from .operation_views import resource_views


def _toml(value: Any) -> str:
    # A TOML basic string has the same escapes as JSON for everything we emit.
    return json.dumps(str(value), ensure_ascii=False)


def environment(folder: Path | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder or template_dir())),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - the output is Python and Markdown, escaped by filters
    )
    env.filters["pyrepr"] = python_literal
    env.filters["toml"] = _toml
    env.filters["pystr_text"] = lambda text: escape_docstring(" ".join(str(text).split()))
    env.filters["annotation"] = annotation
    return env


def render(api: Api, settings: Settings, spec_document: Any = None) -> dict[str, str]:
    """Every generated file, before formatting.

    With ``spec_document`` (the loaded spec), the SDK's tests are written too, with a copy of
    the spec for their mock server.
    """
    env = environment()
    package_dir = settings.package.replace(".", "/")
    files: dict[str, str] = {}
    error_view = errors_view(api)
    client = client_view(api, settings)
    common = {"api": api, "settings": settings, "error_view": error_view, "client_view": client}

    def emit(path: str, template: str, **context: Any) -> None:
        files[path] = env.get_template(template).render(**common, **context)

    for name in (
        "__init__.py",
        "_client.py",
        "_base_client.py",
        "_models.py",
        "_version.py",
        "errors.py",
        "py.typed",
    ):
        emit(f"{package_dir}/{name}", f"sdk/package/{name}.j2")
    emit(f"{package_dir}/resources/__init__.py", "sdk/package/resources/__init__.py.j2")
    for resource in resource_views(api, settings):
        emit(
            f"{package_dir}/resources/{resource.module}.py",
            "sdk/package/resources/resource.py.j2",
            view=resource,
        )
    exports = sorted([(m.name, m.module) for m in api.models] + [(e.name, e.module) for e in api.enums])
    emit(f"{package_dir}/models/__init__.py", "sdk/package/models/__init__.py.j2", exports=exports)
    for module in model_views(api, settings):
        emit(f"{package_dir}/models/{module.module}.py", "sdk/package/models/module.py.j2", view=module)
    emit("pyproject.toml", "sdk/pyproject.toml.j2")
    if spec_document is not None:
        tests = sdk_tests.tests_view(api, settings)
        files[f"tests/{sdk_tests.SPEC_FILE}"] = sdk_tests.spec_copy(spec_document)
        emit("tests/conftest.py", "sdk/tests/conftest.py.j2", view=tests, spec_file=sdk_tests.SPEC_FILE)
        emit("tests/_support.py", "sdk/tests/_support.py.j2", view=tests)
        for test_module in tests.modules:
            emit(f"tests/{test_module.module}.py", "sdk/tests/test_resource.py.j2", module=test_module)
    files.update(docs.render_docs(api, settings, env, common))
    return files
