"""Tests of recognition.cli through typer's CliRunner."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import recognition.fetcher
from config.recognition import RecognitionSettings
from recognition.catalog import CATALOG
from recognition.cli import face_app, models_app
from tests.recognition.photos import RGB, encode, package_image, resize

runner = CliRunner()


@pytest.fixture(scope="module")
def photo_files(
    tmp_path_factory: pytest.TempPathFactory,
    tom_photos: list[bytes],
    tom_probe: bytes,
    astronaut_photos: list[bytes],
) -> dict[str, Path]:
    """Write the test photos to files named after their role."""
    folder = tmp_path_factory.mktemp("photos")
    named = {f"tom{i}": data for i, data in enumerate(tom_photos)}
    named |= {"probe": tom_probe, "astronaut": astronaut_photos[0], "garbage": b"not an image"}
    paths = {}
    for name, data in named.items():
        paths[name] = folder / f"{name}.img"
        paths[name].write_bytes(data)
    return paths


def enrolled(files: dict[str, Path]) -> list[str]:
    """Return the enrolment photos as space-separated command-line words."""
    return ["--enrolled", str(files["tom0"]), str(files["tom1"]), str(files["tom2"])]


def test_verify_prints_json_decision(photo_files: dict[str, Path]) -> None:
    """verify --format json prints decision, score and reasons for a genuine probe."""
    result = runner.invoke(
        face_app,
        [
            "verify",
            *enrolled(photo_files),
            "--probe",
            str(photo_files["probe"]),
            "--format",
            "json",
        ],
    )

    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"decision", "score", "reasons"}
    assert payload["decision"] == "accept"
    assert payload["reasons"] == []


def test_verify_accepts_repeated_enrolled_options(photo_files: dict[str, Path]) -> None:
    """--enrolled A --enrolled B --enrolled C works too, and an impostor is rejected."""
    words = [
        arg for name in ("tom0", "tom1", "tom2") for arg in ("--enrolled", str(photo_files[name]))
    ]

    result = runner.invoke(
        face_app, ["verify", *words, "--probe", str(photo_files["astronaut"]), "--format", "json"]
    )

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) | {"score": 0} == {
        "decision": "reject",
        "score": 0,
        "reasons": ["below_review_threshold"],
    }


def test_verify_uses_settings_from_the_context(photo_files: dict[str, Path]) -> None:
    """Settings left in ctx.obj by the service's root command are used."""
    strict = RecognitionSettings(accept_threshold=0.999, review_threshold=0.3)

    result = runner.invoke(
        face_app,
        [
            "verify",
            *enrolled(photo_files),
            "--probe",
            str(photo_files["probe"]),
            "--format",
            "json",
        ],
        obj=strict,
    )

    assert json.loads(result.stdout)["decision"] == "review"


def test_verify_reports_a_typed_error_as_json(photo_files: dict[str, Path]) -> None:
    """An unreadable probe exits 1 with the error code, message and Indonesian hint."""
    result = runner.invoke(
        face_app,
        [
            "verify",
            *enrolled(photo_files),
            "--probe",
            str(photo_files["garbage"]),
            "--format",
            "json",
        ],
    )

    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["error"] == "unreadable_image"
    assert payload["hint"].startswith("Foto tidak dapat dibaca")


def test_inspect_prints_faces_quality_and_pose() -> None:
    """inspect --format json lists the six faces of the group photo with their measures."""
    result = runner.invoke(face_app, ["inspect", str(package_image("t1.jpg")), "--format", "json"])

    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert (payload["format"], payload["width"], payload["height"]) == ("JPEG", 1280, 886)
    assert len(payload["faces"]) == 6
    face = payload["faces"][0]
    assert set(face) == {"box", "score", "landmarks", "quality", "pose", "problems"}
    assert set(face["quality"]) == {"face_px", "brightness", "sharpness"}
    assert set(face["pose"]) == {"yaw", "pitch", "roll"}


def test_inspect_reports_boxes_in_the_photo_pixels(tmp_path: Path, astronaut: RGB) -> None:
    """A photo larger than the working size still gets its face box in its own pixels."""
    boxes = []
    for side in (512, 2048):
        path = tmp_path / f"astronaut_{side}.jpg"
        path.write_bytes(encode(resize(astronaut, side, side), "JPEG", quality=95))
        result = runner.invoke(face_app, ["inspect", str(path), "--format", "json"])
        assert result.exit_code == 0, result.output
        payload = json.loads(result.stdout)
        assert (payload["width"], payload["height"]) == (side, side)
        boxes.append(np.array(payload["faces"][0]["box"]))

    # Without the mapping the large photo's box would be in 1280 px working pixels (x0.625).
    small, large = boxes
    assert np.abs(large - 4 * small).max() < 0.1 * large[3]


def test_inspect_prints_text_by_default(photo_files: dict[str, Path]) -> None:
    """The text format names the face count and each face's measures."""
    result = runner.invoke(face_app, ["inspect", str(photo_files["probe"])])

    assert result.exit_code == 0, result.output
    assert "1 face(s)" in result.stdout
    assert "problems: -" in result.stdout


def test_models_fetch_offline_fails_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Offline, fetch exits 1 and explains how to bring the file over."""
    unreachable = replace(CATALOG["buffalo_s"], url="http://127.0.0.1:9/buffalo_s.zip")
    monkeypatch.setattr(recognition.fetcher, "artifact", lambda name: unreachable)

    result = runner.invoke(models_app, ["fetch", "buffalo_s", "--dest", str(tmp_path)])

    assert result.exit_code == 1
    assert "no internet" in result.stderr
    assert "--from-file buffalo_s.zip" in result.stderr


def test_models_fetch_refuses_a_wrong_local_copy(tmp_path: Path) -> None:
    """--from-file with other bytes exits 1 and discards them."""
    copy = tmp_path / "MiniFASNetV2.onnx"
    copy.write_bytes(b"wrong bytes")

    result = runner.invoke(
        models_app,
        ["fetch", "minifasnet_v2", "--dest", str(tmp_path / "m"), "--from-file", str(copy)],
    )

    assert result.exit_code == 1
    assert "sha256" in result.stderr
    assert "discarded" in result.stderr


def test_models_list_shows_licences() -> None:
    """list prints every catalog entry with its licence."""
    result = runner.invoke(models_app, ["list"])

    assert result.exit_code == 0
    assert "buffalo_l" in result.stdout
    assert "non-commercial" in result.stdout
