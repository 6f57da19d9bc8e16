# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""The SDK's version (the API version of the spec it was generated from, unless configured)."""

__version__ = "1.1.1"
