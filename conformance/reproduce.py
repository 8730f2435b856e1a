"""Curl lines that reproduce a request without ever containing the credentials."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from conformance.credentials import APP_ID_ENV, APP_ID_HEADER, APP_TOKEN_ENV, APP_TOKEN_HEADER

if TYPE_CHECKING:
    from schemathesis import Case

# Header -> shell variable the user already exports; the curl line refers to it instead of the value.
_PLACEHOLDERS = {APP_ID_HEADER: APP_ID_ENV, APP_TOKEN_HEADER: APP_TOKEN_ENV}


def curl_for(case: Case[Any], base_url: str, with_credentials: bool = True) -> str:
    """A runnable curl line; credentials come from $VOUCHERIFY_APP_ID / $VOUCHERIFY_APP_TOKEN."""
    from conformance.st import curl_command  # a case is Schemathesis', so it is loaded already

    headers = {name: f"@@{env}@@" for name, env in _PLACEHOLDERS.items()} if with_credentials else {}
    command = curl_command(case, base_url, headers).split("\n\n")[0]
    for name, env in _PLACEHOLDERS.items():
        for sanitized in (f"@@{env}@@", "[Filtered]"):
            command = command.replace(f"'{name}: {sanitized}'", f'"{name}: ${env}"')
    return command


def curl_for_url(url: str, with_credentials: bool = True, method: str = "GET") -> str:
    """A curl line for a request without a body: the probes' GETs, a recorded request."""
    parts = ["curl", "-X", method.upper()]
    if with_credentials:
        parts += [f'-H "{name}: ${env}"' for name, env in _PLACEHOLDERS.items()]
    parts.append("'" + url.replace("'", "'\\''") + "'")
    return " ".join(parts)
