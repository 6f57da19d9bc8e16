"""Turning the model into files: an ``Api`` in, the SDK's and docs' files out.

Views compute what each template prints, Jinja renders it, and the writer lays the files
out atomically (or compares them with the disk, for ``check``).
"""
