"""Reading OpenAPI documents: YAML or JSON in, resolved and checked documents out.

Takes spec files (and the files their ``$ref``s reach); gives parsed documents with
line numbers on demand, one ``$ref`` authority, merged documents and validator findings.
"""
