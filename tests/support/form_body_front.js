#!/usr/bin/env node
/*
 * A front for Prism that validates deepObject form bodies with express-openapi-validator.
 *
 * Called as Prism is (`form_body_front.js mock SPEC -p PORT -h HOST`, so a generated SDK's test
 * conftest starts it as it starts Prism, through $PRISM), it serves SPEC on HOST:PORT with Prism
 * ($FORM_FRONT_PRISM, the same command line) answering behind it.
 *
 * Why: Prism's deepObject reader misreads `application/x-www-form-urlencoded` bodies whose
 * encoding says `style: deepObject` (Stripe's): it builds an empty object for every object
 * property the body leaves out, then finds it lacks its required keys (422), and it parses each
 * object of an array of objects again as JSON text (415). Those bodies are validated here
 * instead, by express-openapi-validator (Ajv over the spec's own schema, the body read by `qs`,
 * the bracket syntax deepObject writes: `items[0][price]=...`, its strings coerced to the
 * schema's scalar types), and Prism, started on a copy of SPEC where each such body's schema is
 * `{type: object}` (media type and `required` kept), still validates the rest of the request
 * (path, query, headers, media type) and builds the answer.
 *
 * What validates what, per request, is in the log (stdout, with Prism's own lines): for a call
 * to an operation with such a body the front writes one line, ✔ or ✖ with the validator's
 * message. A refused call gets 422 (415 for another media type) from the front and never reaches
 * Prism; an accepted one is forwarded byte for byte.
 *
 * The validator's copy of SPEC keeps only those operations, and of their parameters only the
 * path ones (the rest is Prism's), and drops `nullable` where a schema has no `type`: OpenAPI
 * 3.0.3 gives it no meaning there, and Ajv refuses such a schema outright.
 */
"use strict";

const childProcess = require("child_process");
const fs = require("fs");
const http = require("http");
const net = require("net");
const os = require("os");
const path = require("path");
const { createRequire } = require("module");

const express = require("express");
const OpenApiValidator = require("express-openapi-validator");
const fromValidator = createRequire(require.resolve("express-openapi-validator"));
const yaml = fromValidator("js-yaml");
const { fullFormats } = fromValidator("ajv-formats/dist/formats");

const FORM = "application/x-www-form-urlencoded";
const WARM_UP = "x-form-front-warm-up";
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const PASSED = "express-openapi-validator: the form body passed the validation rules";
const REFUSED = "express-openapi-validator: the form body did not pass the validation rules";

function log(line) {
  process.stdout.write(`[FORM FRONT] ${line}\n`);
}

function argumentsOf(argv) {
  const [command, spec, ...rest] = argv;
  const named = {};
  for (let i = 0; i < rest.length; i += 2) named[rest[i]] = rest[i + 1];
  if (command !== "mock" || !spec || !named["-p"]) {
    throw new Error("usage: form_body_front.js mock SPEC -p PORT [-h HOST]");
  }
  return { spec, port: Number(named["-p"]), host: named["-h"] || "127.0.0.1" };
}

function hasDeepObjectFormBody(operation) {
  const content = (operation && operation.requestBody && operation.requestBody.content) || {};
  const form = content[FORM];
  return Boolean(form && Object.values(form.encoding || {}).some((e) => e && e.style === "deepObject"));
}

/** Each operation (`[path, method]`) whose form body Prism's deepObject reader would read. */
function deepObjectFormOperations(document) {
  const found = [];
  for (const [route, item] of Object.entries(document.paths || {})) {
    for (const method of METHODS) {
      if (item && hasDeepObjectFormBody(item[method])) found.push([route, method]);
    }
  }
  return found;
}

/** SPEC for Prism: each such form body's schema is `{type: object}`, so its reader has nothing to refuse. */
function prismCopy(document, operations) {
  const copy = JSON.parse(JSON.stringify(document));
  for (const [route, method] of operations) {
    const body = copy.paths[route][method].requestBody;
    body.content = { ...body.content, [FORM]: { schema: { type: "object" } } };
  }
  return copy;
}

function withoutUntypedNullable(node) {
  if (Array.isArray(node)) return node.map(withoutUntypedNullable);
  if (node === null || typeof node !== "object") return node;
  const copy = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "nullable" && node.type === undefined) continue;
    copy[key] = withoutUntypedNullable(value);
  }
  return copy;
}

/**
 * SPEC for the validator: the paths of those operations, with their path parameters and bodies;
 * the other methods of those paths are left in without parameters or body, so that they pass.
 */
function validatorCopy(document, operations) {
  const paths = {};
  const onlyPath = (parameters) => (parameters || []).filter((p) => p.in === "path");
  for (const [route, method] of operations) {
    const item = document.paths[route];
    if (!paths[route]) {
      paths[route] = { parameters: onlyPath(item.parameters) };
      for (const other of METHODS.filter((m) => item[m])) {
        paths[route][other] = { responses: { default: { description: "Prism's" } }, security: [] };
      }
    }
    paths[route][method] = { ...item[method], parameters: onlyPath(item[method].parameters), security: [] };
  }
  return withoutUntypedNullable({ ...document, paths, security: [] });
}

