# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""The API's operations, grouped by resource (``client.meeting_tokens`` and so on).

Each module holds a synchronous class and its ``Async`` twin; clients load them on
first use.
"""
