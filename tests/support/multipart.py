"""Reading a recorded ``multipart/form-data`` body back into its parts, with the standard
library's MIME parser (not the SDK's own code), for the body-encoding tests."""

from __future__ import annotations

import email.parser
import email.policy
from email.message import EmailMessage

from support.http_server import RecordedRequest


def multipart_parts(request: RecordedRequest) -> list[tuple[str | None, str | None, str]]:
    """(name, declared content type or None, text) of each part of a multipart body."""
    content_type = request.header("Content-Type")
    assert content_type is not None and content_type.startswith("multipart/form-data; boundary=")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("ascii") + b"\r\n\r\n" + request.body
    )
    assert isinstance(message, EmailMessage) and message.is_multipart()
    found = []
    for part in message.iter_parts():
        assert isinstance(part, EmailMessage)
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        declared = part.get_content_type() if part.get("Content-Type") is not None else None
        found.append((name if isinstance(name, str) else None, declared, payload.decode("utf-8")))
    return found
