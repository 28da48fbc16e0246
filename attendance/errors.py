"""Errors the attendance core raises; the edges turn them into messages for people.

Every error carries two texts: its message, in English, naming the thing and the rule (for logs,
the command line and developers), and a ``hint`` in Bahasa Indonesia saying what a person can do
about it (for chat and the web admin). The edges show the hint and never the message.
"""

from __future__ import annotations

GENERIC_HINT = "Permintaan tidak dapat diproses. Periksa isian Anda lalu coba lagi."


class ServiceError(Exception):
    """Base of the domain errors of the attendance core and the terminals package."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint or GENERIC_HINT


class AttendanceError(ServiceError):
    """Base of every error the attendance core raises."""


class StorageError(AttendanceError):
    """The database cannot be reached or is not of a supported kind."""


class NotFound(AttendanceError):
    """A person, village or event named by the caller does not exist."""


class RuleError(AttendanceError):
    """A work rule, holiday or leave breaks a rule of the domain."""


class VaultError(AttendanceError):
    """Sealed data cannot be sealed or opened (missing, wrong or rotated-out key)."""
