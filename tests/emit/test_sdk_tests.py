"""The tests every generated SDK ships (``tests/`` of its output), and the values they call with.

The committed Daily SDK's own tests (``generated/tests``) run here against Prism, as a user of
the SDK runs them, whatever the spec holds; how they are laid out is checked on the fixture
SDK (``tests/fixtures/daily``), which upstream never changes. A small
inline spec with path, query and header parameters, formats, bounds, patterns, enums and a
sub-resource shows the same for what the Daily spec does not use.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.emit.brackets import flat
from generator.emit.sdk_tests import spec_copy
from generator.emit.values import UnbuildableError, Values, fits_bounds, pattern_value
from generator.emit.writer import write
from generator.model.ir import Api, ListType, ScalarType
from generator.pipeline import generate_files

from support.daily_fixture import daily_sdk
from support.mypy import run_mypy
from support.paths import GENERATED
from support.sdk_test_run import RUN_TIMEOUT, outcome_counts, run_sdk_tests, written_tests
from support.specs import settings_for, write_spec


@pytest.mark.prism
def test_daily_sdk_tests_pass_against_prism() -> None:
    """Every test the committed SDK ships passes (none skipped), however many the spec makes."""
    result = run_sdk_tests(GENERATED)
    counts = outcome_counts(result.stdout)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    expected = written_tests(GENERATED / "tests")
    assert expected > 0 and counts == {"passed": expected}, result.stdout[-2000:]


def test_daily_sdk_tests_are_written_per_resource() -> None:
    tests = daily_sdk() / "tests"
    assert sorted(p.name for p in tests.iterdir() if p.name != "__pycache__") == [
        "_support.py",
        "conftest.py",
        "openapi.json",
        "test_meeting_tokens.py",
    ]
    text = "".join((tests / "test_meeting_tokens.py").read_text().split())
    for name in ("test_create", "test_create_with_all_params", "test_raw_response_create"):
        assert f"def{name}(self,client:DailyClient" in text
        assert f"asyncdef{name}(self,async_client:AsyncDailyClient" in text


# ------------------------------------------------------------------ an inline spec

PARAMS_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Shop", "version": "1.0.0"},
    "servers": [{"url": "https://shop.example.com/v1"}],
    "components": {
        "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}},
        "schemas": {
            "Order": {
                "type": "object",
                "required": ["id", "placed_at"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "placed_at": {"type": "string", "format": "date-time"},
                    "status": {"type": "string", "enum": ["open", "closed"]},
                    "contact": {"type": "string", "format": "email"},
                },
            },
            "NewOrder": {
                "type": "object",
                "required": ["sku", "quantity", "ship_on"],
                "properties": {
                    "sku": {"type": "string", "pattern": "^[A-Z]{3}-\\d{4}$"},
                    "quantity": {"type": "integer", "minimum": 5, "maximum": 10, "multipleOf": 5},
                    "ship_on": {"type": "string", "format": "date"},
                    "note": {"type": "string", "minLength": 12, "maxLength": 20},
                    "website": {"type": "string", "format": "uri"},
                    "tags": {"type": "array", "minItems": 2, "items": {"type": "string"}},
                    "weight": {"type": "number", "exclusiveMinimum": True, "minimum": 0},
                },
            },
        },
    },
    "security": [{"key": []}],
    "paths": {
        "/customers/{customer_id}/orders": {
            "parameters": [
                {
                    "name": "customer_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "format": "uuid"},
                }
            ],
            "get": {
                "operationId": "listCustomerOrders",
                "tags": ["customers"],
                "parameters": [
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 50},
                    },
                    {"name": "since", "in": "query", "schema": {"type": "string", "format": "date-time"}},
                    {
                        "name": "state",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["open", "closed"]},
                    },
                    {
                        "name": "X-Trace",
                        "in": "header",
                        "schema": {"type": "string", "pattern": "^t-[0-9a-f]+$"},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "The orders.",
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Order"}}
                            }
                        },
                    }
                },
            },
            "post": {
                "operationId": "createCustomerOrder",
                "tags": ["customers"],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewOrder"}}},
                },
                "responses": {
                    "201": {
                        "description": "Created.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}},
                    }
                },
            },
        },
        "/orders": {
            "get": {
                "operationId": "listOrders",
                "tags": ["orders"],
                "parameters": [
                    {"name": "starting_after", "in": "query", "schema": {"type": "string"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                ],
                "responses": {
                    "200": {
                        "description": "A page of orders (Stripe's list shape, so the method pages).",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["data", "has_more"],
                                    "properties": {
                                        "data": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Order"},
                                        },
                                        "has_more": {"type": "boolean", "example": False},
                                    },
                                }
                            }
                        },
                    }
                },
            }
        },
        "/customers/{customer_id}/bank_accounts/{account_id}": {
            "get": {
                "parameters": [
                    {"name": "customer_id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {
                        "name": "account_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "pattern": "^ba_[a-z]+$"},
                        "example": "ba_main",
                    },
                ],
                "responses": {
                    "200": {
                        "description": "The account.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["id"],
                                    "properties": {"id": {"type": "string"}},
                                },
                                "example": {"id": "ba_main"},
                            }
                        },
                    }
                },
            }
        },
        "/customers/{customer_id}": {
            "delete": {
                "operationId": "deleteCustomer",
                "tags": ["customers"],
                "parameters": [
                    {"name": "customer_id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {"204": {"description": "Deleted."}},
            }
        },
    },
}


@pytest.fixture(scope="module")
def shop_sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("shop")
    spec = write_spec(folder, PARAMS_SPEC)
    out = folder / "out"
    write(out, generate_files(settings_for(spec, out, package="shop_sdk", client_class="ShopClient")).files)
    return out


@pytest.mark.prism
def test_generated_tests_of_an_inline_spec_pass_against_prism(shop_sdk: Path) -> None:
    result = run_sdk_tests(shop_sdk)
    counts = outcome_counts(result.stdout)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert counts.get("passed", 0) >= 8 and "skipped" not in counts and "failed" not in counts, result.stdout


def test_generated_tests_pass_mypy_strict(shop_sdk: Path, mypy_cache: Path) -> None:
    result = run_mypy("--strict", "shop_sdk", "tests", cwd=shop_sdk, cache=mypy_cache, timeout=RUN_TIMEOUT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_tests_are_deterministic(shop_sdk: Path, tmp_path: Path) -> None:
    spec = write_spec(tmp_path, PARAMS_SPEC)
    settings = settings_for(spec, tmp_path / "out", package="shop_sdk", client_class="ShopClient")
    again = generate_files(settings).files
    for path, text in again.items():
        if path.startswith("tests/"):
            assert (shop_sdk / path).read_text() == text, path


def test_sub_resources_get_their_own_module(shop_sdk: Path) -> None:
    text = (shop_sdk / "tests" / "test_customers_bank_accounts.py").read_text()
    assert 'client.customers.bank_accounts.retrieve("customer_123", "ba_main")' in text


def test_a_list_that_pages_is_checked_as_pages(shop_sdk: Path) -> None:
    text = (shop_sdk / "tests" / "test_orders.py").read_text()
    assert "from shop_sdk._pagination import AsyncPage, SyncPage" in text
    for page in ("SyncPage", "AsyncPage"):
        assert f"assert isinstance(result, {page})" in text
    assert "assert isinstance(result.body, ListOrdersResponse)" in text
    assert "assert all(isinstance(item, Order) for item in result.items)" in text
    assert "assert unknown_fields(result.body) == []" in text
    assert "client.orders.with_raw_response.list()" in text


def test_generated_tests_use_valid_built_values(shop_sdk: Path) -> None:
    text = (shop_sdk / "tests" / "test_customers.py").read_text()
    assert '"3fa85f64-5717-4562-b3fc-2c963f66afa6"' in text  # uuid
    assert 'sku="AAA-0000"' in text  # pattern
    assert "quantity=5" in text  # bounds and multipleOf
    assert 'ship_on=datetime.date.fromisoformat("2024-01-01")' in text  # date
    assert 'since=datetime.datetime.fromisoformat("2024-01-01T00:00:00Z")' in text  # date-time
    assert "limit=1" in text
    assert 'x_trace="t-0"' in text


# ------------------------------------------------------------------ built values


def _string(**bounds: Any) -> ScalarType:
    return ScalarType("string", bounds.pop("format", None), tuple(sorted(bounds.items())))


@pytest.mark.parametrize(
    "pattern",
    [
        r"^[A-Z]{3}-\d{4}$",
        r"^\+?[1-9]\d{1,14}$",
        r"^(foo|bar)_[a-z0-9]+$",
        r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$",
        r"\w+",
        r"^acct_[a-zA-Z0-9]{16}$",
    ],
)
def test_pattern_values_match_their_pattern(pattern: str) -> None:
    value = pattern_value(pattern)
    assert value is not None and re.search(pattern, value)


def test_an_unsupported_pattern_gives_no_value() -> None:
    assert pattern_value(r"^(?=.*\d)(?!x)$") is None


def test_strings_meet_format_length_and_pattern() -> None:
    values = Values(Api("t", "1", None, (), (), (), (), ()))
    assert values.value(_string(format="email"), 0, set()) == '"user@example.com"'
    assert values.value(_string(minLength=10), 0, set()) == '"exampleeee"'
    assert values.value(_string(maxLength=3), 0, set()) == '"exa"'
    assert values.value(_string(pattern="^x-[0-9]{2}$"), 0, set()) == '"x-00"'
    with pytest.raises(UnbuildableError, match="minLength"):
        values.value(_string(minLength=5, maxLength=2), 0, set())


def test_a_plain_string_takes_a_value_its_name_suggests() -> None:
    """``room_name="my-room"`` reads as a value; ``"string"`` reads as the type."""
    values = Values(Api("t", "1", None, (), (), (), (), ()))
    named = {
        "room_name": "my-room",
        "userId": "user_123",
        "id": "id_123",
        "contact_email": "user@example.com",
        "homepage_url": "https://example.com",
        "country": "US",
        "currency": "usd",
        "lang": "en",
        "nickname": "example",
    }
    for name, value in named.items():
        assert values.value(_string(), 0, set(), name=name) == f'"{value}"', name
    # the format, the pattern and the bounds still decide first
    assert values.value(_string(format="email"), 0, set(), name="room_name") == '"user@example.com"'
    assert values.value(_string(pattern="^ba_[a-z]+$"), 0, set(), name="user_id") == '"ba_a"'
    assert values.value(_string(maxLength=4), 0, set(), name="room_name") == '"my-r"'


def test_numbers_meet_their_bounds() -> None:
    values = Values(Api("t", "1", None, (), (), (), (), ()))

    def number(kind: Any, **bounds: Any) -> str:
        return values.value(ScalarType(kind, None, tuple(sorted(bounds.items()))), 0, set())

    assert number("integer", minimum=3) == "3"
    assert number("integer", maximum=-4) == "-4"
    assert number("integer", minimum=0, exclusiveMinimum=True) == "1"
    assert number("integer", exclusiveMinimum=10) == "11"
    assert number("integer", minimum=7, multipleOf=5) == "10"
    assert number("number", minimum=0.5, maximum=0.75) == "0.5"
    with pytest.raises(UnbuildableError):
        number("integer", minimum=3, maximum=2)


def test_lists_meet_min_items_and_examples_must_fit_bounds() -> None:
    values = Values(Api("t", "1", None, (), (), (), (), ()))
    assert flat(values.value(ListType(ScalarType("integer"), (("minItems", 2),)), 0, set())) == "[0, 0]"
    bounded = _string(maxLength=3)
    assert not fits_bounds("toolong", bounded)
    assert values.value(bounded, 0, set(), ("toolong", "ok")) == '"ok"'


def test_the_spec_copy_names_any_media_json_and_gives_missing_responses_a_200() -> None:
    document = {
        "openapi": "3.1.0",
        "paths": {
            "/a": {
                "get": {"responses": {"200": {"description": "x", "content": {"*/*": {"schema": {}}}}}},
                "post": {"operationId": "p"},
                "parameters": [],
            }
        },
    }
    copy = json.loads(spec_copy(document))
    assert list(copy["paths"]["/a"]["get"]["responses"]["200"]["content"]) == ["application/json"]
    assert copy["paths"]["/a"]["post"]["responses"] == {"200": {"description": "Not documented."}}
    assert copy["paths"]["/a"]["parameters"] == []
    assert "content" in document["paths"]["/a"]["get"]["responses"]["200"]  # the loaded spec is not changed
    assert "*/*" in document["paths"]["/a"]["get"]["responses"]["200"]["content"]


# ------------------------------------------------------------------ values a oneOf or a query can take

CHOICES_SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Choices", "version": "1.0.0"},
    "components": {
        "schemas": {
            "FreeForm": {"type": "object"},
            "Open": {
                "type": "object",
                "properties": {"a": {"type": "string"}},
                "additionalProperties": False,
            },
        }
    },
    "paths": {
        "/things": {
            "get": {
                "operationId": "listThings",
                "parameters": [
                    {
                        "name": "only_null",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "array", "items": {"enum": [None]}},
                    }
                ],
                "responses": {"204": {"description": "none"}},
            },
            "post": {
                "operationId": "createThing",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["either"],
                                "properties": {
                                    "either": {
                                        "oneOf": [
                                            {"$ref": "#/components/schemas/FreeForm"},
                                            {"$ref": "#/components/schemas/Open"},
                                            {"type": "null"},
                                        ]
                                    },
                                    "other": {
                                        "oneOf": [
                                            {"$ref": "#/components/schemas/FreeForm"},
                                            {"$ref": "#/components/schemas/Open"},
                                        ]
                                    },
                                    "label": {"type": "string"},
                                },
                            }
                        }
                    },
                },
                "responses": {"204": {"description": "none"}},
            },
        },
        "/files": {
            "post": {
                "operationId": "sendFile",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["data"],
                                "properties": {
                                    "data": {"type": "string", "format": "binary"},
                                    "mixed": {"allOf": [{"type": "string"}, {"type": "integer"}]},
                                    "day": {
                                        "type": "string",
                                        "format": "date",
                                        "pattern": "(\\d{4})-(\\d{2})",
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": {"204": {"description": "none"}},
            },
            "put": {
                "operationId": "replaceFile",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"allOf": [{"type": "string"}, {"type": "integer"}]}}
                    },
                },
                "responses": {"204": {"description": "none"}},
            },
        },
        "/odd": {
            "post": {
                "operationId": "sendOdd",
                "requestBody": {"content": {"openapi/python/client": {"schema": {"type": "string"}}}},
                "responses": {"204": {"description": "none"}},
            }
        },
        "/notes": {
            "get": {
                "operationId": "listNotes",
                "parameters": [
                    {"name": "note id", "in": "header", "required": True, "schema": {"type": "string"}},
                ],
                "responses": {"204": {"description": "none"}},
            },
            "post": {
                "operationId": "createNote",
                "parameters": [
                    {"name": "trace id", "in": "header", "schema": {"type": "string"}},
                    {"name": "session id", "in": "cookie", "schema": {"type": "string"}},
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": {"204": {"description": "none"}},
            },
        },
    },
}


def test_values_a_one_of_of_objects_and_a_query_of_nulls_can_take(tmp_path: Path) -> None:
    """``{}`` and a model requiring nothing each match both a free-form object and the model, so
    a ``oneOf`` of them takes null where it may (and is left out where optional); a required query
    parameter that is a list of nulls cannot be sent (a null item has no form), so its tests skip."""
    spec = write_spec(tmp_path, CHOICES_SPEC)
    files = generate_files(settings_for(spec, tmp_path / "out", package="choices_sdk")).files
    text = files["tests/test_things.py"]
    assert "either=None" in text
    assert "other=" not in text
    assert 'label="example"' in text
    assert "no valid value for only_null: the required query parameter allows only null" in text


def test_a_header_or_cookie_name_http_forbids_is_left_out_or_skips(tmp_path: Path) -> None:
    """A field name must be an HTTP token (no space): httpx refuses to send ``trace id``."""
    spec = write_spec(tmp_path, CHOICES_SPEC)
    files = generate_files(settings_for(spec, tmp_path / "out", package="choices_sdk")).files
    text = files["tests/test_notes.py"]
    assert "the header name 'note id' is not an HTTP token" in text
    assert 'client.notes.create(x_trace="example")' in text


def test_a_media_type_that_is_not_one_skips(tmp_path: Path) -> None:
    """``openapi/python/client`` has two slashes: no Content-Type names it (Prism answers 500)."""
    spec = write_spec(tmp_path, CHOICES_SPEC)
    files = generate_files(settings_for(spec, tmp_path / "out", package="choices_sdk")).files
    text = files["tests/test_odd.py"]
    assert "the request's media type 'openapi/python/client' is not a type/subtype" in text
    assert "client.odd.send_odd(" not in text


def test_binary_in_json_is_text_and_an_impossible_all_of_skips_or_is_left_out(tmp_path: Path) -> None:
    """JSON cannot carry bytes: a ``format: binary`` property of a JSON body gets a string. An
    ``allOf`` of a string and an integer has no value: the body that is one skips, the optional
    property that is one is left out. A format's value goes first where it matches the pattern."""
    spec = write_spec(tmp_path, CHOICES_SPEC)
    files = generate_files(settings_for(spec, tmp_path / "out", package="choices_sdk")).files
    text = files["tests/test_files.py"]
    assert 'client.files.send(data="string")' in text
    assert 'client.files.send(data="string", day=datetime.date.fromisoformat("2024-01-01"))' in text
    assert "mixed=" not in text
    assert "no valid value for body: an allOf of integer and string: no value is both" in text
