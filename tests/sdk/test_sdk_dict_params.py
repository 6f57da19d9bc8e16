"""Request objects as typed dicts (``MemberParam``): what the generator writes for them, and what a
method sends for a dict, a model or a mix, nested, against a local server (sync and async).

Typed dict keys are the JSON property names (``userId``, ``postal-code``), so a dict is sent as it
is, with its values (models, enums, datetimes, UUIDs, tuples) converted.
"""

from __future__ import annotations

import asyncio
import datetime
import importlib
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from support.feature_sdks import (
    NO_CONTENT,
    assert_mypy_strict,
    feature_sdk,
    json_body,
    json_response,
    output_folder,
    ref,
)
from support.http_server import ScriptedHTTPServer, ScriptedResponse
from support.mypy import run_mypy

USER_ID = uuid.UUID("0f8b6c2e-6d0a-4c9b-8f5e-2a1b3c4d5e6f")
JOINED = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Teams API", "version": "1.0.0"},
    "servers": [{"url": "https://teams.example.invalid"}],
    "paths": {
        "/teams": {
            "post": {
                "operationId": "CreateTeam",
                "tags": ["teams"],
                "requestBody": json_body(ref("Team")),
                "responses": {"200": json_response(ref("Team"))},
            }
        },
        "/teams/members": {
            "put": {
                "operationId": "ReplaceMembers",
                "tags": ["teams"],
                "requestBody": json_body({"type": "array", "items": ref("Member")}),
                "responses": NO_CONTENT,
            }
        },
    },
    "components": {
        "schemas": {
            "Address": {
                "type": "object",
                "required": ["city"],
                "properties": {
                    "city": {"type": "string"},
                    "postal-code": {"type": "string"},
                    "class": {"type": "string"},
                },
            },
            "Member": {
                "type": "object",
                "required": ["userId"],
                "properties": {
                    "userId": {"type": "string", "format": "uuid"},
                    "joinedAt": {"type": "string", "format": "date-time"},
                    "role": {"type": "string", "enum": ["admin", "guest"]},
                    "weight": {"type": "number", "enum": [0.5, 1.5]},
                    "address": ref("Address"),
                },
            },
            "Labels": {"type": "object", "additionalProperties": {"type": "string"}},
            "Team": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "id": {"type": "integer", "readOnly": True},
                    "name": {"type": "string"},
                    "lead": ref("Member"),
                    "members": {"type": "array", "items": ref("Member")},
                    "labels": ref("Labels"),
                    "founded": {"type": "string", "format": "date"},
                },
            },
        }
    },
}


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return feature_sdk(tmp_path_factory, SPEC, "dict_params_sdk")


def _models(sdk: Any) -> Any:
    return importlib.import_module(f"{sdk.__name__}.models")


def _source(sdk: Any, module: str) -> str:
    return (output_folder(sdk) / "dict_params_sdk" / "models" / f"{module}.py").read_text(encoding="utf-8")


def test_each_request_object_has_a_typed_dict_keyed_by_json_names(sdk: Any) -> None:
    member = _source(sdk, "member")
    assert "class MemberParam(TypedDict, total=False):" in member
    assert "    userId: Required[uuid.UUID | str]\n" in member  # required; the value or its text
    assert "    joinedAt: datetime.datetime | str\n" in member
    assert "    address: AddressParam\n" in member  # inside a typed dict, typed dicts only
    # A key that is no identifier or a keyword: the functional syntax, keys as strings.
    address = _source(sdk, "address")
    assert 'AddressParam = TypedDict(\n    "AddressParam",\n' in address
    assert '"postal-code": "str"' in address and '"class": "str"' in address
    assert '"city": "Required[str]"' in address
    # The flattened body is keyword arguments, not a dict: no typed dict of its own.
    assert "TeamParam" not in _source(sdk, "team")
    resource = (output_folder(sdk) / "dict_params_sdk" / "resources" / "teams.py").read_text(encoding="utf-8")
    assert "lead: MemberParam | Member | None = None," in resource
    assert "labels: dict[str, str] | None = None," in resource  # free-form: a dict already
    assert "members: Sequence[MemberParam | Member] | None = None," in resource
    assert "body: Sequence[MemberParam | Member]," in resource
    page = (output_folder(sdk) / "docs" / "models" / "Member.md").read_text(encoding="utf-8")
    assert "`from dict_params_sdk.models import MemberParam`" in page


