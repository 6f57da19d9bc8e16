#!/usr/bin/env node
/*
 * Prism's own command line (same arguments, server, router, validator, mocker and log), with
 * a loader that builds its operations from a single-document OpenAPI 3 spec without
 * dereferencing it first.
 *
 * Why: Prism's loader (prism-http utils/operations) dereferences the whole document and then
 * "decycles" it (@stoplight/json-schema-ref-parser, @stoplight/json decycle); both walk a
 * schema once for every path that reaches it, so a spec whose schemas reach each other in
 * many ways (Stripe's: most objects hold expandable references to most others) never
 * finishes loading. Here the operations come from the document as written, through the same
 * two steps Prism then runs, which follow local `$ref`s themselves: @stoplight/http-spec's
 * transform, and @stoplight/json's bundleTarget, run once over all the operations, so every
 * operation carries one shared `__bundled__` of the components they reference (Prism's loader
 * bundles per operation over a copy it shares between them, which a document with `$ref`s left
 * in it does not survive). The start-up check of `x-json-schema-faker` parses without
 * dereferencing too.
 *
 * Prism validates a form or multipart body without its operation's bundle, so a `$ref` in such
 * a body's schema would go unchecked: this loader refuses a spec with one, naming the operation.
 */
"use strict";

const { createRequire } = require("module");

const fromCli = createRequire(require.resolve("@stoplight/prism-cli/package.json"));
const fromHttp = createRequire(fromCli.resolve("@stoplight/prism-http/package.json"));
const RefParser = fromHttp("@stoplight/json-schema-ref-parser");
const { transformOas3Operations } = fromHttp("@stoplight/http-spec/oas3/operation");
const { bundleTarget } = fromHttp("@stoplight/json");
const operations = fromHttp("@stoplight/prism-http/dist/utils/operations");

const FORMS = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

RefParser.prototype.dereference = function parseOnly(...args) {
  return this.parse(...args);
};

function refuseFormBodiesWithRefs(operation) {
  const contents = (operation.request && operation.request.body && operation.request.body.contents) || [];
  for (const content of contents) {
    if (FORMS.test(content.mediaType || "") && JSON.stringify(content.schema || {}).includes('"$ref"')) {
      throw new Error(
        `${operation.method.toUpperCase()} ${operation.path}: its ${content.mediaType} body schema has a ` +
          "$ref, which Prism validates only in a dereferenced spec: run prism itself on this spec"
      );
    }
  }
}

operations.getHttpOperationsFromSpec = async function fromLocalRefs(spec) {
  const document = await new RefParser().parse(spec);
  if (typeof document !== "object" || document === null || document.openapi === undefined) {
    throw new Error("this loader reads OpenAPI 3 documents only: run prism itself on this spec");
  }
  const loaded = transformOas3Operations(document);
  loaded.forEach(refuseFormBodiesWithRefs);
  const bundled = bundleTarget({
    document: { ...document, __target__: { operations: loaded } },
    path: "#/__target__",
    cloneDocument: false,
  });
  for (const operation of bundled.operations) {
    operation.__bundled__ = bundled.__bundled__;
  }
  return bundled.operations;
};

fromCli("@stoplight/prism-cli/dist/index.js");