/** The formats the validator's copy names that Ajv does not know: checked by nobody, said once. */
function unknownFormats(document) {
  const names = new Set();
  JSON.stringify(document, (key, value) => {
    if (key === "format" && typeof value === "string" && !(value in fullFormats)) names.add(value);
    return value;
  });
  return Object.fromEntries([...names].sort().map((name) => [name, true]));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startPrism(document, folder) {
  const command = process.env.FORM_FRONT_PRISM;
  if (!command) throw new Error("FORM_FRONT_PRISM names no Prism command");
  const spec = path.join(folder, "prism-openapi.json");
  fs.writeFileSync(spec, JSON.stringify(document));
  const port = await freePort();
  const prism = childProcess.spawn(command, ["mock", spec, "-p", String(port), "-h", "127.0.0.1"], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  process.on("exit", () => prism.exitCode === null && prism.kill());
  prism.on("exit", (code, signal) => {
    log(`Prism exited (${signal || code}): the front stops too`);
    process.exit(1);
  });
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => socket.end() && resolve(true));
      socket.on("error", () => resolve(false));
    });
    if (open) return { prism, port };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function forward(prismPort) {
  return (req, res) => {
    const upstream = http.request(
      { host: "127.0.0.1", port: prismPort, method: req.method, path: req.originalUrl, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode, answer.rawHeaders);
        answer.pipe(res);
      }
    );
    upstream.on("error", (error) => res.status(502).json({ message: `Prism: ${error.message}` }));
    if (req.rawBody !== undefined) upstream.end(req.rawBody);
    else req.pipe(upstream);
  };
}

function application(document, operations, prismPort) {
  const routes = new Set(operations.map(([route, method]) => `${method} ${route}`));
  const validated = validatorCopy(document, operations);
  const app = express();
  app.disable("x-powered-by");
  // The form reader `qs`, as deepObject writes; the raw bytes are kept to forward them unchanged.
  app.use(
    express.urlencoded({
      extended: true,
      limit: "20mb",
      parameterLimit: 100000,
      verify: (req, res, raw) => {
        req.rawBody = raw;
      },
    })
  );
  app.use(
    OpenApiValidator.middleware({
      apiSpec: validated,
      validateRequests: { coerceTypes: true, allowUnknownQueryParameters: true },
      validateResponses: false,
      validateSecurity: false,
      ignoreUndocumented: true,
      formats: unknownFormats(validated),
    })
  );
  app.use((req, res, next) => {
    if (req.openapi && routes.has(`${req.method.toLowerCase()} ${req.openapi.openApiRoute}`)) {
      log(`${req.method} ${req.originalUrl} ✔ ${PASSED}`);
    }
    next();
  });
  app.use((req, res, next) => (req.get(WARM_UP) ? res.status(204).end() : next()));
  app.use(forward(prismPort));
  app.use((error, req, res, next) => {
    const status = error.status === 415 ? 415 : 422;
    const said = (error.errors || []).map((e) => `${e.path}: ${e.message}`).join("; ") || error.message;
    log(`${req.method} ${req.originalUrl} ✖ ${REFUSED}: ${said}`);
    res.status(status).json({ type: "form-body-front", title: REFUSED, status, detail: said });
  });
  return app;
}

/**
 * One request the validator ignores and Prism never sees, so that the validator reads the spec
 * (it does on its first request, for some seconds on Stripe's) before the tests' first call.
 */
function warmUp(app) {
  return new Promise((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      const request = http.request(
        { host: "127.0.0.1", port, method: "OPTIONS", path: "/", headers: { [WARM_UP]: 1 } },
        (answer) => answer.resume().on("end", () => server.close(resolve))
      );
      request.on("error", () => server.close(resolve));
      request.end();
    });
  });
}

async function main() {
  const { spec, port, host } = argumentsOf(process.argv.slice(2));
  const document = yaml.load(fs.readFileSync(spec, "utf8"));
  const operations = deepObjectFormOperations(document);
  if (operations.length === 0) {
    throw new Error(`${spec} has no ${FORM} body with a deepObject encoding: run Prism itself`);
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "form-front-"));
  process.on("exit", () => fs.rmSync(folder, { recursive: true, force: true }));
  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
  const { port: prismPort } = await startPrism(prismCopy(document, operations), folder);
  const app = application(document, operations, prismPort);
  await warmUp(app);
  app.listen(port, host, () => {
    log(`${operations.length} ${FORM} bodies validated here, Prism behind on ${prismPort}`);
  });
}

main().catch((error) => {
  log(`cannot start: ${error.message}`);
  process.exit(1);
});
