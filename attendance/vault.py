"""The vault: AES-256-GCM sealing of face templates, selfies and secrets at rest.

Keys live in a key file, one key a line: ``<key id> <urlsafe base64 of 32 bytes>``. The first line
is the active key and seals everything new; the other lines still open what they sealed. Rotation:
``sregep keys rotate`` puts a fresh key on top and re-seals every stored item with it, after which
the old lines can be deleted. A missing key file is created (mode 0600) on first start.

A sealed item is ``b"SV1" + len(key id) + key id + 12-byte nonce + ciphertext``; the caller's
context (such as ``face_template:42``) is bound as associated data, so an item copied onto another
row does not open.
"""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from attendance.errors import VaultError

MAGIC = b"SV1"
NONCE_BYTES = 12
KEY_BYTES = 32


@dataclass(frozen=True, slots=True)
class VaultKey:
    """One AES-256 key and the id written beside everything it seals."""

    key_id: str
    secret: bytes


class Vault:
    """Seal and open bytes with a ring of keys; the first key is the active one."""

    __slots__ = ("_keys",)

    def __init__(self, keys: list[VaultKey]) -> None:
        if not keys:
            msg = "A vault needs at least one key."
            raise VaultError(msg)
        # Dicts keep insertion order, so the first key of the file stays the active one.
        self._keys = {key.key_id: key for key in keys}

    @property
    def active_key_id(self) -> str:
        """Return the id of the key that seals new items."""
        return next(iter(self._keys))

    def seal(self, plaintext: bytes, context: str) -> bytes:
        """Encrypt `plaintext` with the active key, bound to `context`."""
        key = self._keys[self.active_key_id]
        nonce = os.urandom(NONCE_BYTES)
        ciphertext = AESGCM(key.secret).encrypt(nonce, plaintext, context.encode())
        key_id = key.key_id.encode()
        return MAGIC + bytes([len(key_id)]) + key_id + nonce + ciphertext

    def open(self, sealed: bytes, context: str) -> bytes:
        """Decrypt an item sealed for `context`; raise VaultError if it cannot be opened."""
        if not sealed.startswith(MAGIC) or len(sealed) < len(MAGIC) + 1:
            msg = "Sealed item has no vault header. It was not written by this vault."
            raise VaultError(msg)

        id_length = sealed[len(MAGIC)]
        start = len(MAGIC) + 1
        key_id = sealed[start : start + id_length].decode(errors="replace")
        nonce = sealed[start + id_length : start + id_length + NONCE_BYTES]
        ciphertext = sealed[start + id_length + NONCE_BYTES :]
        key = self._keys.get(key_id)
        if key is None:
            msg = f"Sealed item needs key {key_id!r}, which is not in the key file."
            raise VaultError(msg)

        try:
            return AESGCM(key.secret).decrypt(nonce, ciphertext, context.encode())
        except InvalidTag as err:
            msg = f"Sealed item does not open for context {context!r}: tampered or moved."
            raise VaultError(msg) from err

    def needs_reseal(self, sealed: bytes) -> bool:
        """Tell whether `sealed` was made with a key other than the active one."""
        id_length = sealed[len(MAGIC)]
        start = len(MAGIC) + 1
        return sealed[start : start + id_length].decode(errors="replace") != self.active_key_id


def new_key() -> VaultKey:
    """Make a fresh random key with a random id."""
    return VaultKey(key_id=secrets.token_hex(4), secret=os.urandom(KEY_BYTES))


def format_key(key: VaultKey) -> str:
    """Return the key-file line of `key`."""
    return f"{key.key_id} {base64.urlsafe_b64encode(key.secret).decode()}"


def read_key_file(path: Path) -> list[VaultKey]:
    """Parse a key file; raise VaultError naming the line that is wrong."""
    keys: list[VaultKey] = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        parts = text.split()
        if len(parts) != 2:
            msg = f"Key file {path} line {number} needs '<key id> <base64 key>'."
            raise VaultError(msg)
        try:
            secret = base64.urlsafe_b64decode(parts[1])
        except ValueError as err:
            msg = f"Key file {path} line {number} is not base64."
            raise VaultError(msg) from err
        if len(secret) != KEY_BYTES:
            msg = f"Key file {path} line {number} holds {len(secret)} bytes. Keys are 32 bytes."
            raise VaultError(msg)
        keys.append(VaultKey(key_id=parts[0], secret=secret))

    if not keys:
        msg = f"Key file {path} holds no key."
        raise VaultError(msg)
    return keys


def write_key_file(path: Path, keys: list[VaultKey]) -> None:
    """Write `keys` (active first) to `path`, readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "# Si-Sregep vault keys: the first line seals new data. Keep a backup offline.\n"
    body = "".join(format_key(key) + "\n" for key in keys)
    descriptor = os.open(path.with_suffix(".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(header + body)
    path.with_suffix(".tmp").replace(path)


def load_vault(path: Path, *, create: bool = True) -> tuple[Vault, bool]:
    """Open the vault at `path`, creating a key file when allowed; return it and 'created'."""
    if path.exists():
        return Vault(read_key_file(path)), False
    if not create:
        msg = f"Key file {path} does not exist."
        raise VaultError(msg)
    keys = [new_key()]
    write_key_file(path, keys)
    return Vault(keys), True
