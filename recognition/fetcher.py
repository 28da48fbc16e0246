"""Model downloads: fetch a catalog entry by URL, keep it only if its sha256 is the pinned one.

The bytes stream into a temporary file beside the destination while they are hashed, with the
pinned size as a hard cap; only a verified download is moved into place (an insightface pack is
extracted into ``<destination>/<name>/``, refusing archive members that would land outside it).
Offline, the error says how to bring the file over by hand and install it with the same checks
(``source=`` a local copy).
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import replace
from pathlib import Path

from recognition.catalog import Artifact, ArtifactKind, artifact
from recognition.errors import ModelFetchError

_CHUNK = 1024 * 1024
TIMEOUT_SECONDS = 60.0
# file:// lets an operator "fetch" from a copy brought over on a USB stick, with the same checks.
_SCHEMES = ("https://", "http://", "file://")


def fetch_model(
    name: str,
    destination: Path,
    *,
    source: Path | None = None,
    timeout: float = TIMEOUT_SECONDS,
) -> Path:
    """Fetch the catalog entry ``name`` (or check a local copy of it) into ``destination``."""
    item = artifact(name)
    if source is not None:
        item = replace(item, url=source.resolve().as_uri())
    return fetch(item, destination, timeout=timeout)


def fetch(item: Artifact, destination: Path, *, timeout: float = TIMEOUT_SECONDS) -> Path:
    """Download, verify and install one artifact; return the file or pack directory."""
    destination.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination, prefix=f".{item.name}-") as staging:
        download = Path(staging) / item.filename
        _download(item, download, destination, timeout)

        if item.kind is ArtifactKind.INSIGHTFACE_PACK:
            return _install_pack(item, download, destination / item.name)

        target = destination / item.filename
        download.replace(target)
        return target


def _download(item: Artifact, target: Path, destination: Path, timeout: float) -> None:
    """Stream the URL into ``target``, hashing it and enforcing the pinned size."""
    if not item.url.startswith(_SCHEMES):
        msg = (
            f"Model {item.name!r} has URL {item.url!r}. Only {', '.join(_SCHEMES)} URLs are used."
        )
        raise ModelFetchError(msg)

    digest = hashlib.sha256()
    size = 0
    try:
        with (
            urllib.request.urlopen(item.url, timeout=timeout) as response,  # noqa: S310
            target.open("wb") as out,
        ):
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                if size > item.size_bytes:
                    msg = (
                        f"Download of {item.name!r} exceeds its pinned size of "
                        f"{item.size_bytes:,} bytes. It was discarded."
                    )
                    raise ModelFetchError(msg)
                digest.update(chunk)
                out.write(chunk)
    except (urllib.error.URLError, TimeoutError, ConnectionError) as err:
        msg = (
            f"Cannot download {item.name!r} from {item.url} ({err}). This machine seems to "
            f"have no internet: download {item.filename} elsewhere, bring it over, and run "
            f"'sregep models fetch {item.name} --from-file {item.filename}', which checks "
            f"that its sha256 is {item.sha256}."
        )
        raise ModelFetchError(msg) from err

    actual = digest.hexdigest()
    if actual != item.sha256:
        msg = (
            f"Download of {item.name!r} from {item.url} has sha256 {actual}, expected "
            f"{item.sha256}. It was discarded."
        )
        raise ModelFetchError(msg)


def _install_pack(item: Artifact, archive: Path, target: Path) -> Path:
    """Extract a verified pack archive into ``target`` and return the folder with its models."""
    staging = archive.parent / "unpacked"
    try:
        with zipfile.ZipFile(archive) as bundle:
            for member in bundle.infolist():
                path = (staging / member.filename).resolve()
                if not path.is_relative_to(staging.resolve()):
                    msg = (
                        f"Archive {item.filename!r} member {member.filename!r} escapes its folder."
                    )
                    raise ModelFetchError(msg)
            bundle.extractall(staging)
    except zipfile.BadZipFile as err:
        msg = f"Archive {item.filename!r} is not a valid zip file: {err}"
        raise ModelFetchError(msg) from err

    if target.exists():
        shutil.rmtree(target)
    staging.replace(target)
    nested = [folder for folder in target.iterdir() if folder.is_dir()]
    if not any(target.glob("*.onnx")) and len(nested) == 1:
        return nested[0]
    return target
