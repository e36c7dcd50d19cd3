"""
Structured log lines: one JSON object per line, with the request's id.

``RequestContextFilter`` adds the current request's id, method, path and
client address to every record logged while a request is handled (see
:mod:`core.request_id`); ``JSONFormatter`` writes the record as one line of
JSON (time, level, logger, message, those fields, and the traceback of an
error), which log collectors read without parsing rules.
"""

import datetime
import json
import logging

from .request_id import current_request

REQUEST_FIELDS = ("request_id", "method", "path", "client", "status")


class RequestContextFilter(logging.Filter):
    """Adds ``request_id``, ``method``, ``path`` and ``client`` to the record."""

    def filter(self, record):
        record.request_id = getattr(record, "request_id", None)
        request = getattr(record, "request", None) or current_request.get()
        if request is not None and hasattr(request, "META"):
            from .net import client_ip

            record.request_id = getattr(request, "id", None)
            record.method = request.method
            record.path = request.path
            try:
                record.client = client_ip(request)
            except Exception:  # never let logging fail a request
                record.client = None
        status = getattr(record, "status_code", None)
        if status is not None:
            record.status = status
        return True


class JSONFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in REQUEST_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
