"""Keep visitors out of the logs: no IP addresses, no query strings, no submitted text."""

from __future__ import annotations

import logging
import re

_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_IPV6 = re.compile(r"\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{1,4}\b")
# A path followed by a query string: keep the path, drop what was searched for.
_QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")


def scrub(text: str) -> str:
    text = _QUERY.sub(r"\1?[query removed]", text)
    text = _IPV4.sub("[address removed]", text)
    return _IPV6.sub("[address removed]", text)


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
        # formatter then reuses exc_text) and scrub it: an exception's message may quote a URL.
        if record.exc_info and not record.exc_text:
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


_FORMATTER = logging.Formatter()
