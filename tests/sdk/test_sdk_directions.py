"""readOnly and writeOnly against a local server, sync and async (tests/fixtures/directions).

A request never sends a read-only property (its class has none) and sends the write-only
ones; an answer's class has the read-only properties and tolerates a write-only one that comes
back anyway, strict validation included. ``send-read-only`` makes a read-only id sendable, and
``split = false`` keeps one class per schema.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import importlib
import inspect
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from support.feature_sdks import assert_mypy_strict, feature_sdk, output_folder
from support.http_server import ScriptedHTTPServer, ScriptedResponse
from support.mypy import run_mypy
from support.paths import FIXTURES
from support.tools import require

SPEC: dict[str, Any] = yaml.safe_load((FIXTURES / "directions" / "openapi.yaml").read_text(encoding="utf-8"))
CREATED = "2024-05-01T12:00:00Z"
STORED = {
    "id": "p-1",
    "name": "Rex",
    "secret": "leaked",
    "owner": {"id": 7, "name": "Ann"},
    "tags": [{"label": "good"}],
    "created_at": CREATED,
}
SAME_CLIENT = {"client_class": "DirectionsClient"}
MODES = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return feature_sdk(tmp_path_factory, SPEC, "directions_sdk")


@pytest.fixture(scope="module")
def sent_ids_sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return feature_sdk(
        tmp_path_factory, SPEC, "directions_sent_sdk", send_read_only=("Owner.id",), **SAME_CLIENT
    )


@pytest.fixture(scope="module")
def one_class_sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return feature_sdk(tmp_path_factory, SPEC, "directions_one_sdk", split_directions=False, **SAME_CLIENT)


def _run(sdk: Any, url: str, is_async: bool, call: Any, **options: Any) -> Any:
    """``call(client)`` on a sync or an async client (awaited)."""
    if not is_async:
        with sdk.DirectionsClient(base_url=url, max_retries=0, **options) as client:
            return call(client)

    async def main() -> Any:
        async with sdk.AsyncDirectionsClient(base_url=url, max_retries=0, **options) as client:
            return await call(client)

    return asyncio.run(main())


def _attributes(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)} - {"additional_properties"}


@MODES
@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_a_request_sends_no_read_only_property_and_the_answer_has_them(
    sdk: Any, scripted_server: ScriptedHTTPServer, is_async: bool, strict: bool
) -> None:
    models = importlib.import_module("directions_sdk.models")
    scripted_server.enqueue(ScriptedResponse.of_json(STORED, 201))
    pet = _run(
        sdk,
        scripted_server.url,
        is_async,
        lambda c: c.pets.create(
            name="Rex",
            secret="s3cret",
            owner=models.OwnerRequest(name="Ann"),
            tags=[models.Tag(label="good")],
        ),
        strict_response_validation=strict,
    )
    assert scripted_server.requests[0].json == {
        "name": "Rex",
        "secret": "s3cret",
        "owner": {"name": "Ann"},
        "tags": [{"label": "good"}],
    }
    assert type(pet) is models.Pet
    assert (pet.id, pet.created_at, pet.owner.id) == (
        "p-1",
        datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC),
        7,
    )
    # The write-only secret came back anyway: kept as an unknown property, never an error.
    assert not hasattr(pet, "secret")
    assert pet.additional_properties == {"secret": "leaked"}
    assert pet.to_dict() == STORED


@MODES
def test_a_nested_request_form_sends_no_read_only_property(
    sdk: Any, scripted_server: ScriptedHTTPServer, is_async: bool
) -> None:
    models = importlib.import_module("directions_sdk.models")
    scripted_server.enqueue(ScriptedResponse.of_json(STORED))
    given = models.PetRequest(name="Rex", secret="s", owner=models.OwnerRequest(name="Ann"))
    pet = _run(sdk, scripted_server.url, is_async, lambda c: c.pets.replace("p-1", pet=given, reason="moved"))
    assert scripted_server.requests[0].json == {
        "pet": {"name": "Rex", "secret": "s", "owner": {"name": "Ann"}},
        "reason": "moved",
    }
    assert type(pet) is models.Pet and type(pet.owner) is models.Owner


def test_each_direction_s_class_holds_its_properties(sdk: Any) -> None:
    models = importlib.import_module("directions_sdk.models")
    assert _attributes(models.Pet) == {"id", "name", "owner", "tags", "created_at"}
    assert _attributes(models.PetRequest) == {"name", "secret", "owner", "tags"}
    assert _attributes(models.Owner) == {"id", "name"}
    assert _attributes(models.OwnerRequest) == {"name"}
    assert _attributes(models.NewNote) == {"text", "stamp"}
    assert not hasattr(models, "NewNoteRequest")
    create = inspect.signature(type(sdk.DirectionsClient(base_url="http://127.0.0.1:9").pets).create)
    assert {"name", "secret", "owner", "tags"} <= set(create.parameters)
    assert not {"id", "created_at"} & set(create.parameters)
    # Required per direction: an answer's read-only id is a constructor requirement, a
    # request's write-only secret too; neither is in the other direction's class.
    assert inspect.signature(models.Pet).parameters["id"].default is inspect.Parameter.empty
    assert inspect.signature(models.PetRequest).parameters["secret"].default is inspect.Parameter.empty


@MODES
def test_a_write_only_property_in_an_answer_passes_strict_validation(
    sdk: Any, scripted_server: ScriptedHTTPServer, is_async: bool
) -> None:
    """``Strict`` takes only integers as unknown properties: its write-only token is no unknown one."""
    scripted_server.enqueue(
        ScriptedResponse.of_json({"count": 1, "token": "t-1", "extra": 2}),
        ScriptedResponse.of_json({"count": 1, "other": "not an integer"}),
    )
    counters = _run(
        sdk, scripted_server.url, is_async, lambda c: c.counters.retrieve(), strict_response_validation=True
    )
    assert counters.count == 1
    assert counters.additional_properties == {"token": "t-1", "extra": 2}
    with pytest.raises(sdk.APIResponseValidationError, match="other"):
        _run(
            sdk,
            scripted_server.url,
            is_async,
            lambda c: c.counters.retrieve(),
            strict_response_validation=True,
        )


@MODES
def test_send_read_only_sends_the_named_read_only_property(
    sent_ids_sdk: Any, scripted_server: ScriptedHTTPServer, is_async: bool
) -> None:
    models = importlib.import_module("directions_sent_sdk.models")
    assert not hasattr(models, "OwnerRequest")
    scripted_server.enqueue(
        ScriptedResponse.of_json({"id": 7, "name": "Ann"}), ScriptedResponse.of_json(STORED)
    )

    async def both_async(client: Any) -> tuple[Any, Any]:
        return await client.owners.replace(7, id=7, name="Ann"), await client.pets.create(
            name="Rex", secret="s", owner=models.Owner(id=7, name="Ann")
        )

    def calls(client: Any) -> Any:
        if is_async:
            return both_async(client)
        return client.owners.replace(7, id=7, name="Ann"), client.pets.create(
            name="Rex", secret="s", owner=models.Owner(id=7, name="Ann")
        )

    owner, pet = _run(sent_ids_sdk, scripted_server.url, is_async, calls)
    first, second = scripted_server.requests
    assert first.json == {"id": 7, "name": "Ann"}
    assert second.json == {"name": "Rex", "secret": "s", "owner": {"id": 7, "name": "Ann"}}
    assert (owner.id, pet.owner.id) == (7, 7)
    # Pet's own read-only id is still left out of requests.
    assert "id" not in _attributes(models.PetRequest)


@MODES
def test_split_false_keeps_one_class_per_schema(
    one_class_sdk: Any, scripted_server: ScriptedHTTPServer, is_async: bool
) -> None:
    models = importlib.import_module("directions_one_sdk.models")
    assert not hasattr(models, "PetRequest")
    assert _attributes(models.Pet) == {"id", "name", "secret", "owner", "tags", "created_at"}
    scripted_server.enqueue(ScriptedResponse.of_json(STORED, 201))
    pet = _run(
        one_class_sdk,
        scripted_server.url,
        is_async,
        lambda c: c.pets.create(name="Rex", secret="s", owner=models.Owner(name="Ann")),
    )
    assert scripted_server.requests[0].json == {"name": "Rex", "secret": "s", "owner": {"name": "Ann"}}
    assert (pet.id, pet.secret) == ("p-1", "leaked")


_USER_CODE = """
from directions_sdk import DirectionsClient
from directions_sdk.models import OwnerRequest, Pet

