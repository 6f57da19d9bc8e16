"""What the client asks for is what the spec declares: no credential for a spec without security
schemes, a required ``base_url`` (read from ``<PREFIX>_BASE_URL``) for a relative or templated
server, the defaults of server variables, and ``help()`` that shows the resources and their
methods.

Each spec is small and inline, generated once per module and driven sync and async against a
scripted server on 127.0.0.1; the examples in its README and docs pages are read from the files
the generator wrote.
"""

from __future__ import annotations

import asyncio
import inspect
import pydoc
from typing import Any

import pytest

from support.feature_sdks import NO_CONTENT, assert_mypy_strict, feature_sdk, json_response, output_folder
from support.http_server import RecordedRequest, ScriptedHTTPServer, ScriptedResponse

THING = {"type": "object", "properties": {"id": {"type": "string"}}}


def _paths() -> dict[str, Any]:
    return {
        "/things/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {
                "operationId": "GetThing",
                "tags": ["things"],
                "responses": {"200": json_response(THING)},
            },
            "delete": {"operationId": "DeleteThing", "tags": ["things"], "responses": NO_CONTENT},
        },
        "/widgets": {"get": {"operationId": "ListWidgets", "tags": ["widgets"], "responses": NO_CONTENT}},
    }


OPEN_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Open API", "version": "1.0.0"},
    "servers": [{"url": "/api"}],
    "paths": _paths(),
}
"""No security scheme, and a relative server (as FastAPI writes it behind a proxy)."""

TEMPLATED_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Templated API", "version": "1.0.0"},
    "servers": [
        {
            "url": "{scheme}://{host}/v1",
            "variables": {"scheme": {"default": "http"}, "host": {"default": "127.0.0.1:9"}},
        }
    ],
    "paths": _paths(),
}
"""Every server variable has a default: the expanded URL is the default base URL."""

UNRESOLVED_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Unresolved API", "version": "1.0.0"},
    "servers": [{"url": "https://{tenant}.example.com/v1", "variables": {"tenant": {"enum": ["a"]}}}],
    "paths": _paths(),
}
"""A variable without a default (the spec is wrong, but read): no default base URL."""

SECRET = "sk_auth_setup_0123456789"

BASIC = {"type": "http", "scheme": "basic"}
KEY = {"type": "apiKey", "in": "header", "name": "X-Key"}


def _secured(title: str, schemes: dict[str, Any]) -> dict[str, Any]:
    """TEMPLATED_SPEC's paths behind ``schemes``, any one of which is enough."""
    return {
        **TEMPLATED_SPEC,
        "info": {"title": title, "version": "1.0.0"},
        "security": [{name: []} for name in schemes],
        "components": {"securitySchemes": schemes},
    }


@pytest.fixture(scope="module")
def open_sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return feature_sdk(tmp_path_factory, OPEN_SPEC, "auth_open_sdk")


@pytest.fixture(scope="module")
def templated_sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return feature_sdk(tmp_path_factory, TEMPLATED_SPEC, "auth_templated_sdk")


@pytest.fixture(scope="module")
def unresolved_sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return feature_sdk(tmp_path_factory, UNRESOLVED_SPEC, "auth_unresolved_sdk")


def _get_thing(sdk: Any, kind: str, **options: Any) -> Any:
    """``client.things.retrieve("t1")`` with a client built from ``options`` alone."""
    if kind == "sync":
        with sdk.AuthOpenClient(**options) as client:
            return client.things.retrieve("t1")

    async def go() -> Any:
        async with sdk.AsyncAuthOpenClient(**options) as client:
            return await client.things.retrieve("t1")

    return asyncio.run(go())


def _only_request(server: ScriptedHTTPServer) -> RecordedRequest:
    (request,) = server.requests
    return request


# ------------------------------------------------------------ no security scheme


def test_no_scheme_means_no_credential_argument(open_sdk: Any) -> None:
    for client_class in (open_sdk.AuthOpenClient, open_sdk.AsyncAuthOpenClient):
        parameters = set(inspect.signature(client_class).parameters)
        assert not parameters & {"api_key", "username", "password"}
    assert not hasattr(open_sdk._client, "API_KEY_ENV")


