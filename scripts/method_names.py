"""Print the SDK's method list for a spec: one ``resource.method(parameters)`` line per operation.

A method's name is part of the SDK's public API, so a change to the naming rules is
best judged on real specs, before and after. This script builds only the model (no
files are written) and prints, for each operation in resource order::

    albums.list_saved(limit, offset, market)    GET /me/albums    getUsersSavedAlbums

Usage (from the repository root, with the project's venv)::

    .venv/bin/python scripts/method_names.py SPEC [SPEC ...]          # every resource
    .venv/bin/python scripts/method_names.py SPEC -r albums -r tracks # some resources
    .venv/bin/python scripts/method_names.py SPEC --pyproject pyproject.toml  # with its renames
    .venv/bin/python scripts/method_names.py SPEC --names-only        # no parameters, no routes

Warnings about the spec are not printed; ``python -m generator generate`` shows them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from generator.config import load_settings  # noqa: E402
from generator.diagnostics import SpecError  # noqa: E402
from generator.model.ir import Operation, Resource  # noqa: E402
from generator.pipeline import build_model  # noqa: E402


def method_lines(resources: Sequence[Resource], *, names_only: bool = False) -> Iterator[str]:
    """``qualified.method(arguments)  METHOD /path  operationId`` for every operation."""
    for resource in resources:
        for operation in resource.operations:
            yield _line(resource.qualified_name, operation, names_only)
        yield from method_lines(resource.resources, names_only=names_only)


def _line(qualified: str, operation: Operation, names_only: bool) -> str:
    name = f"{qualified}.{operation.method_name}"
    if names_only:
        return name
    arguments = [p.name for p in operation.parameters]
    if operation.body is not None:
        flattened = operation.body.model is not None
        arguments += [f.argument for f in operation.body.fields] if flattened else ["body"]
    call = f"{name}({', '.join(arguments)})"
    return f"{call:<70} {operation.http_method} {operation.path}    {operation.operation_id}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("specs", nargs="+", type=Path, help="OpenAPI documents (each printed on its own)")
    parser.add_argument("--pyproject", type=Path, help="a pyproject.toml whose [tool.generator] applies")
    parser.add_argument("-r", "--resource", action="append", default=[], help="only this top-level resource")
    parser.add_argument("--names-only", action="store_true", help="resource.method only")
    args = parser.parse_args(argv)
    for spec in args.specs:
        if len(args.specs) > 1:
            print(f"# {spec}")
        with tempfile.TemporaryDirectory() as scratch:
            try:
                settings = load_settings(
                    pyproject=args.pyproject,
                    specs=[str(spec.resolve())],
                    output=scratch,
                    package="sdk",
                    use_cache=False,
                )
                api, _ = build_model(settings)
            except SpecError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
        chosen = [r for r in api.resources if not args.resource or r.name in args.resource]
        for line in method_lines(chosen, names_only=args.names_only):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
