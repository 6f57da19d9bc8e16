"""Generated tests of operations that document only errors: they expect the documented error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.pipeline import generate_files

from support.specs import settings_for, write_spec

ONLY_401: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Status", "version": "1.0.0"},
    "paths": {
        "/status/401": {
            "post": {"operationId": "forceUnauthorized", "responses": {"401": {"description": "no"}}}
        },
        "/status/any": {
            "post": {
                "operationId": "forceAnyError",
                "responses": {"404": {"description": "no"}, "418": {"description": "teapot"}},
            }
        },
        "/ok": {"get": {"operationId": "ok", "responses": {"204": {"description": "yes"}}}},
    },
}


def test_an_operation_documenting_only_an_error_expects_it(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, ONLY_401)
    files = generate_files(settings_for(spec, tmp_path / "out", package="status_sdk")).files
    text = files["tests/test_status.py"]
    assert "from status_sdk.errors import APIStatusError, AuthenticationError" in text
    assert "with pytest.raises(AuthenticationError):\n            client.status.force_unauthorized()" in text
    assert "client.status.with_raw_response.force_unauthorized()" in text
    assert "assert status == 401, status" in text
    assert "with pytest.raises(APIStatusError):" in text  # 404 or 418: whichever Prism picks
    assert "assert status in (404, 418), status" in text
    ok = files["tests/test_ok.py"]
    assert "pytest.raises" not in ok and "errors import" not in ok
