"""Tests of recognition.fetcher and recognition.catalog: pinned downloads, offline errors."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from recognition.catalog import CATALOG, Artifact, ArtifactKind, artifact
from recognition.errors import ModelFetchError
from recognition.fetcher import fetch, fetch_model


def served(tmp_path: Path, name: str, data: bytes, kind: ArtifactKind) -> Artifact:
    """Write ``data`` to a file and describe it as a catalog entry with a file:// URL."""
    source = tmp_path / "source" / name
    source.parent.mkdir(exist_ok=True)
    source.write_bytes(data)
    return Artifact(
        name=name.split(".")[0],
        kind=kind,
        url=source.as_uri(),
        filename=name,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        licence="test",
    )


def zipped(members: dict[str, bytes]) -> bytes:
    """Return a zip archive holding ``members``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_catalog_entries_are_pinned() -> None:
    """Every entry has an https URL, a 64-hex sha256 and a size."""
    for item in CATALOG.values():
        assert item.url.startswith("https://")
        assert len(item.sha256) == 64
        int(item.sha256, 16)
        assert item.size_bytes > 0
    assert {"buffalo_l", "buffalo_s", "minifasnet_v2", "minifasnet_v1se"} <= set(CATALOG)


def test_catalog_marks_insightface_packs_non_commercial() -> None:
    """The licence of the insightface packs is spelled out."""
    assert "non-commercial" in artifact("buffalo_l").licence


def test_artifact_lists_known_names_for_an_unknown_one() -> None:
    """An unknown name raises with the known names."""
    with pytest.raises(ModelFetchError, match="buffalo_l, buffalo_s"):
        artifact("buffalo_xl")


def test_fetch_installs_a_verified_file(tmp_path: Path) -> None:
    """A file with the pinned hash lands in the destination under its name."""
    item = served(tmp_path, "MiniFASNetV2.onnx", b"model bytes", ArtifactKind.ANTISPOOF)

    path = fetch(item, tmp_path / "models")

    assert path == tmp_path / "models" / "MiniFASNetV2.onnx"
    assert path.read_bytes() == b"model bytes"


def test_fetch_discards_a_file_with_another_hash(tmp_path: Path) -> None:
    """Wrong bytes are refused and nothing is left behind."""
    item = served(tmp_path, "MiniFASNetV2.onnx", b"model bytes", ArtifactKind.ANTISPOOF)
    item = replace(item, sha256="0" * 64)

    with pytest.raises(ModelFetchError, match="expected 0000"):
        fetch(item, tmp_path / "models")

    assert list((tmp_path / "models").iterdir()) == []


def test_fetch_stops_at_the_pinned_size(tmp_path: Path) -> None:
    """A download larger than pinned is cut off and refused."""
    item = served(tmp_path, "MiniFASNetV2.onnx", b"x" * 5000, ArtifactKind.ANTISPOOF)

    with pytest.raises(ModelFetchError, match="exceeds its pinned size"):
        fetch(replace(item, size_bytes=100), tmp_path / "models")


def test_fetch_offline_says_how_to_bring_the_file_over(tmp_path: Path) -> None:
    """Without a reachable server the error names the file, its hash and --from-file."""
    item = replace(artifact("buffalo_s"), url="http://127.0.0.1:9/buffalo_s.zip")

    with pytest.raises(ModelFetchError) as caught:
        fetch(item, tmp_path, timeout=5)

    message = str(caught.value)
    assert "no internet" in message
    assert "--from-file buffalo_s.zip" in message
    assert item.sha256 in message


def test_fetch_refuses_other_url_schemes(tmp_path: Path) -> None:
    """Only https, http and file URLs are opened."""
    item = replace(artifact("buffalo_s"), url="ftp://example.org/buffalo_s.zip")

    with pytest.raises(ModelFetchError, match="Only https://"):
        fetch(item, tmp_path)


def test_fetch_extracts_a_pack(tmp_path: Path) -> None:
    """A verified pack archive is unpacked into destination/name."""
    data = zipped({"det_10g.onnx": b"d", "w600k_r50.onnx": b"r"})
    item = served(tmp_path, "buffalo_x.zip", data, ArtifactKind.INSIGHTFACE_PACK)

    path = fetch(item, tmp_path / "models")

    assert path == tmp_path / "models" / "buffalo_x"
    assert sorted(p.name for p in path.iterdir()) == ["det_10g.onnx", "w600k_r50.onnx"]


def test_fetch_returns_the_nested_folder_of_a_pack(tmp_path: Path) -> None:
    """A pack whose models sit in one sub-folder returns that sub-folder."""
    data = zipped({"antelope/scrfd.onnx": b"d", "antelope/glint.onnx": b"r"})
    item = served(tmp_path, "antelope.zip", data, ArtifactKind.INSIGHTFACE_PACK)

    assert fetch(item, tmp_path / "models") == tmp_path / "models" / "antelope" / "antelope"


def test_fetch_refuses_archive_members_outside_the_pack(tmp_path: Path) -> None:
    """A member path climbing out of the pack folder is refused before extraction."""
    data = zipped({"../../evil.onnx": b"x"})
    item = served(tmp_path, "evil.zip", data, ArtifactKind.INSIGHTFACE_PACK)

    with pytest.raises(ModelFetchError, match="escapes"):
        fetch(item, tmp_path / "models")

    assert not (tmp_path / "models" / "evil.onnx").exists()
    assert not (tmp_path / "evil.onnx").exists()


def test_fetch_model_checks_a_local_copy(tmp_path: Path) -> None:
    """--from-file runs the same checks on a copy brought over by hand."""
    copy = tmp_path / "MiniFASNetV2.onnx"
    copy.write_bytes(b"not the real model")

    with pytest.raises(ModelFetchError, match="sha256"):
        fetch_model("minifasnet_v2", tmp_path / "models", source=copy)
