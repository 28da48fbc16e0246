"""Registration: one-time codes the camat issues so a person can bind a chat account.

A code is 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), stored only as a
SHA-256 hash, valid for a limited time and once. A chat account belongs to one person only; a
person who registers a new phone replaces the old binding.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from enum import StrEnum

from tortoise.transactions import in_transaction

from attendance.audit import record_audit
from attendance.errors import NotFound, RuleError
from attendance.models import ChatAccount, Person, RegistrationCode

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
DEFAULT_VALIDITY = dt.timedelta(days=7)


class Refusal(StrEnum):
    """Why a registration code cannot be used."""

    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    INACTIVE = "inactive"
    ACCOUNT_TAKEN = "account_taken"


REFUSALS = {
    Refusal.UNKNOWN: "Registration code is not known.",
    Refusal.USED: "Registration code was already used.",
    Refusal.EXPIRED: "Registration code has expired.",
    Refusal.INACTIVE: "The code's person is no longer active.",
    Refusal.ACCOUNT_TAKEN: "This chat account already belongs to another person.",
}


class RegistrationError(RuleError):
    """A registration code cannot be used; ``reason`` says why."""

    def __init__(self, reason: Refusal) -> None:
        super().__init__(REFUSALS[reason])
        self.reason = reason


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


async def issue_code(
    person_id: int, actor: str, now: dt.datetime, validity: dt.timedelta = DEFAULT_VALIDITY
) -> str:
    """Create a one-time code for `person_id` and return it (only its hash is stored)."""
    person = await Person.get_or_none(id=person_id, active=True)
    if person is None:
        msg = f"Person {person_id} does not exist or is inactive."
        raise NotFound(msg, hint=f"Orang nomor {person_id} tidak ada atau sudah tidak aktif.")

    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    await RegistrationCode.create(person=person, code_hash=_hash(code), expires_at=now + validity)
    await record_audit(actor, "registration.issue", "person", person_id)
    return code


async def redeem_code(code: str, channel: str, external_id: str, now: dt.datetime) -> Person:
    """Bind the chat account to the code's person; raise RegistrationError saying why not."""
    async with in_transaction():
        row = await RegistrationCode.filter(code_hash=_hash(code)).select_for_update().first()
        if row is None:
            raise RegistrationError(Refusal.UNKNOWN)
        if row.used_at is not None:
            raise RegistrationError(Refusal.USED)
        if row.expires_at <= now:
            raise RegistrationError(Refusal.EXPIRED)

        person = await Person.get(id=row.person_id)
        if not person.active:
            raise RegistrationError(Refusal.INACTIVE)
        bound = await ChatAccount.get_or_none(channel=channel, external_id=external_id)
        if bound is not None and bound.person_id != person.id:
            raise RegistrationError(Refusal.ACCOUNT_TAKEN)

        await ChatAccount.filter(person=person, channel=channel).delete()
        await ChatAccount.create(person=person, channel=channel, external_id=external_id)
        row.used_at = now
        await row.save(update_fields=["used_at"])

    await record_audit(f"{channel}:{external_id}", "registration.redeem", "person", person.id)
    return person


async def person_for_account(channel: str, external_id: str) -> Person | None:
    """Return the active person bound to a chat account, if any."""
    account = await ChatAccount.get_or_none(
        channel=channel, external_id=external_id, person__active=True
    ).prefetch_related("person")
    return account.person if account else None