def test_no_scheme_ignores_a_malformed_key_variable(
    open_sdk: Any, kind: str, scripted_server: ScriptedHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A variable of the API's name, with a newline (as a key file gives it), is never read."""
    monkeypatch.setenv("AUTH_OPEN_API_KEY", SECRET + "\n")
    monkeypatch.setenv("AUTH_OPEN_USERNAME", "user\n")
    monkeypatch.setenv("AUTH_OPEN_BASE_URL", scripted_server.url + "/api")
    scripted_server.enqueue(ScriptedResponse.of_json({"id": "t1"}))

    thing = _get_thing(open_sdk, kind, max_retries=0)

    assert thing.id == "t1"
    request = _only_request(scripted_server)
    assert request.path == "/api/things/t1"
    assert request.header("Authorization") is None and request.header("Cookie") is None
    assert SECRET not in str(request.headers) and request.query == ""


# ---------------------------------------------------------------- base URL


def test_relative_server_needs_a_base_url(open_sdk: Any, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUTH_OPEN_BASE_URL", raising=False)
    client_class = open_sdk.AuthOpenClient if kind == "sync" else open_sdk.AsyncAuthOpenClient
    assert open_sdk._client.DEFAULT_BASE_URL is None

    with pytest.raises(open_sdk.ConfigurationError) as caught:
        client_class()

    message = str(caught.value)
    assert message == ("no base URL: pass base_url=... or set the AUTH_OPEN_BASE_URL environment variable")
    assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_base_url_argument_wins_over_the_variable(
    open_sdk: Any, kind: str, scripted_server: ScriptedHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTH_OPEN_BASE_URL", "http://127.0.0.1:9/not-used")
    scripted_server.enqueue(ScriptedResponse.of_json({"id": "t1"}))

    _get_thing(open_sdk, kind, base_url=scripted_server.url + "/api/", max_retries=0)

    assert _only_request(scripted_server).path == "/api/things/t1"


def test_server_variables_with_defaults_give_the_default_base_url(
    templated_sdk: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AUTH_TEMPLATED_BASE_URL", raising=False)
    assert templated_sdk._client.DEFAULT_BASE_URL == "http://127.0.0.1:9/v1"
    for client_class in (templated_sdk.AuthTemplatedClient, templated_sdk.AsyncAuthTemplatedClient):
        assert client_class().base_url == "http://127.0.0.1:9/v1"
    monkeypatch.setenv("AUTH_TEMPLATED_BASE_URL", "http://127.0.0.1:8/v2")
    assert templated_sdk.AuthTemplatedClient().base_url == "http://127.0.0.1:8/v2"


def test_server_variable_without_default_needs_a_base_url(
    unresolved_sdk: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AUTH_UNRESOLVED_BASE_URL", raising=False)
    assert unresolved_sdk._client.DEFAULT_BASE_URL is None
    with pytest.raises(unresolved_sdk.ConfigurationError, match="AUTH_UNRESOLVED_BASE_URL"):
        unresolved_sdk.AuthUnresolvedClient()


def test_every_example_passes_the_base_url(open_sdk: Any) -> None:
    folder = output_folder(open_sdk)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    pages = [p.read_text(encoding="utf-8") for p in sorted((folder / "docs").rglob("*.md"))]
    constructions = [
        line
        for text in (readme, *pages, open_sdk.__doc__ or "")
        for line in text.splitlines()
        if "AuthOpenClient(" in line
    ]
    assert len(constructions) >= 5  # README's examples, one per operation page, the package doc
    assert all('AuthOpenClient(base_url="https://api.example.com/api")' in line for line in constructions)
    assert "`base_url` is required" in readme and "AUTH_OPEN_BASE_URL" in readme
    assert "API_KEY" not in readme + "".join(pages)
    assert "Credentials are checked" not in readme


# ------------------------------------------------------------------ help()


def test_help_shows_the_resources_and_their_methods(open_sdk: Any) -> None:
    for client_class in (open_sdk.AuthOpenClient, open_sdk.AsyncAuthOpenClient):
        text = pydoc.render_doc(client_class, renderer=pydoc.plaintext)
        assert "cached_property" not in text
        assert "Readonly properties defined here:\n |  \n |  things\n |      Operations on things." in text
        assert "Methods: ``retrieve()``, ``delete()``." in text
        assert "\n |  widgets\n" in text and "Methods: ``list()``." in text
        # Only the documented surface: the plumbing under the methods is private.
        for plumbing in ("request(", "send(", "_resource("):
            assert f"\n |  {plumbing}" not in text
        assert "close(self)" in text and "\n |  with_options" in text


def test_resources_are_made_once_per_client(open_sdk: Any) -> None:
    client = open_sdk.AuthOpenClient(base_url="http://127.0.0.1:9")
    copy = client.with_options(max_retries=0)
    assert client.things is client.things
    assert copy.things is not client.things and copy.things._client is copy


# ------------------------------------------------------------ the ways to authenticate


@pytest.fixture(scope="module")
def basic_sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return feature_sdk(tmp_path_factory, _secured("Basic API", {"basic": BASIC}), "auth_basic_sdk")


@pytest.fixture(scope="module")
def either_sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    spec = _secured("Either API", {"key": KEY, "basic": BASIC})
    return feature_sdk(tmp_path_factory, spec, "auth_either_sdk")


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_pair_is_one_way_only_when_both_halves_are_given(
    basic_sdk: Any, either_sdk: Any, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Basic auth alone needs username and password; beside an API key, the key alone will do
    (and so will both halves of the pair), but half a pair will not."""
    for name in ("BASIC_USERNAME", "BASIC_PASSWORD", "EITHER_API_KEY", "EITHER_USERNAME", "EITHER_PASSWORD"):
        monkeypatch.delenv(f"AUTH_{name}", raising=False)
    basic = basic_sdk.AuthBasicClient if kind == "sync" else basic_sdk.AsyncAuthBasicClient
    either = either_sdk.AuthEitherClient if kind == "sync" else either_sdk.AsyncAuthEitherClient
    for sdk, client_class, complete in (
        (basic_sdk, basic, [{"username": "u", "password": SECRET}]),
        (either_sdk, either, [{"api_key": SECRET}, {"username": "u", "password": SECRET}]),
    ):
        for half in ({"username": "u"}, {"password": SECRET}, {}):
            with pytest.raises(sdk.ConfigurationError, match="no credential") as caught:
                client_class(**half)
            assert SECRET not in str(caught.value)
        for credentials in complete:
            assert client_class(**credentials).base_url is not None


def test_auth_setup_sdks_pass_mypy_strict(
    open_sdk: Any, templated_sdk: Any, basic_sdk: Any, either_sdk: Any, mypy_cache: Any
) -> None:
    for sdk in (open_sdk, templated_sdk, basic_sdk, either_sdk):
        assert_mypy_strict(sdk, mypy_cache)
