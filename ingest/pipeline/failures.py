"""How a pipeline step fails: `StepFailed` (the message says which step and why) and
`ExtractIncomplete` (some queries of an extract failed; its summary travels with it).
"""

from __future__ import annotations


class StepFailed(RuntimeError):
    """A pipeline step failed; the message says which and why."""


class ExtractIncomplete(StepFailed):
    """Some queries of an extract step failed after every retry; the others landed. `summary` is
    the step's summary, with the failed queries in ``failed``. They resume on the next run."""

    def __init__(self, message: str, summary: dict):
        super().__init__(message)
        self.summary = summary
