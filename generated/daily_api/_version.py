# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""The SDK's package version: [tool.generator] version, else the spec's info.version as PEP 440."""

__version__ = "1.1.1"
