"""Logging, configured once per process: timestamps and levels on stderr, or one JSON object per line.

`FAQBOT_LOG_FORMAT=json` is for log shippers; `text` (the default) for people. The CLI and `faqbot serve`
call `configure`; gunicorn's own loggers are given the same handler (see web/server.py).
"""

from __future__ import annotations

import json
import logging
import sys
import time

TEXT_FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"
_HANDLER_NAME = "faqbot"
# Libraries whose DEBUG lines are their own internals, not faqbot's: markdown-it logs every block rule it
# tries on every line of a Markdown file, so FAQBOT_LOG_LEVEL=DEBUG would be almost nothing but its lines.
QUIET_LIBRARIES = ("markdown_it",)


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, pid and any exception."""

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


def formatter(fmt: str) -> logging.Formatter:
    """The formatter for FAQBOT_LOG_FORMAT ("text" or "json")."""
    if fmt == "json":
        return JsonFormatter()
    return logging.Formatter(TEXT_FORMAT, datefmt="%Y-%m-%dT%H:%M:%S%z")


def handler(fmt: str) -> logging.Handler:
    """A stderr handler with the FAQBOT_LOG_FORMAT formatter."""
    h = logging.StreamHandler(sys.stderr)
    h.set_name(_HANDLER_NAME)
    h.setFormatter(formatter(fmt))
    return h


def configure(fmt: str = "text", level: str = "INFO") -> None:
    """Send the root logger (so faqbot's and the libraries') to stderr in this format; idempotent.

    The QUIET_LIBRARIES write warnings and errors only, whatever the level.
    """
    root = logging.getLogger()
    for h in list(root.handlers):
        if h.get_name() == _HANDLER_NAME:
            root.removeHandler(h)
    root.addHandler(handler(fmt))
    root.setLevel(level.upper())
    logging.captureWarnings(True)  # a library's Python warning is a log line in the same format, not a bare one
    for name in QUIET_LIBRARIES:  # their own level, since a record is passed up to the root's handler unfiltered
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
