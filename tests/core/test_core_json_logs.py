"""Logs are one JSON object per line, with the caller's extra fields."""

import json
import logging

from localgov.core.logging import JsonFormatter


def test_json_formatter_keeps_extra_fields():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hồ sơ %s", ("A-1",), None)
    record.dossier = "A-1"
    line = JsonFormatter().format(record)
    payload = json.loads(line)
    assert payload["msg"] == "hồ sơ A-1" and payload["dossier"] == "A-1" and payload["level"] == "INFO"
