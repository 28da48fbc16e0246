"""onnxruntime sessions: built in one place, CPU only, with a bounded number of threads.

One session per model is shared by all worker threads: ``InferenceSession.run`` is thread-safe
and releases the GIL, so ``max_workers`` threads run inference in parallel. Each session's own
intra-op pool is kept small (``session_threads``), because on a 2-core machine two workers with
one thread each give more throughput than one request spread over both cores.
"""

from __future__ import annotations

import onnxruntime as ort

from recognition.errors import ModelLoadError


def create_session(model: bytes, *, name: str, threads: int) -> ort.InferenceSession:
    """Build a CPU inference session from model bytes, wrapping onnxruntime's errors."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Quiet: warnings about unused initializers are expected after the graph repair.
    options.log_severity_level = 3
    # Idle pool threads sleep instead of spinning: several sessions share two cores.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")

    try:
        return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    except Exception as err:
        # onnxruntime raises its own untyped Fail/InvalidGraph/RuntimeException classes.
        msg = f"onnxruntime cannot load model {name!r}: {err}"
        raise ModelLoadError(msg) from err
