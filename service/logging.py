"""Process-wide logging: stdlib loggers rendered by structlog, as console lines or JSON.

Modules log with ``logging.getLogger(__name__)`` and lazy ``%s`` arguments. Values bound with
``structlog.contextvars.bind_contextvars`` (a chat id, a device id, a job name) appear on every
line logged in that context. Logs carry ids and decisions, never names, images, embeddings,
coordinates or tokens.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

import structlog

from config.settings import LoggingSettings

QUIET_LOGGERS = ("httpx", "apscheduler", "aiosqlite", "tortoise", "asyncio")


class CurrentStderrHandler(logging.StreamHandler[TextIO]):
    """A stream handler that writes to whatever ``sys.stderr`` is when a record is emitted.

    A handler bound to the ``sys.stderr`` of the moment keeps writing to it after it was swapped
    (by a test runner or a command-line harness) and closed.
    """

    def emit(self, record: logging.LogRecord) -> None:
        """Write `record` to the current ``sys.stderr``."""
        self.stream = sys.stderr
        super().emit(record)


def configure_logging(settings: LoggingSettings) -> None:
    """Send every stdlib logger through one structlog formatter on stderr."""
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer()
        if settings.format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = CurrentStderrHandler()
    handler.setFormatter(formatter)

    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