def test_the_sdk_and_a_script_with_typed_dicts_pass_mypy_strict(
    sdk: Any, mypy_cache: Path, tmp_path: Path
) -> None:
    assert_mypy_strict(sdk, mypy_cache)
    script = tmp_path / "script.py"
    script.write_text(
        "import uuid\n"
        "from dict_params_sdk import DictParamsClient\n"
        "from dict_params_sdk.models import AddressParam, Member\n"
        'address: AddressParam = {"city": "Paris", "postal-code": "75001"}\n'
        'wrong: AddressParam = {"city": "Paris", "postal_code": "75001"}\n'
        'with DictParamsClient(base_url="http://127.0.0.1:9") as client:\n'
        '    client.teams.create(name="core", lead={"userId": uuid.uuid4(), "address": address},\n'
        '        members=[Member(user_id=uuid.uuid4())], labels={"tier": "gold"})\n'
        '    client.teams.create(name="core", lead={"userId": 3})\n',
        encoding="utf-8",
    )
    result = run_mypy(
        "--strict", script.name, cwd=tmp_path, cache=mypy_cache, env={"MYPYPATH": str(output_folder(sdk))}
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 2, result.stdout
    assert 'script.py:5: error: Extra key "postal_code" for TypedDict "AddressParam"' in errors[0]
    assert errors[1].startswith("script.py:9: error:") and '"lead"' in errors[1]


def _team_call(sdk: Any) -> dict[str, Any]:
    """The arguments of ``teams.create``: typed dicts, models and a tuple, nested, with values."""
    models = _models(sdk)
    return {
        "name": "core",
        "lead": {
            "userId": USER_ID,
            "joinedAt": JOINED,
            "role": models.MemberRole.ADMIN,
            "weight": models.MemberWeight(1.5),
            "address": {"city": "Paris", "postal-code": "75001", "class": "A"},
        },
        "members": (
            {"userId": str(USER_ID), "joinedAt": "2026-03-04T05:06:07Z"},
            models.Member(user_id=USER_ID, address=models.Address(city="Lyon")),
        ),
        "labels": {"tier": "gold"},
        "founded": datetime.date(2020, 1, 31),
    }


SENT = {
    "name": "core",
    "lead": {
        "userId": str(USER_ID),
        "joinedAt": "2026-03-04T05:06:07Z",
        "role": "admin",
        "weight": 1.5,
        "address": {"city": "Paris", "postal-code": "75001", "class": "A"},
    },
    "members": [
        {"userId": str(USER_ID), "joinedAt": "2026-03-04T05:06:07Z"},
        {"userId": str(USER_ID), "address": {"city": "Lyon"}},
    ],
    "labels": {"tier": "gold"},
    "founded": "2020-01-31",
}


def test_a_dict_param_is_sent_as_json_with_its_values_converted(
    sdk: Any, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.reply_json({"id": 7, "name": "core", "lead": SENT["lead"]})
    with sdk.DictParamsClient(base_url=scripted_server.url, max_retries=0) as client:
        team = client.teams.create(**_team_call(sdk))
    assert json.loads(scripted_server.requests[0].body) == SENT
    # Out again: the answer's values are read into their classes.
    assert team.id == 7 and team.lead.user_id == USER_ID and team.lead.joined_at == JOINED
    assert team.lead.address.postal_code == "75001"


def test_async_a_whole_body_of_dicts_and_models(sdk: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.empty(204))

    async def main() -> None:
        async with sdk.AsyncDictParamsClient(base_url=scripted_server.url, max_retries=0) as client:
            members = ({"userId": USER_ID, "role": "guest"}, _models(sdk).Member(user_id=USER_ID))
            await client.teams.replace_members(body=members)

    asyncio.run(main())
    assert json.loads(scripted_server.requests[0].body) == [
        {"userId": str(USER_ID), "role": "guest"},
        {"userId": str(USER_ID)},
    ]


def test_enums_print_and_format_as_their_value(sdk: Any) -> None:
    role, weight = _models(sdk).MemberRole.ADMIN, _models(sdk).MemberWeight(1.5)
    assert (str(role), f"{role}", f"{role:>7}") == ("admin", "admin", "  admin")
    # A number enum (no ``enum`` base of its own): the runtime's ``ValueEnum`` prints the value too.
    assert (str(weight), f"{weight}", f"{weight:.2f}") == ("1.5", "1.5", "1.50")
    model = _models(sdk).Member(user_id=USER_ID, role=role, weight=weight)
    assert json.dumps(model.to_dict()) == f'{{"userId": "{USER_ID}", "role": "admin", "weight": 1.5}}'
