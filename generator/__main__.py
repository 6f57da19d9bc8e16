"""``python -m generator``."""

import sys

if sys.argv[1:2] == ["generate"]:
    # Before anything else: openapi-spec-validator's import then overlaps the whole run.
    from .spec.early import start

    start()

from .cli import main  # after the validator process is started

sys.exit(main(prog="python -m generator"))
