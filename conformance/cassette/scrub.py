"""Secrets out of cassettes, at record time: credential headers, cookies, secret-looking query and JSON fields.

A credential header keeps a marker saying *which* credential it carried (the run's own, or another one), so
that replay still tells apart requests with, without and with wrong credentials.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit, urlunsplit

from conformance.credentials import SECRET_HEADERS

DROPPED_HEADERS = ("cookie", "set-cookie")
OWN = "<redacted:run-credential>"
OTHER = "<redacted:other-credential>"
REDACTED = "<redacted>"
MARKERS = (OWN, OTHER, REDACTED)
SECRET_NAME = re.compile(r"token|secret|passw|api[-_]?key|app[-_]?id|credential|auth|session|private[-_]?key", re.I)


def request_scrubber(credentials: tuple[str, ...]) -> Callable[[Any], Any]:
    """vcrpy's before_record_request: also applied to live requests before matching, so both look alike."""
    own = {value for value in credentials if value}

    def scrub(request: Any) -> Any:
        for name in list(request.headers):
            lower = name.lower()
            if lower in DROPPED_HEADERS:
                del request.headers[name]
            elif lower in SECRET_HEADERS or SECRET_NAME.search(lower):
                value = request.headers[name]
                request.headers[name] = value if value in MARKERS else (OWN if value in own else OTHER)
        request.uri = scrub_url(request.uri)
        if request.body:
            request.body = scrub_json_bytes(request.body)
        return request

    return scrub


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """vcrpy's before_record_response: no cookies, no secret-looking body fields, a right Content-Length."""
    headers = {k: v for k, v in response["headers"].items() if k.lower() not in DROPPED_HEADERS}
    body = response.get("body", {}).get("string", b"")
    if body:
        body = scrub_json_bytes(body)
        response["body"]["string"] = body
    for name in list(headers):
        if name.lower() == "content-length":
            headers[name] = [str(len(body if isinstance(body, bytes) else body.encode()))]
    response["headers"] = headers
    return response


def scrub_url(url: str) -> str:
    parts = urlsplit(url)
    if not parts.query or not SECRET_NAME.search(unquote_plus(parts.query)):
        return url  # no name (nor value) that looks secret: nothing to parse
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if not any(SECRET_NAME.search(name) for name, _ in pairs):
        return url  # nothing to redact; matching compares parsed queries, so the spelling may stay as sent
    redacted = [(name, REDACTED if SECRET_NAME.search(name) else value) for name, value in pairs]
    return urlunsplit(parts._replace(query=urlencode(redacted)))


def scrub_json_bytes(body: bytes | str) -> bytes | str:
    try:
        data = json.loads(body)
    except (ValueError, TypeError):
        return body
    cleaned = scrub_json(data)
    if cleaned == data:
        return body
    text = json.dumps(cleaned, ensure_ascii=False)
    return text.encode() if isinstance(body, bytes) else text


def scrub_json(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            k: (REDACTED if SECRET_NAME.search(str(k)) and isinstance(v, str) else scrub_json(v))
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [scrub_json(item) for item in data]
    return data
