"""Web-admin accounts, created from the command line or by a camat, with argon2 hashes."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from attendance.audit import record_audit
from attendance.enums import AdminRole
from attendance.errors import RuleError
from attendance.models import AdminUser
from attendance.people import village_by_code

USERNAME = re.compile(r"^[a-z0-9_.-]{3,64}$")
MIN_PASSWORD = 10

_hasher = PasswordHasher()


async def create_admin(
    username: str, password: str, role: AdminRole, actor: str, village_code: str | None = None
) -> AdminUser:
    """Create an admin account; a kades account must name its village."""
    if not USERNAME.match(username):
        msg = f"Username {username!r} must be 3-64 characters of a-z, 0-9, '.', '_' or '-'."
        hint = "Nama pengguna harus 3-64 karakter: huruf kecil, angka, titik, _ atau -."
        raise RuleError(msg, hint=hint)
    if len(password) < MIN_PASSWORD:
        msg = f"The password has {len(password)} characters. It needs at least {MIN_PASSWORD}."
        hint = f"Kata sandi terlalu pendek: paling sedikit {MIN_PASSWORD} karakter."
        raise RuleError(msg, hint=hint)
    if role is AdminRole.KADES and village_code is None:
        msg = "A kades account needs --village: it sees only its own village."
        raise RuleError(msg, hint="Akun Kades harus memilih desanya.")
    if await AdminUser.exists(username=username):
        msg = f"Username {username!r} is taken."
        raise RuleError(msg, hint=f"Nama pengguna {username} sudah dipakai. Pilih nama lain.")

    village = await village_by_code(village_code) if village_code else None
    user = await AdminUser.create(
        username=username, password_hash=_hasher.hash(password), role=role, village=village
    )
    await record_audit(actor, "admin.create", "admin_user", user.id, details={"role": role.value})
    return user


def password_matches(password_hash: str, password: str) -> bool:
    """Tell whether `password` matches the stored argon2 hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
