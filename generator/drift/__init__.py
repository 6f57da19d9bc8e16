"""Drift, on top of the pipeline: two specs (or a spec and its upstream) in, changes out.

Semantic diff of two intermediate models with classified rules, the SDK's API changes,
fetching and extracting upstream documents, and ``update`` with its CHANGELOG entry.
"""
