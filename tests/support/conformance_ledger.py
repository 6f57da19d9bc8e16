"""Why each corpus operation whose generated tests fail against Prism fails.

Issue 12 allows two causes only, and this file names one for every failing operation:

- ``SPEC``: the spec contradicts itself (an example invalid for its own schema, a schema no
  value satisfies, a name HTTP forbids), so no correct SDK call can pass;
- ``PRISM``: Prism cannot handle a valid call: the Prism ``package-lock.json`` pins
  (prism-cli 5.14.2, prism-http 5.12.0; a test checks that is the one installed).

A generator bug is fixed, never listed here. ``accepted`` says whether Prism accepted the
operation's calls and what fails is its answer (it cannot build one, or it answers with the
spec's invalid example): those calls conformed. :mod:`test_conformance` checks every run
spec's entries against a real run both ways, so they cannot outlive their cause. Every spec
runs: one Prism's own loader cannot load runs with ``local_refs`` (see ``prism_local_refs.js``),
and one whose deepObject form bodies Prism misreads with ``form_body_front``: there
express-openapi-validator (``form_body_front.js``) validates those bodies, and Prism the rest of
each request; a call either refuses is refused, and both say so in the log per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Cause = Literal["spec", "prism"]
SPEC: Cause = "spec"
PRISM: Cause = "prism"


@dataclass(frozen=True)
class Known:
    """Operations (``test module::method``) that fail for one reason."""

    cause: Cause
    why: str
    operations: tuple[str, ...]
    accepted: bool = False
    """Prism accepted the calls; what fails is its answer."""


@dataclass(frozen=True)
class Ledger:
    """One corpus spec: its operations, and those that fail with why."""

    operations: int
    known: tuple[Known, ...] = ()
    local_refs: str | None = None
    """Why Prism loads this spec through ``prism_local_refs.js`` (its own loader does not finish)."""
    form_body_front: str | None = None
    """Why express-openapi-validator, in ``form_body_front.js`` before Prism, validates this
    spec's deepObject form bodies (Prism misreads them); Prism validates the rest and answers."""
    tests: str | None = None
    """A ``pytest -k`` expression: which of the spec's generated tests run (all when ``None``)."""

    def failing(self) -> dict[str, Known]:
        return {operation: known for known in self.known for operation in known.operations}


def conformance(ledger: dict[str, Ledger]) -> tuple[int, int, int]:
    """(operations passed, failing operations whose calls Prism accepted, operations)."""
    failing = [known for entry in ledger.values() for known in entry.known]
    total = sum(entry.operations for entry in ledger.values())
    accepted = sum(len(known.operations) for known in failing if known.accepted)
    return total - sum(len(known.operations) for known in failing), accepted, total


def _ops(module: str, *methods: str) -> tuple[str, ...]:
    return tuple(f"test_{module}::{method}" for method in methods)


_NO_OPERATIONS = Ledger(operations=0)
_ALL_PASS = {
    "apis-guru/ably.io/1.1.0/openapi.yaml": 22,
    "apis-guru/azure.com/billing/2019-10-01-preview/openapi.yaml": 100,
    "apis-guru/configcat.com/v1/openapi.yaml": 21,
    "apis-guru/listennotes.com/2.0/openapi.yaml": 16,
    "apis-guru/patientview.org/1.0/openapi.yaml": 15,
    "apis-guru/pdfbroker.io/v1/openapi.yaml": 7,
    "apis-guru/xkcd.com/1.0.0/openapi.yaml": 2,
    "oai-examples/v3.0/api-with-examples.yaml": 2,
    "oai-examples/v3.0/callback-example.yaml": 1,
    "oai-examples/v3.0/link-example.yaml": 6,
    "oai-examples/v3.0/petstore-expanded.yaml": 4,
    "oai-examples/v3.0/petstore.yaml": 3,
    "oai-examples/v3.0/uspto.yaml": 3,
    "oai-examples/v3.1/non-oauth-scopes.yaml": 1,
    "readme-oas-examples/3.1/security.yaml": 15,
    "readme-oas-examples/3.1/train-travel.yaml": 7,
    "spotify/fixed-spotify-open-api.yml": 97,
}