client = DirectionsClient(base_url="http://127.0.0.1:9")
pet: Pet = client.pets.create(name="Rex", secret="s", owner=OwnerRequest(name="Ann"))
identifier: str = pet.id
"""


def test_the_directions_type_check(sdk: Any, mypy_cache: Path) -> None:
    """mypy --strict and ruff pass the SDK (a request's form without properties included), mypy a
    script that uses it; mypy rejects a read-only argument and a write-only attribute of an answer."""
    models = importlib.import_module("directions_sdk.models")
    assert _attributes(models.Stamp) == set()
    assert models.Stamp().to_dict() == {}
    require("ruff")
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
        cwd=output_folder(sdk),
        capture_output=True,
        text=True,
        check=False,
    )
    assert ruff.returncode == 0, ruff.stdout
    assert_mypy_strict(sdk, mypy_cache)
    folder = output_folder(sdk)
    (folder / "uses_directions.py").write_text(_USER_CODE, encoding="utf-8")
    passed = run_mypy("--strict", "uses_directions.py", cwd=folder, cache=mypy_cache)
    assert passed.returncode == 0, passed.stdout
    wrong = _USER_CODE.replace('OwnerRequest(name="Ann")', 'OwnerRequest(id=7, name="Ann")') + "pet.secret\n"
    # A file of its own, so mypy's cache (which knows a file by size and mtime) cannot replay.
    (folder / "uses_directions_wrongly.py").write_text(wrong, encoding="utf-8")
    failed = run_mypy("--strict", "uses_directions_wrongly.py", cwd=folder, cache=mypy_cache)
    assert failed.returncode == 1
    assert 'Unexpected keyword argument "id" for "OwnerRequest"' in failed.stdout
    assert '"Pet" has no attribute "secret"' in failed.stdout
