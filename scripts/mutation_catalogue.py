"""The catalogue of :mod:`mutation`: named, plausible bugs, each with the tests that must catch it.

An entry changes ``find`` (which must occur exactly once in ``file``) into ``replace``.
Areas: ``runtime`` (the generated SDK's templates), ``diff`` (drift rules and report),
``naming``, ``schemas`` (the model builder), ``spec`` (reading and ``$ref``), ``emit``
(views, docs, writing) and ``caches``. A mutation that survives is closed by a new
test, or removed from here with its reason written down.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mutation:
    name: str
    area: str
    file: str
    find: str
    replace: str
    tests: tuple[str, ...]
    why: str


_BASE = "templates/sdk/package/_base_client.py.j2"
_MODELS = "templates/sdk/package/_models.py.j2"
_HTTP = "tests/test_sdk_http.py"
_POLICIES = "tests/test_sdk_policies.py"
_FEATURES = "tests/test_sdk_features.py"
_PARAMS = "tests/test_sdk_params.py"
_DIFF = "tests/test_diff.py"
_RESPONSES = "tests/test_sdk_responses.py"

CATALOGUE: tuple[Mutation, ...] = (
    # ------------------------------------------------------------------ runtime
    Mutation(
        "retry-after-ignored",
        "runtime",
        _BASE,
        "            if retry_after is not None and 0 <= retry_after <= MAX_RETRY_AFTER:",
        "            if False:",
        (_POLICIES, _HTTP),
        "Retry-After is ignored: the backoff alone decides the wait.",
    ),
    Mutation(
        "no-retry-on-408-409",
        "runtime",
        _BASE,
        "_RETRYABLE_STATUSES = frozenset({408, 409, 429})",
        "_RETRYABLE_STATUSES = frozenset({429})",
        (_POLICIES,),
        "408 and 409 are no longer retried.",
    ),
    Mutation(
        "x-should-retry-ignored",
        "runtime",
        _BASE,
        '        if override in ("true", "false"):',
        "        if False:",
        (_POLICIES,),
        "The server's x-should-retry override is ignored.",
    ),
    Mutation(
        "no-retry-on-5xx",
        "runtime",
        _BASE,
        "        return response.status_code in _RETRYABLE_STATUSES or response.status_code >= 500",
        "        return response.status_code in _RETRYABLE_STATUSES",
        (_HTTP,),
        "Server errors are not retried.",
    ),
    Mutation(
        "retry-4xx",
        "runtime",
        _BASE,
        "        return response.status_code in _RETRYABLE_STATUSES or response.status_code >= 500",
        "        return response.status_code >= 400",
        (_HTTP,),
        "Client errors are retried too.",
    ),
    Mutation(
        "list-path-slash-unencoded",
        "runtime",
        _BASE,
        '        return ",".join(urllib.parse.quote(_text(v), safe="") for v in value)',
        '        return ",".join(urllib.parse.quote(_text(v), safe="/") for v in value)',
        (_POLICIES, _PARAMS),
        "A / inside a list-valued path parameter is not percent-encoded.",
    ),
    Mutation(
        "path-slash-unencoded",
        "runtime",
        _BASE,
        '    return urllib.parse.quote(_text(value), safe="")\n',
        '    return urllib.parse.quote(_text(value), safe="/")\n',
        (_HTTP, _PARAMS),
        "A / inside a path parameter is not percent-encoded.",
    ),
    Mutation(
        "booleans-as-python",
        "runtime",
        _BASE,
        '    if value is True:\n        return "true"',
        '    if value is True:\n        return "True"',
        (_PARAMS,),
        "Booleans go on the wire as Python spells them.",
    ),
    Mutation(
        "unknown-enum-value-dropped",
        "runtime",
        _MODELS,
        "            return self._values.get(value, value)",
        "            return self._values.get(value)",
        (_HTTP, "tests/test_models.py"),
        "An enum value the SDK does not know is lost when read.",
    ),
    Mutation(
        "unknown-discriminator-tag-crashes",
        "runtime",
        _MODELS,
        "        return model().from_dict(value) if model is not None else dict(value)",
        "        return model().from_dict(value)",
        (_FEATURES,),
        "An unknown discriminator tag raises instead of keeping the raw object.",
    ),
    Mutation(
        "none-sent-as-null",
        "runtime",
        _MODELS,
        "            if value is UNSET or (value is None and not spec.nullable):",
        "            if value is UNSET:",
        (_HTTP, "tests/test_models.py"),
        "Optional fields left at None are sent as JSON null.",
    ),
    Mutation(
        "extra-fields-dropped",
        "runtime",
        _MODELS,
        "        for key, value in self.additional_properties.items():\n"
        "            data[key] = to_wire(value)\n",
        "",
        ("tests/test_models.py", _FEATURES),
        "Unknown fields read from an answer are not written back.",
    ),
    Mutation(
        "disallowed-null-not-kept",
        "runtime",
        _MODELS,
        "                extra[key] = None\n",
        "                pass\n",
        ("tests/test_models.py",),
        "A null the spec does not allow is dropped instead of round-tripping.",
    ),
    Mutation(
        "bearer-prefix-lost",
        "runtime",
        _BASE,
        'headers["Authorization"] = f"Bearer {self._api_key}"',
        'headers["Authorization"] = f"{self._api_key}"',
        (_HTTP,),
        "The API key is sent without the Bearer scheme.",
    ),
    Mutation(
        "5xx-not-internal-server-error",
        "runtime",
        "templates/sdk/package/errors.py.j2",
        "        error_class = InternalServerError if response.status_code >= 500 else APIStatusError",
        "        error_class = APIStatusError",
        (_HTTP,),
        "5xx answers raise the generic status error.",
    ),
    Mutation(
        "sse-data-lines-not-joined",
        "runtime",
        "templates/sdk/package/_streaming.py.j2",
        '            event = ServerSentEvent("\\n".join(self._data), self._event, self._last_id, self._retry)',
        '            event = ServerSentEvent(self._data[-1], self._event, self._last_id, self._retry)',
        (_RESPONSES,),
        "An event's data lines are not joined: only the last one is kept.",
    ),
    Mutation(
        "copy-owns-the-pool",
        "runtime",
        _BASE,
        "        new._owns_http = False  # the pool stays the original client's, shared",
        "        new._owns_http = self._owns_http",
        (_RESPONSES,),
        "Closing a copy made by with_options() closes the pool the original client still uses.",
    ),
    Mutation(
        "streamed-body-read-whole",
        "runtime",
        _BASE,
        "        if stream and response.is_success:\n            return response\n",
        "",
        (_RESPONSES,),
        "with_streaming_response reads the whole body before returning it.",
    ),
    Mutation(
        "log-url-not-redacted",
        "runtime",
        _BASE,
        "            self._redact(str(request.url)),\n            response.status_code,",
        "            str(request.url),\n            response.status_code,",
        (_RESPONSES,),
        "The logged URL shows a credential sent in the query string.",
    ),
    # ------------------------------------------------------------------ diff
    Mutation(
        "required-property-removal-unreported",
        "diff",
        "generator/drift/types.py",
        "            if wire not in after:\n                self._emit(",
        "            if wire not in after:\n"
        "                if old_f.required:\n"
        "                    continue\n"
        "                self._emit(",
        (_DIFF,),
        "Removing a required property is not reported.",
    ),
    Mutation(
        "property-became-required-unreported",
        "diff",
        "generator/drift/types.py",
        "            if old_f.required != new_f.required:",
        "            if False:",
        (_DIFF,),
        "A property that became required (or optional) is not reported.",
    ),
    Mutation(
        "reorder-exits-1",
        "diff",
        "generator/drift/report.py",
        "    if not result.has_differences or result.only_reordered:",
        "    if not result.has_differences:",
        (_DIFF,),
        "Reordering alone makes diff exit 1 while it says there is no semantic change.",
    ),
    Mutation(
        "threshold-ignored",
        "diff",
        "generator/drift/report.py",
        "    return 2 if result.at_least(fail_on) else 1",
        "    return 2 if result.changes else 1",
        (_DIFF,),
        "--fail-on is ignored: any change exits 2.",
    ),
    Mutation(
        "enum-removal-unreported",
        "diff",
        "generator/drift/types.py",
        '                    f"{direction}-enum-value-removed",',
        '                    f"{direction}-enum-value-added",',
        (_DIFF,),
        "A removed enum value is reported as an added one.",
    ),
    # ------------------------------------------------------------------ naming
    Mutation(
        "keywords-not-escaped",
        "naming",
        "generator/model/naming.py",
        "    if keyword.iskeyword(name) or name in _SHADOWED_BUILTINS:",
        "    if name in _SHADOWED_BUILTINS:",
        ("tests/test_naming.py", "tests/test_text.py"),
        "A property called class or for becomes an invalid attribute.",
    ),
    Mutation(
        "names-unique-by-case",
        "naming",
        "generator/model/naming.py",
        "            if candidate.casefold() not in self._taken:",
        "            if candidate not in self._taken:",
        ("tests/test_naming.py",),
        "Names differing only in case collide as file names.",
    ),
    Mutation(
        "singular-drops-any-s",
        "naming",
        "generator/model/naming.py",
        "    if word.endswith(_SINGULAR_S) or len(word) <= 3:",
        "    if len(word) <= 3:",
        ("tests/test_naming.py",),
        "status becomes statu.",
    ),
    # ------------------------------------------------------------------ schemas
    Mutation(
        "nullable-ignored",
        "schemas",
        "generator/model/schemas.py",
        '        if schema.get("nullable") is True and not isinstance(base, NullableType) and base != ANY:',
        "        if False:",
        ("tests/test_ir.py", _FEATURES),
        "OpenAPI 3.0 nullable: true is ignored.",
    ),
    Mutation(
        "discriminator-keyed-by-class-name",
        "schemas",
        "generator/model/schemas.py",
        '                    mapping.setdefault(_last_token(component.split("#", 1)[1]), variant.name)',
        "                    mapping.setdefault(variant.name, variant.name)",
        (_POLICIES, _FEATURES),
        "Without a mapping, variants are keyed by class name instead of schema name.",
    ),
    Mutation(
        "read-only-required-for-callers",
        "schemas",
        "generator/emit/model_views.py",
        '    if f.required and not f.read_only:\n        return text, ""',
        '    if f.required:\n        return text, ""',
        (_FEATURES,),
        "A required read-only field must be passed by callers.",
    ),
    Mutation(
        "nullable-optional-defaults-none",
        "schemas",
        "generator/emit/model_views.py",
        '    if f.nullable:\n        return f"{text} | Unset", " = UNSET"',
        '    if False:\n        return f"{text} | Unset", " = UNSET"',
        (_FEATURES, "tests/test_models.py"),
        "An optional nullable field defaults to None, so None can no longer mean null.",
    ),
    # ------------------------------------------------------------------ spec
    Mutation(
        "ref-cycles-undetected",
        "spec",
        "generator/spec/refs.py",
        "            if current.key in seen:",
        "            if len(seen) > 10_000:",
        ("tests/test_bad_input.py", "tests/test_refs.py"),
        "A $ref cycle is followed until the recursion limit instead of reported.",
    ),
    Mutation(
        "yaml-1.1-booleans",
        "spec",
        "generator/spec/source.py",
        '    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")',
        '    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE|yes|no)$"), list("tTfFyn")',
        ("tests/test_source.py",),
        "yes/no are read as booleans (Daily's lang enum has a 'no').",
    ),
    # ------------------------------------------------------------------ emit
    Mutation(
        "output-path-escape",
        "emit",
        "generator/emit/writer.py",
        '    if path.is_absolute() or ".." in path.parts or not path.parts'
        ' or "\\\\" in relative or ":" in relative:',
        "    if path.is_absolute() or not path.parts:",
        ("tests/test_bad_input.py",),
        "A generated path may leave the output folder.",
    ),
    Mutation(
        "stray-files-ignored",
        "emit",
        "generator/emit/writer.py",
        "        return not (self.stale or self.missing or self.extra or self.stray)",
        "        return not (self.stale or self.missing or self.extra)",
        ("tests/test_check.py", "tests/test_bad_input.py"),
        "check passes with a stray module in the package.",
    ),
    Mutation(
        "table-pipes-unescaped",
        "emit",
        "generator/model/text.py",
        '    escaped = markdown_text(text).replace("|", "\\\\|")',
        "    escaped = markdown_text(text)",
        ("tests/test_text.py",),
        "A | in a description breaks the reference table.",
    ),
    Mutation(
        "docstring-quotes-unescaped",
        "emit",
        "generator/model/text.py",
        '    text = text.replace("\\\\", "\\\\\\\\").replace(\'"""\', \'\\\\"\\\\"\\\\"\')',
        '    text = text.replace("\\\\", "\\\\\\\\")',
        ("tests/test_text.py",),
        'A """ in a description ends the docstring early.',
    ),
    Mutation(
        "html-links-live",
        "emit",
        "generator/model/html_text.py",
        "            safe = href if _SAFE_URL.match(href.strip()) else None",
        "            safe = href",
        ("tests/test_text.py",),
        "A javascript: link in a description becomes a live Markdown link.",
    ),
    Mutation(
        "help-without-fields",
        "emit",
        "generator/emit/model_views.py",
        '    if model.fields:\n        lines += ["", "Attributes:"]',
        '    if False:\n        lines += ["", "Attributes:"]',
        ("tests/test_docs.py",),
        "help(Model) no longer lists the fields.",
    ),
    Mutation(
        "examples-ignored",
        "emit",
        "generator/emit/docs.py",
        "        for example in examples:\n            fitted = self.from_example(example, t, imports)",
        "        for example in ():\n            fitted = self.from_example(example, t, imports)",
        ("tests/test_docs.py",),
        "Docs examples use placeholders although the spec has examples.",
    ),
    # ------------------------------------------------------------------ caches
    Mutation(
        "digest-parts-run-together",
        "caches",
        "generator/cache.py",
        '        h.update(len(data).to_bytes(8, "big"))\n',
        "",
        ("tests/test_cache.py",),
        "Cache keys of ('ab', 'c') and ('a', 'bc') collide.",
    ),
    Mutation(
        "cache-unbounded",
        "caches",
        "generator/cache.py",
        "    if total <= max_bytes:\n        return removed",
        "    if True:\n        return removed",
        ("tests/test_cache.py",),
        "The cache grows without bound.",
    ),
    Mutation(
        "cache-not-gitignored",
        "caches",
        "generator/cache.py",
        "                _create_root(self.root)",
        "                self.root.mkdir(parents=True, exist_ok=True)",
        ("tests/test_cache.py",),
        "The cache folder shows up in git status.",
    ),
    Mutation(
        "run-key-ignores-settings",
        "caches",
        "generator/memo.py",
        "    return digest(_generator_digest(), repr(sorted(fields.items())), *texts)",
        "    return digest(_generator_digest(), *texts)",
        ("tests/test_cache.py",),
        "A run with other settings replays the previous run's files.",
    ),
)