# Explanations shared by the two openapi-python-client baselines (3.0 JSON and 3.1 YAML).
_BASELINE = (
    Known(
        SPEC,
        "the request media type 'openapi/python/client' is not a type/subtype (RFC 9110), so no "
        "Content-Type is valid; the test skips saying so (Prism itself throws 'invalid media type')",
        _ops("config", "content_type_override"),
    ),
    Known(
        SPEC,
        "the required query array an_enum_value_with_only_null allows only null items, and HTTP "
        "has no way to spell a null in a query: the test skips saying so",
        _ops("tests", "get_user_list"),
    ),
    Known(
        PRISM,
        "the required query parameter is named 'string with num'; the SDK sends "
        "string+with+num=..., which decodes to that name, but Prism accepts only a key that "
        "decodes to 'string%20with%20num' (a double-encoded spelling no correct client sends). "
        "The every-argument call is also ambiguous in the spec: model_prop and "
        "required_model_prop are exploded object parameters sharing the property a_property",
        _ops("defaults", "tests"),
    ),
    Known(
        PRISM,
        "Prism keeps one string per multipart part and parses a part as an array or object only "
        "with an encoding style: the required object part some_object (sent as application/json, "
        "OpenAPI's default) can never validate",
        _ops("tests", "upload_file"),
    ),
)
_STYLE_CRASH = (
    "Prism's style deserialiser throws on this parameter (prism-http validator/deserializers/"
    "style: 'value.split is not a function', 'startsWith is not a function', or 'delimited style "
    "is only applicable to array parameter') and the connection drops; the SDK sends what "
    "OpenAPI's style table says (tests/sdk/test_sdk_params.py)"
)

