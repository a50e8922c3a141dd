"""Keep visitors out of the logs: no IP addresses, no query strings, no submitted or typed text.

Django's records and gunicorn's own (``gunicorn.conf.py`` sets ``logger_class`` to
``GunicornLogger``) go through the same scrubbing. Tracebacks keep the exception's type and where
it happened (file, line, function) but never its message, which may quote what someone typed
(``invalid literal for int(): 'my words'``) or a row's values.
"""

from __future__ import annotations

import logging
import re
import traceback
from types import TracebackType

from gunicorn.glogging import Logger as _GunicornBaseLogger

_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_IPV6 = re.compile(r"\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{1,4}\b")
# A path followed by a query string: keep the path, drop what was searched for.
_QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")
# gunicorn: "Invalid request from ip=203.0.113.9: Invalid HTTP request line: 'GET /?q=my words'".
_GUNICORN_INVALID = re.compile(r"^Invalid request from ip=\S*: ([^:'\"(]*)", re.S)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def scrub(text: str) -> str:
    text = _QUERY.sub(r"\1?[query removed]", text)
    text = _IPV4.sub("[address removed]", text)
    return _IPV6.sub("[address removed]", text)


def format_exception_without_messages(exc_info: ExcInfo) -> str:
    """A traceback as Python prints it, chained exceptions included, with each message withheld."""
    chain: list[BaseException] = []
    error: BaseException | None = exc_info[1]
    while error is not None and error not in chain:
        chain.append(error)
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    lines: list[str] = []
    for error in reversed(chain):
        if lines:
            lines.append("\nWhile handling that, another exception happened:\n\n")
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_tb(error.__traceback__))
        kind = type(error)
        lines.append(f"{kind.__module__}.{kind.__qualname__} (message withheld: it may quote what a visitor sent)\n")
    return "".join(lines).rstrip("\n")


class ScrubFilter(logging.Filter):
    """Rewrites each record's message without addresses or query strings.

    Django's request logger attaches the request object to records; it is dropped so that no
    handler or formatter can print its headers, body or address.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        if hasattr(record, "request"):
            record.request = None
        # Formatters render the traceback after the filters have run, so render it here (the
        # formatter then reuses exc_text), without the exception's message, and scrub it.
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = format_exception_without_messages(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


class GunicornScrubFilter(ScrubFilter):
    """gunicorn quotes a malformed request (its request line or header, search words included)
    after the client's address: keep only what kind of request it was."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        invalid = _GUNICORN_INVALID.match(message)
        if invalid:
            record.msg, record.args = f"Invalid request refused: {invalid.group(1).strip()}", None
        return super().filter(record)


class GunicornLogger(_GunicornBaseLogger):
    """gunicorn's logger with every error-log record scrubbed (``logger_class`` in gunicorn.conf.py)."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(existing, GunicornScrubFilter) for existing in log.filters):
                log.addFilter(GunicornScrubFilter())
