"""Errors the attendance core raises; the edges turn them into messages for people."""

from __future__ import annotations


class AttendanceError(Exception):
    """Base of every error the attendance core raises."""


class StorageError(AttendanceError):
    """The database cannot be reached or is not of a supported kind."""


class NotFound(AttendanceError):
    """A person, village or event named by the caller does not exist."""


class RuleError(AttendanceError):
    """A work rule, holiday or leave breaks a rule of the domain."""


class VaultError(AttendanceError):
    """Sealed data cannot be sealed or opened (missing, wrong or rotated-out key)."""
