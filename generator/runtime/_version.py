"""The SDK's package version.

The generator writes each SDK its own ``_version.py`` and does not copy this one: it stands
in for it, so that the runtime can be imported, type-checked and tested as source.
"""

__version__ = "0.0.0"
