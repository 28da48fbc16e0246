"""The catalog of models that can be downloaded, each pinned by URL, size and sha256.

Nothing here is downloaded at run time: ``sregep models fetch NAME`` fetches one entry on a
machine with internet, and the engine later checks the files it loads. The insightface packs'
hashes are those of the v0.7 release archives; the MiniFASNet hashes are those of the copies in
the project's shared test data, which come from the same release URLs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from recognition.errors import ModelFetchError

_INSIGHTFACE_RELEASE = "https://github.com/deepinsight/insightface/releases/download/v0.7"
_ANTISPOOF_RELEASE = "https://github.com/yakhyo/face-anti-spoofing/releases/download/weights"
_INSIGHTFACE_LICENCE = "InsightFace pretrained models: non-commercial research use only"
_ANTISPOOF_LICENCE = "Apache-2.0 (Silent-Face-Anti-Spoofing weights)"


class ArtifactKind(StrEnum):
    """What a downloaded artifact is used for."""

    INSIGHTFACE_PACK = "insightface_pack"
    ANTISPOOF = "antispoof"


@dataclass(frozen=True, slots=True)
class Artifact:
    """One downloadable file, pinned by size and sha256."""

    name: str
    kind: ArtifactKind
    url: str
    filename: str
    size_bytes: int
    sha256: str
    licence: str


CATALOG = MappingProxyType(
    {
        "buffalo_l": Artifact(
            name="buffalo_l",
            kind=ArtifactKind.INSIGHTFACE_PACK,
            url=f"{_INSIGHTFACE_RELEASE}/buffalo_l.zip",
            filename="buffalo_l.zip",
            size_bytes=288_621_354,
            sha256="80ffe37d8a5940d59a7384c201a2a38d4741f2f3c51eef46ebb28218a7b0ca2f",
            licence=_INSIGHTFACE_LICENCE,
        ),
        "buffalo_s": Artifact(
            name="buffalo_s",
            kind=ArtifactKind.INSIGHTFACE_PACK,
            url=f"{_INSIGHTFACE_RELEASE}/buffalo_s.zip",
            filename="buffalo_s.zip",
            size_bytes=127_607_557,
            sha256="d85a87f503f691807cd8bb97128bdf7a0660326cd9cd02657127fa978bab8b5e",
            licence=_INSIGHTFACE_LICENCE,
        ),
        "minifasnet_v2": Artifact(
            name="minifasnet_v2",
            kind=ArtifactKind.ANTISPOOF,
            url=f"{_ANTISPOOF_RELEASE}/MiniFASNetV2.onnx",
            filename="MiniFASNetV2.onnx",
            size_bytes=1_743_561,
            sha256="4eed38f0bde33c9b805942a5f25e42ce1161e2bda545254be622be957727794e",
            licence=_ANTISPOOF_LICENCE,
        ),
        "minifasnet_v1se": Artifact(
            name="minifasnet_v1se",
            kind=ArtifactKind.ANTISPOOF,
            url=f"{_ANTISPOOF_RELEASE}/MiniFASNetV1SE.onnx",
            filename="MiniFASNetV1SE.onnx",
            size_bytes=1_742_315,
            sha256="d819a69bac6b9ade2a0f4d9b60b618e1260f7bf3ba1fddff6c5d82131cb1083f",
            licence=_ANTISPOOF_LICENCE,
        ),
    }
)


def artifact(name: str) -> Artifact:
    """Return the catalog entry called ``name``."""
    try:
        return CATALOG[name]
    except KeyError:
        known = ", ".join(sorted(CATALOG))
        msg = f"Model {name!r} is not in the catalog. Known models: {known}."
        raise ModelFetchError(msg) from None
