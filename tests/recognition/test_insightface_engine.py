"""Tests of recognition.insightface_engine, run through insightface's real FaceAnalysis.

The real packs are not available offline, so the pack built here holds a stub SCRFD detector
(constant outputs that place one known face) and the repaired SFace graph as its "ArcFace"
recogniser. That exercises loading through FaceAnalysis, SCRFD decoding, the BGR conversions,
embedding and template tagging; only the accuracy of the real weights is left untested.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from onnx import TensorProto, helper, numpy_helper

from config.recognition import RecognitionSettings
from recognition.aligner import align_face
from recognition.detector import Detection
from recognition.engine import load_engine
from recognition.errors import EngineUnavailable, ModelLoadError, TemplateModelMismatch
from recognition.graph_repair import repair_model
from recognition.insightface_engine import InsightFaceEngine
from recognition.matcher import Decision
from recognition.model_files import SFACE, bundled_path, read_verified
from recognition.template import Template
from recognition.verifier import FaceVerifier
from tests.recognition.photos import RGB, encode, resize

SIZE = 640


def scrfd_stub(face: Detection) -> bytes:
    """Build a 9-output SCRFD-shaped ONNX model that always reports ``face``."""
    nodes, initialisers, outputs = [], [], []
    for kind in ("score", "bbox", "kps"):
        for stride in (8, 16, 32):
            anchors = (SIZE // stride) ** 2 * 2
            width = {"score": 1, "bbox": 4, "kps": 10}[kind]
            value = np.zeros((anchors, width), np.float32)
            if stride == 32:
                column = int((face.x + face.width / 2) // 32)
                row = int((face.y + face.height / 2) // 32)
                index = (row * SIZE // 32 + column) * 2
                centre_x, centre_y = column * 32.0, row * 32.0
                planted = {
                    "score": [0.95],
                    "bbox": [
                        (centre_x - face.x) / 32,
                        (centre_y - face.y) / 32,
                        (face.x + face.width - centre_x) / 32,
                        (face.y + face.height - centre_y) / 32,
                    ],
                    "kps": ((face.landmarks - [centre_x, centre_y]) / 32).reshape(-1).tolist(),
                }
                value[index] = np.asarray(planted[kind], np.float32)
            name = f"{kind}_{stride}"
            initialisers.append(numpy_helper.from_array(value, f"{name}_value"))
            nodes.append(helper.make_node("Identity", [f"{name}_value"], [name]))
            outputs.append(
                helper.make_tensor_value_info(name, TensorProto.FLOAT, list(value.shape))
            )

    image = helper.make_tensor_value_info("input.1", TensorProto.FLOAT, [1, 3, SIZE, SIZE])
    graph = helper.make_graph(nodes, "scrfd_stub", [image], outputs, initialisers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    return bytes(model.SerializeToString())


@pytest.fixture(scope="module")
def portrait(astronaut: RGB) -> RGB:
    """The astronaut at 640x640, the stub detector's input size."""
    return resize(astronaut, SIZE, SIZE)


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory, verifier: FaceVerifier, portrait: RGB) -> Path:
    """A pack folder with the stub detector and SFace as the recogniser."""
    folder = tmp_path_factory.mktemp("packs") / "stub_pack"
    folder.mkdir()
    face = verifier.engine.detect(portrait)[0]
    (folder / "det_stub.onnx").write_bytes(scrfd_stub(face))
    sface = read_verified(bundled_path(SFACE), SFACE.sha256)
    (folder / "w_sface.onnx").write_bytes(repair_model(sface))
    return folder


@pytest.fixture(scope="module")
def engine(pack: Path) -> InsightFaceEngine:
    """The insightface engine loaded from the stub pack."""
    return InsightFaceEngine.load(pack, RecognitionSettings())


def test_load_tags_templates_with_pack_and_weights(engine: InsightFaceEngine) -> None:
    """The model version names the pack and the recogniser's hash."""
    assert engine.name == "insightface"
    assert engine.model_version.startswith("stub_pack.")
    assert engine.model_version.endswith(".r1")


def test_detect_returns_the_face_scrfd_reports(
    engine: InsightFaceEngine, verifier: FaceVerifier, portrait: RGB
) -> None:
    """SCRFD's outputs are decoded back into our Detection, landmarks included."""
    expected = verifier.engine.detect(portrait)[0]

    (face,) = engine.detect(portrait)

    assert np.allclose(
        [face.x, face.y, face.width, face.height],
        [expected.x, expected.y, expected.width, expected.height],
        atol=0.01,
    )
    assert np.allclose(face.landmarks, expected.landmarks, atol=0.01)
    assert face.score == pytest.approx(0.95)


def test_embed_converts_to_bgr_for_insightface(
    engine: InsightFaceEngine, verifier: FaceVerifier, portrait: RGB
) -> None:
    """With SFace inside, the insightface path gives the bundled engine's embedding."""
    face = verifier.engine.detect(portrait)[0]
    aligned = align_face(portrait, face.landmarks)

    assert float(engine.embed(aligned) @ verifier.engine.embed(aligned)) > 0.9999


def test_verifier_with_insightface_engine_accepts_and_refuses_other_models(
    engine: InsightFaceEngine,
    portrait: RGB,
    recognition_settings: RecognitionSettings,
    astronaut_templates: tuple[Template, ...],
) -> None:
    """The whole pipeline runs on the insightface engine and never mixes models."""
    insight = FaceVerifier(engine, recognition_settings)
    photo = encode(portrait)
    templates = [insight.capture(photo).template]

    assert insight.verify(photo, templates).decision is Decision.ACCEPT
    with pytest.raises(TemplateModelMismatch):
        insight.verify(photo, astronaut_templates)


def test_load_engine_dispatches_on_the_setting(pack: Path) -> None:
    """engine = "insightface" with a pack folder loads the insightface engine."""
    settings = RecognitionSettings(engine="insightface", insightface_pack_dir=pack)

    assert isinstance(load_engine(settings), InsightFaceEngine)


def test_load_refuses_a_missing_pack(tmp_path: Path) -> None:
    """A pack folder without models names the folder and the fetch command."""
    with pytest.raises(EngineUnavailable, match="sregep models fetch buffalo_l"):
        InsightFaceEngine.load(tmp_path / "buffalo_l", RecognitionSettings())


def test_load_explains_a_missing_insightface(pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the insightface package the error says how to install it."""
    monkeypatch.setitem(sys.modules, "insightface.app", None)

    with pytest.raises(EngineUnavailable, match="--no-deps insightface"):
        InsightFaceEngine.load(pack, RecognitionSettings())


def test_load_wraps_insightface_failures(tmp_path: Path) -> None:
    """A pack whose files are not models fails closed with ModelLoadError."""
    (tmp_path / "det_broken.onnx").write_bytes(b"not onnx")

    with pytest.raises(ModelLoadError, match="cannot load the pack"):
        InsightFaceEngine.load(tmp_path, RecognitionSettings())
