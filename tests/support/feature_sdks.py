"""The SDKs of the feature tests (``tests/sdk/test_sdk_*``): spec builders, and each inline spec
generated and imported once per session, with the run's shared caches.

The xdist workers share the generator's content-addressed cache (and, through the
``mypy_cache`` fixture, one mypy cache), both safe for concurrent use, so a spec's second
generation and every mypy run after the first are cheap. ``BODIES_SPEC`` is here because the
layout test formats its SDK too.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.emit.writer import write
from generator.pipeline import generate_files

from support.mypy import run_mypy
from support.shared_temp import shared_folder
from support.specs import settings_for, write_spec


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def json_response(schema: dict[str, Any], description: str = "ok") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


NO_CONTENT: dict[str, Any] = {"204": {"description": "done"}}


def output_folder(sdk: Any) -> Path:
    """The folder that holds the generated package (what goes on ``sys.path``)."""
    return Path(sdk.__file__).resolve().parent.parent


def feature_sdk(
    tmp_path_factory: pytest.TempPathFactory, spec: dict[str, Any], package: str, **settings: Any
) -> Any:
    """Generate and import ``package``, like ``support.specs.import_sdk`` (``settings``: fields of
    :class:`~generator.config.Settings` to set).

    The generator's content-addressed cache (whole runs) is shared by the workers,
    so the second worker to generate a spec does not build it all over again.
    """
    folder = tmp_path_factory.mktemp(package)
    settings = settings_for(
        write_spec(folder, spec),
        output=folder / "out",
        package=package,
        cache_dir=shared_folder(tmp_path_factory, "generator-cache"),
        **settings,
    )
    write(settings.output, generate_files(settings).files)
    sys.path.insert(0, str(settings.output))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(settings.output))


def assert_mypy_strict(sdk: Any, mypy_cache: Path) -> None:
    """``mypy --strict`` passes on the generated package (with the run's shared cache)."""
    result = run_mypy("--strict", sdk.__name__, cwd=output_folder(sdk), cache=mypy_cache, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def public_methods(cls: type) -> set[str]:
    """The operations of a resource class (not its ``with_raw_response``-style views)."""
    views = {"with_raw_response", "with_streaming_response"}
    return {name for name in vars(cls) if not name.startswith("_") and name not in views}


BODIES_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Bodies API", "version": "1.0.0"},
    "servers": [{"url": "https://bodies.example.invalid"}],
    "paths": {
        "/forms": {
            "post": {
                "operationId": "SubmitForm",
                "tags": ["forms"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "count": {"type": "integer"},
                                    "active": {"type": "boolean"},
                                    "tags": {"type": "array", "items": {"type": "string"}},
                                    "ids": {"type": "array", "items": {"type": "integer"}},
                                    "meta": {
                                        "type": "object",
                                        "properties": {
                                            "a": {"type": "integer"},
                                            "b": {
                                                "type": "object",
                                                "properties": {"c": {"type": "integer"}},
                                            },
                                        },
                                    },
                                },
                            },
                            "encoding": {
                                "meta": {"style": "deepObject", "explode": True},
                                "ids": {"style": "form", "explode": False},
                            },
                        }
                    },
                },
                "responses": NO_CONTENT,
            }
        },
        "/uploads": {
            "post": {
                "operationId": "CreateUpload",
                "tags": ["uploads"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["file"],
                                "properties": {
                                    "file": {"type": "string", "format": "binary"},
                                    "title": {"type": "string"},
                                    "size": {"type": "integer"},
                                    "attachments": {
                                        "type": "array",
                                        "items": {"type": "string", "format": "binary"},
                                    },
                                    "meta": {"type": "object", "properties": {"k": {"type": "string"}}},
                                },
                            }
                        }
                    },
                },
                "responses": NO_CONTENT,
            }
        },
        "/blobs": {
            "put": {
                "operationId": "PutBlob",
                "tags": ["blobs"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                    },
                },
                "responses": NO_CONTENT,
            }
        },
        "/notes": {
            "post": {
                "operationId": "CreateNote",
                "tags": ["notes"],
                "requestBody": {"required": True, "content": {"text/plain": {"schema": {"type": "string"}}}},
                "responses": NO_CONTENT,
            }
        },
        "/pets/batch": {
            "post": {
                "operationId": "CreatePets",
                "tags": ["pets"],
                "requestBody": json_body({"type": "array", "items": ref("Pet")}),
                "responses": NO_CONTENT,
            }
        },
        "/pets/either": {
            "post": {
                "operationId": "AddPet",
                "tags": ["pets"],
                "requestBody": json_body({"oneOf": [ref("Pet"), ref("Toy")]}),
                "responses": NO_CONTENT,
            }
        },
    },
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
            },
            "Toy": {"type": "object", "required": ["sku"], "properties": {"sku": {"type": "string"}}},
        }
    },
}