LEDGER: dict[str, Ledger] = {
    **{spec: Ledger(operations=count) for spec, count in _ALL_PASS.items()},
    "oai-examples/v3.1/webhook-example.yaml": _NO_OPERATIONS,
    "openapi-python-client/docstrings_on_attributes.yml": _NO_OPERATIONS,
    "readme-oas-examples/3.1/webhooks.yaml": _NO_OPERATIONS,
    "stripe/spec3.yaml": Ledger(
        operations=468,
        local_refs=(
            "Prism's own loader dereferences Stripe's 4 MB spec and walks each schema once per path "
            "that reaches it: still 'Starting Prism' after 15 minutes on the 2-core machine (a slice "
            "of 20 paths with the 529 components they reach: still starting after 5 minutes)"
        ),
        form_body_front=(
            "Prism's deepObject reader misreads Stripe's form bodies (an empty object for every object "
            "property left out, then 422 for its missing required keys; each object of an array of "
            "objects parsed again as JSON text, 415): express-openapi-validator validates those bodies"
        ),
        # The async tests send the very requests the sync ones do, through the async client
        # the other specs' runs cover: without them Stripe's 468 operations fit the budget.
        tests="not TestAsync",
        known=(
            Known(
                PRISM,
                "Prism's deepObject reader builds an object for every object-typed property the schema "
                "declares, sent or not, with nothing in it: an optional object the call leaves out "
                "(automatic_tax, customer_details, file_link_data...) then lacks its own required "
                "properties and Prism answers 422, for the required-only calls too. The form body "
                "front takes urlencoded bodies only: these are queries (express-openapi-validator's "
                "deepObject query reader does the same) and one multipart body",
                _ops("checkout_sessions", "list")
                + _ops("files", "create")
                + _ops("invoices_upcoming", "retrieve")
                + _ops("invoices_upcoming_lines", "list")
                + _ops("subscriptions", "list")
                + _ops("treasury_received_credits", "list"),
            ),
            Known(
                PRISM,
                "Prism accepts the call and answers with a sample of a recursive schema (PaymentIntent, "
                "SetupIntent: last_payment_error.payment_intent.last_payment_error...) that its sampler "
                "cuts short with an empty object, which lacks the required 'type' or 'amount': the SDK, "
                "strict in its tests, refuses the answer",
                _ops(
                    "invoices",
                    "create",
                    "finalize",
                    "list",
                    "mark_uncollectible",
                    "pay",
                    "retrieve",
                    "search",
                    "send",
                    "update",
                    "void",
                )
                + _ops(
                    "payment_intents",
                    "apply_customer_balance",
                    "cancel",
                    "capture",
                    "confirm",
                    "create",
                    "increment_authorization",
                    "list",
                    "retrieve",
                    "search",
                    "update",
                )
                + _ops("payment_intents_verify_microdeposits", "create")
                + _ops("setup_attempts", "list")
                + _ops("setup_intents", "cancel", "confirm", "create", "list", "retrieve", "update")
                + _ops("setup_intents_verify_microdeposits", "create"),
                accepted=True,
            ),
        ),
    ),
    "apis-guru/bbc.com/1.0.0/openapi.yaml": Ledger(
        operations=25,
        known=(
            Known(
                PRISM,
                "Prism validates the call and accepts it, then cannot build the answer: the "
                "response schema has no example and its sampler gives up (500 SCHEMA_TOO_COMPLEX)",
                _ops(
                    "feeds",
                    "list_availability",
                    "list_broadcasts",
                    "list_groups",
                    "list_images",
                    "list_items",
                    "list_masterbrands",
                    "list_people",
                    "list_pips",
                    "list_programme_details",
                    "list_programmes",
                    "list_promotions",
                    "list_schedules",
                    "list_services",
                    "list_versions",
                )
                + _ops(
                    "raw",
                    "get_ancestors",
                    "get_brand",
                    "get_brand_franchises",
                    "get_episode",
                    "get_formats",
                    "get_genre_groups",
                    "get_image",
                    "get_masterbrand",
                    "get_promotion",
                ),
                accepted=True,
            ),
        ),
    ),
    "apis-guru/canada-holidays.ca/1.0/openapi.yaml": Ledger(
        operations=5,
        known=(
            Known(
                SPEC,
                "the example Prism answers with has federal: 1 (a number) where the schema allows "
                "only the strings '0', '1', 'true', 'false'; the SDK, strict in its tests, refuses "
                "it (Prism's log flags the same violation)",
                _ops("holidays", "list_api_v1", "retrieve")
                + _ops("provinces", "get_api_v1")
                + _ops("root", "get_api_v1_provinces_province_id"),
                accepted=True,
            ),
        ),
    ),
    "apis-guru/googleapis.com/youtube/v3/openapi.yaml": Ledger(
        operations=73,
        known=(
            Known(
                SPEC,
                "the upload bodies are application/octet-stream, image/* or video/* with an object "
                "schema (Caption, ChannelBannerResource, Video, InvideoBranding): no byte sequence "
                "of those media types is a JSON object, so Prism refuses every body",
                _ops("captions", "insert", "update")
                + _ops("channel_banners", "insert")
                + _ops("videos", "insert")
                + _ops("watermarks", "set"),
            ),
        ),
    ),
    "apis-guru/twitter.com/labs/1.12/openapi.yaml": Ledger(
        operations=10,
        known=(
            Known(
                PRISM,
                "Prism accepts the call and answers with a tweet it generated whose discriminator "
                "format is 'string', not compact, default or detailed, and which lacks required "
                "properties (its own log flags both): the item stays a raw dict, not a tweet model",
                _ops("search", "tweets_recent"),
                accepted=True,
            ),
        ),
    ),
    "openapi-python-client/baseline_openapi_3.0.json": Ledger(operations=50, known=_BASELINE),
    "openapi-python-client/baseline_openapi_3.1.yaml": Ledger(
        operations=50,
        known=(
            *_BASELINE,
            Known(
                SPEC,
                "the body schema is oneOf: [AModel, AModel], so every value matches both branches "
                "and none matches exactly one",
                _ops("types_unions_duplicate_types", "create"),
            ),
        ),
    ),
    "openapi-python-client/3.1_specific.openapi.yaml": Ledger(
        operations=2,
        known=(
            Known(
                PRISM,
                "the required query parameter is named 'required query'; the SDK sends "
                "required+query=..., which decodes to that name, but Prism accepts only a key that "
                "decodes to 'required%20query' (a double-encoded spelling no correct client sends)",
                _ops("const", "update"),
            ),
        ),
    ),
    "openapi-python-client/openapi_3.1_enums.yaml": Ledger(
        operations=4,
        known=(
            Known(
                SPEC,
                "the required query array an_enum_value_with_only_null allows only null items, and "
                "HTTP has no way to spell a null in a query: the test skips saying so",
                _ops("tests", "get_user_list"),
            ),
            Known(
                PRISM,
                "the multipart body has array properties and no encoding; the SDK sends one part "
                "per item (RFC 7578 4.3), and Prism keeps one string per part name, so 'must be array'",
                _ops("tests", "post_user_list"),
            ),
        ),
    ),
    "readme-oas-examples/3.1/schema-types.yaml": Ledger(
        operations=23,
        known=(
            Known(
                SPEC,
                "the body schema is allOf: [{type: string}, {type: integer}], which no value "
                "satisfies; the test skips saying so",
                _ops("quirks", "entirely_incompatible_all", "partially_usable_incompatible_all"),
            ),
        ),
    ),
    "readme-oas-examples/3.1/parameters-style.yaml": Ledger(
        operations=25,
        known=(
            Known(
                PRISM,
                _STYLE_CRASH,
                _ops("header", "headers_standard", "headers_simple_non_exploded", "headers_simple_exploded")
                + _ops(
                    "path",
                    "paths_standard",
                    "paths_simple_non_exploded",
                    "paths_simple_exploded",
                    "paths_label_non_exploded",
                    "paths_matrix_non_exploded",
                )
                + _ops("query", "space_delimited_non_exploded", "pipe_delimited_non_exploded")
                + _ops(
                    "multipart_form_data_encoding",
                    "form_data_space_delimited_non_exploded",
                    "form_data_pipe_delimited_non_exploded",
                ),
            ),
            Known(
                PRISM,
                "multipart parts are sent as OpenAPI says (arrays one part per item, objects as "
                "application/json), but without an encoding style Prism parses no part as an "
                "array or object",
                _ops("multipart_form_data_encoding", "form_data_standard"),
            ),
            Known(
                PRISM,
                "style form, explode false needs the ',' delimiter (part 'foo,string,bar,string'); "
                "multipart parts are not percent-encoded (OpenAPI Appendix E), yet Prism applies "
                "its reserved-character check to them",
                _ops("multipart_form_data_encoding", "form_data_form_non_exploded"),
            ),
        ),
    ),
    "twilio/twilio_verify_v2.json": Ledger(
        operations=57,
        known=(
            Known(
                PRISM,
                "the form body has array properties (EventTypes, Details.Fields) and no encoding; "
                "the SDK repeats the key per item (OpenAPI's default form/explode, and Twilio's "
                "wire format), and Prism keeps only one string per key, so 'must be array'",
                _ops("verify_v2_webhook", "create", "update") + _ops("verify_v2_challenge", "create"),
            ),
        ),
    ),
}


if __name__ == "__main__":
    passed, accepted, total = conformance(LEDGER)
    print(
        f"{passed} of {total} operations pass ({100 * passed / total:.1f}%); Prism accepted the calls "
        f"of {passed + accepted} ({100 * (passed + accepted) / total:.1f}%)"
    )
