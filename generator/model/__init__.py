"""The intermediate model and its building: resolved documents in, an immutable ``Api`` out.

Takes what :mod:`generator.spec` read; gives frozen dataclasses (``model.ir``) naming every
resource, operation, model and enum in Python terms, plus the type spelling they share.
"""
