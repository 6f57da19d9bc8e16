"""What the tests share: paths, spec builders, servers, ledgers and tool runners.

Nothing here is a test module, and no test module imports another: whatever two test
modules need goes here (or into a ``conftest.py`` fixture). ``tests/`` is on ``sys.path``
(``pythonpath`` in pyproject's ``[tool.pytest.ini_options]``), so this is ``support``.
"""
