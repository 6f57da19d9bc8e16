"""Specs with one mistake each, as text: their line layout matters, tests assert line:column."""

from __future__ import annotations

GOOD_WITHOUT_OWNER = """\
openapi: "3.0.3"
info:
  title: Pets
  version: "1.0.0"
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pet'
components:
  schemas:
    Pet:
      type: object
      properties:
        name:
          type: string
"""

GOOD = GOOD_WITHOUT_OWNER + """\
    Owner:
      type: object
      properties:
        id:
          type: integer
"""

# The `$ref` value is on line 15, column 23.
BAD_REF = """\
openapi: "3.0.3"
info:
  title: Pets
  version: "1.0.0"
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Nope'
components:
  schemas:
    Pet:
      type: object
"""
BAD_REF_POINTER = "#/paths/~1pets/get/responses/200/content/application~1json/schema/$ref"

# A schema cycle through two components; `A` is on line 8 (its value on line 9, column 7).
SCHEMA_CYCLE = """\
openapi: "3.1.0"
info:
  title: Cycle
  version: "1.0.0"
paths: {}
components:
  schemas:
    A:
      $ref: '#/components/schemas/B'
    B:
      $ref: '#/components/schemas/A'
"""

# Line 4 is indented one space too far: the parser fails at its ':' (line 4, column 11).
BAD_INDENT = """\
openapi: "3.0.3"
info:
  title: Pets
   version: "1.0.0"
paths: {}
"""

# The flow sequence opened on line 8 is never closed; the parser notices on line 9, column 16.
UNCLOSED_BRACKET = """\
openapi: "3.0.3"
info:
  title: Pets
  version: "1.0.0"
paths:
  /pets:
    get:
      tags: [pets, animals
      responses:
        "200":
          description: ok
"""

# A stray comma on line 4, column 13.
BAD_JSON_STRAY_COMMA = """\
{
  "openapi": "3.0.3",
  "info": {"title": "Pets", "version": "1.0.0"},
  "paths": {,}
}
"""

# A missing comma at the end of line 3: the parser expects it at line 4, column 3.
BAD_JSON_MISSING_COMMA = """\
{
  "openapi": "3.0.3",
  "info": {"title": "Pets", "version": "1.0.0"}
  "paths": {}
}
"""

SWAGGER = """\
swagger: "2.0"
info:
  title: Pets
  version: "1.0.0"
paths: {}
"""

PLAIN_MAPPING = """\
title: Pets
version: "1.0.0"
paths: {}
"""

TOP_LEVEL_LIST = """\
- openapi
- "3.0.3"
"""

OPENAPI_4 = """\
openapi: "4.0.0"
info:
  title: Pets
  version: "1.0.0"
paths: {}
"""

# Specs with one mistake each. Their line layout matters: tests assert line:column.
MISSING_BODY_REF = """\
openapi: "3.1.0"
info:
  title: "A request body whose $ref leads nowhere"
  version: "1.0.0"
paths:
  /:
    post:
      requestBody:
        $ref: "#/components/requestBodies/body"
      responses:
        "204":
          description: "Stored"
"""

CIRCULAR_BODY_REF = MISSING_BODY_REF.replace("leads nowhere", "leads to itself") + """\
components:
  requestBodies:
    body:
      $ref: "#/components/requestBodies/body"
"""

OPTIONAL_PATH_PARAM = """\
openapi: "3.1.0"
info:
  title: "A path parameter that says it may be left out"
  version: "1.0.0"
paths:
  "/{optional}":
    get:
      parameters:
        - in: "path"
          name: "optional"
          schema:
            type: "string"
      responses:
        "200":
          description: "The item"
          content:
            "application/json":
              schema:
                type: "string"
"""

BAD_STATUS_CODE = """\
openapi: "3.1.0"
info:
  title: "A response code that is not a status"
  version: "1.0.0"
paths:
  "/":
    get:
      responses:
        "abcdef":
          description: "Something"
          content:
            "application/json":
              schema:
                type: "string"
"""

# Valid for the generator, but openapi-spec-validator finds `info.version` missing (only it).
NO_VERSION = """\
openapi: 3.0.3
info:
  title: Pets
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
"""

INLINE_SPECS: dict[str, str] = {
    "good.yaml": GOOD,
    "no-version.yaml": NO_VERSION,
    "bad-ref.yaml": BAD_REF,
    "schema-cycle.yaml": SCHEMA_CYCLE,
    "bad-indent.yaml": BAD_INDENT,
    "unclosed.yaml": UNCLOSED_BRACKET,
    "stray-comma.json": BAD_JSON_STRAY_COMMA,
    "missing-comma.json": BAD_JSON_MISSING_COMMA,
    "swagger.yaml": SWAGGER,
    "plain.yaml": PLAIN_MAPPING,
    "list.yaml": TOP_LEVEL_LIST,
    "openapi4.yaml": OPENAPI_4,
    "missing-body-ref.yaml": MISSING_BODY_REF,
    "circular-body-ref.yaml": CIRCULAR_BODY_REF,
    "optional-path-param.yaml": OPTIONAL_PATH_PARAM,
    "bad-status-code.yaml": BAD_STATUS_CODE,
}
