"""A validator process started before anything else, so its import overlaps the whole run.

openapi-spec-validator takes about a third of a second to import, as long as the rest of
``generate`` on a small spec. ``python -m generator generate`` forks this process first
thing (this module imports only the standard library); the child imports the validator
while the parent imports the generator, reads and builds the spec. When the spec has been
read, :func:`take` hands the process over to :func:`~generator.spec.validate.start_validation`,
which sends it the document, or stops it (a cached answer, a big document); one never taken
(the run failed first) is stopped at exit.

Only the parent ever writes to the request pipe, and it pickles data it parsed itself.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import threading

TYPE_CHECKING = False  # (``typing`` is not imported: this module runs before anything else)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["EarlyValidator", "start", "take"]


class EarlyValidator:
    """The forked process, waiting for one document to validate."""

    def __init__(self, pid: int, requests: int, answers: int) -> None:
        self.pid = pid
        self._requests = requests
        self.answers = answers

    def send(self, request: tuple[Any, ...]) -> bool:
        """Send the arguments of :func:`generator.spec.validate.run` (the answer comes on
        :attr:`answers`, as JSON); ``False``, sending nothing, when they do not fit in the
        pipe at once: the process may still be importing, and the caller must not wait for it."""
        import pickle

        payload = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        if len(payload) > _capacity(self._requests):
            return False
        with os.fdopen(self._requests, "wb") as stream:
            stream.write(payload)
        return True

    def stop(self) -> None:
        """End the process unused (it may still be importing), and reap it."""
        for fd in (self._requests, self.answers):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ChildProcessError, ProcessLookupError):
            pass


_started: EarlyValidator | None = None
PIPE_SIZE = 1 << 20
"""The request pipe's capacity asked for (Linux's default limit for an unprivileged process)."""


def _capacity(fd: int) -> int:
    """How many bytes the pipe ``fd`` takes without blocking the writer."""
    import fcntl

    try:
        return int(fcntl.fcntl(fd, fcntl.F_GETPIPE_SZ))
    except (OSError, AttributeError):
        return 1 << 16  # the Linux default


def start() -> None:
    """Fork the validator process, where forking is safe (Linux, a single thread), once."""
    global _started
    if _started is not None or not sys.platform.startswith("linux") or threading.active_count() > 1:
        return
    request_read, request_write = os.pipe()
    answer_read, answer_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child process (coverage does not follow os._exit)
        os.close(request_write)
        os.close(answer_read)
        _serve(request_read, answer_write)
    os.close(request_read)
    os.close(answer_write)
    try:
        import fcntl

        fcntl.fcntl(request_write, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
    except (OSError, AttributeError):
        pass  # the default capacity: bigger documents are validated by a later fork instead
    _started = EarlyValidator(pid, request_write, answer_read)
    atexit.register(_stop_untaken)


def _stop_untaken() -> None:
    """At exit, stop a process no validation took (the run failed first), so none outlives us."""
    process = take()
    if process is not None:
        process.stop()


def take() -> EarlyValidator | None:
    """The started process, once (``None`` if none was started or it was taken)."""
    global _started
    process, _started = _started, None
    return process


def _serve(requests: int, answers: int) -> None:  # pragma: no cover - runs in the child
    code = 0
    try:
        import pickle

        from .validate import preload, run

        preload()
        with os.fdopen(requests, "rb") as stream:
            try:
                request = pickle.load(stream)  # noqa: S301 - written by the parent, from its own data
            except EOFError:
                os._exit(0)  # the parent did not need it
        payload = run(*request)
        with os.fdopen(answers, "wb") as stream:
            stream.write(payload)
    except BaseException:
        code = 1
    finally:
        os._exit(code)
