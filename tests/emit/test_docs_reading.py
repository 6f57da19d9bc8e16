"""The reference docs read as the spec's authors meant: their text and links, an index by
resource, auth said from the scheme, and pages of a bounded size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.emit import doc_index
from generator.emit.doc_auth import auth_text
from generator.model.ir import SecurityScheme
from generator.pipeline import generate_files

from support.daily_fixture import daily_sdk
from support.docs_text_audit import audit_docs
from support.specs import minimal, settings_for, write_spec


def _operation(op_id: str, **extra: Any) -> dict[str, Any]:
    """Untagged, Stripe's way: resources come from the paths (``/customers/{customer}/cards`` is a
    sub-resource)."""
    return {
        "operationId": op_id,
        "responses": {"200": {"description": "OK"}},
        **extra,
    }


def _json(ref: str, description: str = "OK") -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{ref}"}
    return {"200": {"description": description, "content": {"application/json": {"schema": schema}}}}


SHOP: dict[str, Any] = minimal(
    paths={
        "/customers": {
            "get": _operation(
                "GetCustomers",
                summary="List customers",
                parameters=[
                    {
                        "name": "market",
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": (
                            "If a valid user access token is specified, the country associated with\n"
                            "the user account takes priority.<br/>\n"
                            "See [the guide](/docs/markets), [the object](#customer_object) and "
                            "[uris](https://example.com/uris). Returns `A | B`."
                        ),
                    }
                ],
                responses=_json("Customer", "Pages of customers"),
            ),
        },
        "/customers/{customer}": {
            "get": _operation(
                "GetCustomersCustomer",
                parameters=[
                    {"name": "customer", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                responses=_json("Customer"),
            )
        },
        "/customers/{customer}/cards": {
            "get": _operation(
                "GetCustomersCustomerCards",
                parameters=[
                    {"name": "customer", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                responses=_json("Card"),
            )
        },
        "/orders": {"post": _operation("PostOrders", responses=_json("Order"))},
    },
    schemas={
        "Customer": {
            "type": "object",
            "description": "A customer.\nWith a second line.",
            "properties": {"address": {"$ref": "#/components/schemas/Address"}},
        },
        "Card": {"type": "object", "properties": {"last4": {"type": "string"}}},
        "Order": {"type": "object", "properties": {"ship_to": {"$ref": "#/components/schemas/Address"}}},
        "Address": {"type": "object", "properties": {"city": {"type": "string"}}},
        "Orphan": {"type": "object", "properties": {"x": {"type": "string"}}},
    },
)
SHOP["externalDocs"] = {"url": "https://shop.example.com/guides/start"}
SHOP["components"]["securitySchemes"] = {
    "oauth": {
        "type": "oauth2",
        "flows": {
            "authorizationCode": {
                "authorizationUrl": "https://a/auth",
                "tokenUrl": "https://a/t",
                "scopes": {},
            },
            "clientCredentials": {"tokenUrl": "https://a/t", "scopes": {}},
        },
    },
}
SHOP["security"] = [{"oauth": []}]


def _docs(tmp_path: Path, document: dict[str, Any], **settings: Any) -> dict[str, str]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    spec = write_spec(tmp_path, document)
    files = generate_files(settings_for(spec, package="shop_sdk", **settings)).files
    docs = {name: text for name, text in files.items() if name.endswith(".md")}
    for name, text in docs.items():
        (tmp_path / "out" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "out" / name).write_text(text, encoding="utf-8")
    return docs


def test_spec_text_reads_as_written_and_its_links_lead_somewhere(tmp_path: Path) -> None:
    docs = _docs(tmp_path, SHOP)
    page = docs["docs/operations/customers/list.md"]
    entry = page[page.index("- **`market`**") : page.index("## Response")]
    assert entry.startswith("- **`market`** · `str` · optional · in the query\n")
    # the spec's line wrap stays a soft break (a space); its <br> is a hard break, no <br> left
    assert "the country associated with\n  the user account takes priority.\\\n  See " in entry
    assert "<br" not in entry
    # site-relative: made absolute on the externalDocs' origin; an anchor no page has: text
    assert (
        "[the guide](https://shop.example.com/docs/markets), the object and [uris](https://example.com/uris)"
        in entry
    )
    assert "`A | B`" in entry  # no table around it: the code span is left alone
    assert "- **200** · returns [`Customer`](../../models/Customer.md)\n\n  Pages of customers" in page
    assert (  # the scheme has a client credentials flow: the SDK runs it itself
        "**Authentication:** An OAuth 2.0 access token (client credentials flow), which the client "
        "gets with its `client_id` and `client_secret` and sends as a bearer token." in page
    )
    assert audit_docs(tmp_path / "out").findings == {}


def test_docs_base_url_comes_first_and_without_any_base_links_are_text(tmp_path: Path) -> None:
    with_base = _docs(tmp_path / "a", SHOP, docs_base_url="https://docs.shop.test")
    assert (
        "[the guide](https://docs.shop.test/docs/markets)" in with_base["docs/operations/customers/list.md"]
    )
    bare = {key: value for key, value in SHOP.items() if key != "externalDocs"}
    without = _docs(tmp_path / "b", bare)
    assert "See the guide, the object and [uris]" in without["docs/operations/customers/list.md"]
    assert audit_docs(tmp_path / "b" / "out").findings == {}


def test_the_index_lists_resources_with_their_methods_and_models_by_resource(tmp_path: Path) -> None:
    docs = _docs(tmp_path, SHOP)
    index = docs["docs/index.md"]
    assert (
        "- [`client.customers`](resources/customers.md)\n"
        "  - [`list()`](operations/customers/list.md) `GET /customers` — List customers\n"
        "  - [`retrieve()`](operations/customers/retrieve.md) `GET /customers/{customer}`\n"
        "  - [`client.customers.cards`](resources/customers_cards.md)\n"
        "    - [`retrieve()`](operations/customers_cards/retrieve.md) `GET /customers/{customer}/cards`\n"
        "- [`client.orders`](resources/orders.md)\n"
    ) in index
    resource = docs["docs/resources/customers.md"]
    assert "- [`list()`](../operations/customers/list.md) `GET /customers` — List customers" in resource
    assert "- [`client.customers.cards`](../resources/customers_cards.md)" in resource
    assert "- [`Card`](../models/Card.md)" in resource and "Customer.md) — A customer." in resource
    models = docs["docs/models.md"]
    sections = {part.split("\n", 1)[0]: part for part in models.split("\n## ")[1:]}
    assert set(sections) == {
        "`client.customers`",
        "`client.orders`",
        "Shared by several resources",
        "Used by no operation",
    }
    assert "[`Card`]" in sections["`client.customers`"] and "[`Order`]" in sections["`client.orders`"]
    assert "[`Address`]" in sections["Shared by several resources"]  # one field away from both
    assert "[`Orphan`]" in sections["Used by no operation"]
    assert "[`client.customers`](models.md#clientcustomers) (2)" in index
    assert audit_docs(tmp_path / "out").findings == {}


def test_a_models_index_past_the_budget_is_cut_into_linked_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doc_index, "PAGE_BUDGET", 120)
    docs = _docs(tmp_path, SHOP)
    parts = sorted(
        name
        for name in docs
        if name.startswith("docs/models") and name.endswith(".md") and "/models/" not in name
    )
    assert len(parts) > 2
    assert all("(continued)" in docs[name] or "\n## " in docs[name] for name in parts[1:])
    assert "Parts: 1, [2](models-2.md)" in docs["docs/models.md"]
    listed = "".join(docs[name] for name in parts)
    assert all(f"[`{model}`]" in listed for model in ("Address", "Card", "Customer", "Order", "Orphan"))
    assert audit_docs(tmp_path / "out").findings == {}  # every group link finds its part and anchor


@pytest.mark.parametrize(
    ("scheme", "said"),
    [
        (SecurityScheme("k", "bearer"), "A bearer token, sent in the `Authorization` header."),
        (
            SecurityScheme("k", "api_key", "header", "X-Api-Key"),
            "An API key, sent in the `X-Api-Key` header.",
        ),
        (
            SecurityScheme("k", "api_key", "query", "api_key"),
            "An API key, sent in the `api_key` query parameter.",
        ),
        (SecurityScheme("k", "api_key", "cookie", "session"), "An API key, sent in the `session` cookie."),
        (SecurityScheme("k", "basic"), "HTTP basic authentication (the client's `username` and `password`)."),
        (
            SecurityScheme("k", "bearer", token_source="oauth2", flows=("clientCredentials",)),
            "An OAuth 2.0 access token (client credentials flow), sent as a bearer token.",
        ),
        (
            SecurityScheme("k", "oauth2", token_url="/token", token_source="oauth2"),
            "An OAuth 2.0 access token (client credentials flow), which the client gets with its "
            "`client_id` and `client_secret` and sends as a bearer token.",
        ),
        (
            SecurityScheme("k", "bearer", token_source="openIdConnect"),
            "An OpenID Connect access token, sent as a bearer token.",
        ),
    ],
)
def test_auth_is_said_from_the_scheme(scheme: SecurityScheme, said: str) -> None:
    assert auth_text((("k",),), {"k": scheme}) == said


def test_auth_alternatives_none_and_unknown_schemes() -> None:
    schemes = {"b": SecurityScheme("b", "basic"), "t": SecurityScheme("t", "bearer")}
    assert auth_text((("b",), ("t",)), schemes) == (
        "HTTP basic authentication (the client's `username` and `password`); or a bearer token, "
        "sent in the `Authorization` header."
    )
    assert auth_text((), schemes) == "None."
    assert auth_text(((),), schemes) == "None."
    assert "`oauth_2_0`" in auth_text((("oauth_2_0",),), {})  # never escaped inside the code span


def test_the_daily_fixture_docs_have_nothing_a_reader_trips_over() -> None:
    audit = audit_docs(daily_sdk())
    assert audit.pages > 5
    assert audit.findings == {}, audit.summary()


def test_the_audit_finds_what_it_looks_for(tmp_path: Path) -> None:
    """A page with each problem: the audit names every one (so its silence means something)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(
        "# Index\n\n"
        "The country associated with<br>the user account.\n\n"
        "Requires `oauth\\_2\\_0`. See [Connect](/docs/connect), [gone](missing.md), [here](#nowhere), "
        "[ok](#index).\n\n"
        "| Argument | Description |\n|---|---|\n| `a` | query. Not described. |\n\n"
        "Returns `X` (HTTP 200). Pages of tracks\n\n"
        "```python\nx = `a\\_b`  # code, not Markdown\n```\n" + "x" * 300,
        encoding="utf-8",
    )
    audit = audit_docs(tmp_path, limit=200)
    assert sorted(audit.counts()) == [
        "backslash in a code span",
        "description begins with its location",
        "link to a missing anchor",
        "link to a missing page",
        "mid-sentence <br>",
        "page over the size limit",
        "response ends in a fragment",
        "site-relative link",
    ]
    assert all(count == 1 for count in audit.counts().values())
