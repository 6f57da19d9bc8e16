"""Findings about a spec: where they are, how bad they are, and how they are reported.

Every stage of the pipeline reports problems through these types instead of raising
ad-hoc exceptions, so the command line can print one consistent message per finding
(file, line, JSON pointer) and choose the exit code.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace


class Severity(enum.Enum):
    """How a finding affects generation."""

    WARNING = "warning"
    """Generation goes on (fatal only under ``--strict``)."""
    ERROR = "error"
    """Generation stops; nothing is written."""
    NOTE = "note"
    """Something worth knowing about how the spec was read; never fatal, even under ``--strict``."""


@dataclass(frozen=True, order=True)
class SpecLocation:
    """A place in a spec document: the file and a JSON pointer inside it."""

    file: str
    pointer: str = ""

    def child(self, *tokens: str | int) -> SpecLocation:
        """The location of a member below this one (tokens are escaped as RFC 6901 says)."""
        return SpecLocation(self.file, self.pointer + "".join("/" + escape_token(t) for t in tokens))


def escape_token(token: str | int) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    """Undo :func:`escape_token`."""
    return token.replace("~1", "/").replace("~0", "~")


def pointer_from_path(path: Iterable[str | int]) -> str:
    """Build a JSON pointer from a sequence of keys and indexes."""
    return "".join("/" + escape_token(part) for part in path)


@dataclass(frozen=True)
class Diagnostic:
    """One finding about the spec."""

    severity: Severity
    message: str
    location: SpecLocation | None = None
    line: int | None = None
    column: int | None = None
    kind: str = ""
    """What sort of finding this is, for grouping on the terminal (never parsed from the
    message): ``family`` or ``family/variant``, e.g. ``pagination/cursor``; empty when
    the finding is one of a kind."""

    @property
    def family(self) -> str:
        """The kind without its variant: ``pagination`` for ``pagination/cursor``."""
        return self.kind.partition("/")[0]

    @property
    def variant(self) -> str:
        """The part of the kind after ``/`` (``cursor``), or ``""``."""
        return self.kind.partition("/")[2]

    def format(self) -> str:
        """``file:line:column: severity: message (at #/pointer)``; parts that are unknown are left out."""
        where = ""
        if self.location is not None:
            where = self.location.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        text = f"{where}{self.severity.value}: {self.message}"
        if self.location is not None and self.location.pointer:
            text += f" (at #{self.location.pointer})"
        return text


def _document_order(d: Diagnostic) -> tuple[str, int, int, str]:
    if d.location is None:
        return ("", 0, 0, "")
    return (d.location.file, d.line or 0, d.column or 0, d.location.pointer)


class SpecError(Exception):
    """A fatal problem with the input: generation stops and nothing is written."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))

    @classmethod
    def at(
        cls,
        message: str,
        location: SpecLocation | None = None,
        *,
        line: int | None = None,
        column: int | None = None,
    ) -> SpecError:
        """A single fatal finding."""
        return cls([Diagnostic(Severity.ERROR, message, location, line, column)])

    def located(self, locate: LineLookup) -> SpecError:
        """The same error with line numbers looked up for findings that only have a pointer."""
        return SpecError(with_line(d, locate) for d in self.diagnostics)


LineLookup = Callable[[SpecLocation], "tuple[int, int] | None"]


def with_line(diagnostic: Diagnostic, locate: LineLookup) -> Diagnostic:
    """``diagnostic`` with its line and column filled in from its pointer, when missing."""
    if diagnostic.line is not None or diagnostic.location is None or not diagnostic.location.pointer:
        return diagnostic  # already placed, or about the whole document
    found = locate(diagnostic.location)
    if found is None:
        return diagnostic
    line, column = found
    return replace(diagnostic, line=line, column=column)


@dataclass
class Report:
    """Collects the warnings of one run.

    Under ``strict`` every warning is promoted to an error when the run ends
    (:meth:`raise_if_strict`), so a strict run still lists *all* findings at once
    instead of stopping at the first.
    """

    strict: bool = False
    locate: LineLookup | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _seen: set[tuple[str, SpecLocation | None]] = field(default_factory=set, repr=False)
    _kind: str = field(default="", repr=False)

    def warn(self, message: str, location: SpecLocation | None = None, *, kind: str = "") -> None:
        """Record a finding that does not stop generation (the same finding is kept once)."""
        key = (message, location)
        if key in self._seen:
            return
        self._seen.add(key)
        self.diagnostics.append(self._located(Severity.WARNING, message, location, kind))

    def note(self, message: str, location: SpecLocation | None = None, *, kind: str = "") -> None:
        """Record a remark that never stops generation (the same remark is kept once)."""
        key = ("note: " + message, location)
        if key in self._seen:
            return
        self._seen.add(key)
        self.diagnostics.append(self._located(Severity.NOTE, message, location, kind))

    @contextmanager
    def kind(self, kind: str) -> Iterator[None]:
        """Findings recorded inside (without a kind of their own) are of ``kind``.

        A stage whose findings form one family (the fidelity check) is tagged where it is
        called, so the stage itself need not know how the terminal groups them.
        """
        previous, self._kind = self._kind, kind
        try:
            yield
        finally:
            self._kind = previous

    def add(self, diagnostic: Diagnostic) -> None:
        """Record a finding made elsewhere (already located), kept once as :meth:`warn` does."""
        prefix = "note: " if diagnostic.severity is Severity.NOTE else ""
        key = (prefix + diagnostic.message, diagnostic.location)
        if key not in self._seen:
            self._seen.add(key)
            self.diagnostics.append(diagnostic)

    def error(self, message: str, location: SpecLocation | None = None) -> SpecError:
        """Build the fatal error for a finding, with its line number (the caller raises it)."""
        return SpecError([self._located(Severity.ERROR, message, location)])

    def _located(
        self, severity: Severity, message: str, location: SpecLocation | None, kind: str = ""
    ) -> Diagnostic:
        diagnostic = Diagnostic(severity, message, location, kind=kind or self._kind)
        return with_line(diagnostic, self.locate) if self.locate is not None else diagnostic

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """The warnings in document order (file, line), findings without a place first."""
        found = [d for d in self.diagnostics if d.severity is Severity.WARNING]
        return tuple(sorted(found, key=_document_order))

    @property
    def notes(self) -> tuple[Diagnostic, ...]:
        """The notes, in document order."""
        found = [d for d in self.diagnostics if d.severity is Severity.NOTE]
        return tuple(sorted(found, key=_document_order))

    def raise_if_strict(self) -> None:
        """Under ``--strict``, turn the collected warnings into one fatal error (notes stay notes)."""
        found = [d for d in self.diagnostics if d.severity is Severity.WARNING]
        if self.strict and found:
            raise SpecError(replace(d, severity=Severity.ERROR) for d in found)
