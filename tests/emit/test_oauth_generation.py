"""OAuth2 schemes from spec to SDK: which flows become client credentials, the scopes each operation
asks for, the ``oauth-client-auth`` setting, and the client, errors and README an OAuth2 spec gets
(and a spec without one does not)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.config import load_settings
from generator.diagnostics import SpecError
from generator.emit.client_views import client_view
from generator.pipeline import generate_files

from support.specs import black_changes, build, settings_for, write_spec


def _flows(**flows: dict[str, Any]) -> dict[str, Any]:
    return {"type": "oauth2", "flows": flows}


CLIENT_CREDENTIALS = {"tokenUrl": "https://auth.example.com/token", "scopes": {"read": "r", "write": "w"}}
AUTHORIZATION_CODE = {
    "authorizationUrl": "https://auth.example.com/authorize",
    "tokenUrl": "/token",
    "scopes": {},
}


def _spec(schemes: dict[str, Any], security: list[dict[str, list[str]]]) -> dict[str, Any]:
    ok = {"204": {"description": "done"}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Flows API", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "security": security,
        "paths": {
            "/items": {
                "get": {"operationId": "ListItems", "responses": ok},
                "post": {
                    "operationId": "CreateItem",
                    "security": [{"cc": ["write"]}, {"cc": ["admin"]}, {"key": []}],
                    "responses": ok,
                },
            }
        },
        "components": {"securitySchemes": schemes},
    }


def test_only_a_client_credentials_flow_makes_an_oauth2_scheme(tmp_path: Path) -> None:
    schemes = {
        "cc": _flows(clientCredentials=CLIENT_CREDENTIALS, authorizationCode=AUTHORIZATION_CODE),
        "code": _flows(authorizationCode=AUTHORIZATION_CODE),
        "broken": _flows(clientCredentials={"scopes": {}}),  # no tokenUrl: an access token, as before
        "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
    }
    api, report = build(tmp_path, _spec(schemes, [{"cc": ["read"]}]))
    kinds = {s.key: (s.kind, s.token_url, s.scopes) for s in api.security_schemes}
    assert kinds["cc"] == ("oauth2", "https://auth.example.com/token", ("read", "write"))
    assert kinds["code"] == ("bearer", None, ())
    assert kinds["broken"] == ("bearer", None, ())
    operations = {op.operation_id: op for op, _ in api.operations}
    assert operations["ListItems"].scopes == (("cc", ("read",)),)
    assert operations["CreateItem"].scopes == (("cc", ("write",)),)  # the first alternative naming it
    assert operations["CreateItem"].security == (("cc",), ("cc",), ("key",))
    assert [w.location.pointer for w in report.warnings if w.location] == [
        "/components/securitySchemes/broken"
    ]


def test_the_client_view_of_an_oauth2_spec(tmp_path: Path) -> None:
    schemes = {
        "cc": _flows(clientCredentials=CLIENT_CREDENTIALS),
        "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
    }
    spec = write_spec(tmp_path, _spec(schemes, [{"cc": ["read"]}]))
    settings = settings_for(spec, package="flows_sdk", oauth_client_auth="client_secret_post")
    api, _ = build(tmp_path, _spec(schemes, [{"cc": ["read"]}]))
    view = client_view(api, settings)
    assert view.oauth and view.oauth_schemes == frozenset({"cc"})
    assert [(c.argument, c.env) for c in view.credentials] == [
        ("api_key", "FLOWS_API_KEY"),
        ("client_id", "FLOWS_CLIENT_ID"),
        ("client_secret", "FLOWS_CLIENT_SECRET"),
    ]
    assert view.ways == (("api_key",), ("client_id", "client_secret"))
    assert view.missing_credential == (
        "no credential: pass api_key=... or client_id=... and client_secret=..., "
        "or set FLOWS_API_KEY or FLOWS_CLIENT_ID and FLOWS_CLIENT_SECRET"
    )
    files = generate_files(settings).files
    client = files["flows_sdk/_client.py"]
    assert 'client_auth_method: ClientAuthMethod = "client_secret_post"' in client
    assert '"cc": SecurityScheme("oauth2", token_url="https://auth.example.com/token")' in client
    assert "class OAuthTokenError(AuthenticationError):" in files["flows_sdk/errors.py"]
    assert "OAuthTokenError" in files["flows_sdk/__init__.py"]
    assert 'scopes={"cc": ("write",)}' in files["flows_sdk/resources/items.py"]
    readme = files["README.md"]
    assert "### OAuth2 client credentials" in readme
    assert 'FlowsClient(client_id="...", client_secret="...")' in readme
    assert "`client_secret_post` by default" in readme
    assert "TokenEndpoint" in files["tests/_support.py"]  # the generated tests answer token requests
    assert black_changes(files) == []


def test_a_spec_without_client_credentials_gets_no_oauth_code(tmp_path: Path) -> None:
    schemes = {"code": _flows(authorizationCode=AUTHORIZATION_CODE)}
    document = _spec(schemes, [{"code": []}])
    document["paths"]["/items"]["post"]["security"] = [{"code": ["write"]}]
    settings = settings_for(write_spec(tmp_path, document), package="code_flow_sdk")
    files = generate_files(settings).files
    for name in ("_client.py", "errors.py", "__init__.py"):
        assert "OAuthTokenError" not in files[f"code_flow_sdk/{name}"], name
    assert "client_id" not in files["code_flow_sdk/_client.py"]
    assert "api_key: str | None = None" in files["code_flow_sdk/_client.py"]
    assert "scopes=" not in files["code_flow_sdk/resources/items.py"]
    assert "OAuth2 client credentials" not in files["README.md"]


def test_the_oauth_client_auth_setting(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    table = '[tool.generator]\nspec = "a.yaml"\noutput = "out"\npackage = "pay_api"\n'
    pyproject.write_text(table)
    assert load_settings(pyproject=pyproject).oauth_client_auth == "client_secret_basic"
    pyproject.write_text(table + 'oauth-client-auth = "client_secret_post"\n')
    assert load_settings(pyproject=pyproject).oauth_client_auth == "client_secret_post"
    pyproject.write_text(table + 'oauth-client-auth = "private_key_jwt"\n')
    with pytest.raises(
        SpecError,
        match="oauth-client-auth 'private_key_jwt' is not client_secret_basic or client_secret_post",
    ) as caught:
        load_settings(pyproject=pyproject)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.line == 5 and diagnostic.location is not None
    assert diagnostic.location.pointer == "/tool/generator/oauth-client-auth"
