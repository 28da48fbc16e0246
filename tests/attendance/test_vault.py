"""The vault: AES-GCM sealing bound to a context, key files and rotation."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from attendance.enums import Role
from attendance.errors import VaultError
from attendance.models import FaceTemplate
from attendance.people import create_person
from attendance.sealed import rotate_keys, template_context
from attendance.vault import Vault, load_vault, new_key, read_key_file


def test_seal_open_round_trip_and_ciphertext_hides_plaintext() -> None:
    """Sealed bytes open to the original and do not contain it."""
    vault = Vault([new_key()])
    secret = b"embedding-bytes" * 8

    sealed = vault.seal(secret, "face_template:1")

    assert secret not in sealed
    assert vault.open(sealed, "face_template:1") == secret


def test_open_with_other_context_fails() -> None:
    """An item moved to another person's row does not open."""
    vault = Vault([new_key()])
    sealed = vault.seal(b"x", "face_template:1")

    with pytest.raises(VaultError, match="face_template:2"):
        vault.open(sealed, "face_template:2")


def test_open_tampered_item_fails() -> None:
    """A flipped byte is detected."""
    vault = Vault([new_key()])
    sealed = bytearray(vault.seal(b"data", "c"))
    sealed[-1] ^= 1

    with pytest.raises(VaultError, match="tampered"):
        vault.open(bytes(sealed), "c")


def test_open_with_unknown_key_names_it() -> None:
    """An item sealed with a key that left the ring says which key it needs."""
    old = new_key()
    sealed = Vault([old]).seal(b"data", "c")

    with pytest.raises(VaultError, match=old.key_id):
        Vault([new_key()]).open(sealed, "c")


def test_load_vault_creates_owner_only_key_file(tmp_path: Path) -> None:
    """The first start writes a key file readable by the owner only; the second reads it."""
    path = tmp_path / "data" / "vault.key"

    vault, created = load_vault(path)
    again, created_again = load_vault(path)

    assert (created, created_again) == (True, False)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert again.open(vault.seal(b"a", "c"), "c") == b"a"


def test_read_key_file_reports_bad_line(tmp_path: Path) -> None:
    """A short key is refused with its line number."""
    path = tmp_path / "vault.key"
    path.write_text("# comment\nk1 c2hvcnQ=\n")

    with pytest.raises(VaultError, match="line 2 holds 5 bytes"):
        read_key_file(path)


async def test_rotate_keys_reseals_stored_templates(db: str, tmp_path: Path) -> None:
    """After rotation every template opens with the new key alone."""
    path = tmp_path / "vault.key"
    vault, _ = load_vault(path)
    person = await create_person("Uji", Role.KADES, "33.17.12.2001", "test")
    context = template_context(person.id)
    await FaceTemplate.create(person=person, engine="e", model_version="v",
                              sealed=vault.seal(b"vector", context))  # fmt: skip

    count = await rotate_keys(path)

    keys = read_key_file(path)
    assert count == 1 and len(keys) == 2
    stored = await FaceTemplate.get(person=person)
    assert Vault(keys[:1]).open(stored.sealed, context) == b"vector"
