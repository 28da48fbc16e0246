"""Errors the terminals package raises; each message names the thing, the bad value and the rule.

The routes turn them into the answer each protocol expects: a clear 4xx with the message.
"""

from __future__ import annotations

from pydantic import ValidationError

from attendance.errors import ServiceError


class TerminalError(ServiceError):
    """Base of every error the terminals package raises (with a ``hint`` for people)."""


class MalformedUpload(TerminalError, ValueError):
    """A request body or query cannot be read as the protocol says (answered 400)."""


class BodyTooLarge(TerminalError):
    """A request body is larger than ``terminals.max_body_bytes`` (answered 413)."""


class Unauthorized(TerminalError):
    """A webhook's signature, timestamp or credentials do not check out (answered 401)."""


class DeviceRefused(TerminalError):
    """A terminal is blocked or speaks another protocol than it was registered with (403)."""


class HoldingFull(TerminalError):
    """Nothing more is kept for terminals waiting for approval (answered 503, to be resent).

    Too many terminals wait already, or this one holds its share of uploads or bytes.
    """


class RegistryError(TerminalError):
    """An admin's change to the terminal registry breaks one of its rules."""


class UnknownDevice(RegistryError):
    """An admin named a terminal serial that is not registered."""


class MappingError(RegistryError):
    """A PIN cannot be mapped: taken by someone else, or the person is of another village."""


class CommandRefused(TerminalError):
    """A command may not be queued: it would delete data on the terminal or run a shell."""


def malformed(err: ValidationError, what: str) -> MalformedUpload:
    """Turn a pydantic error on a posted JSON body into one sentence naming the field."""
    problem = err.errors()[0]
    where = ".".join(str(part) for part in problem["loc"]) or "body"
    return MalformedUpload(f"{what} field {where!r}: {problem['msg']}.")
