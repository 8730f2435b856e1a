"""Curl lines that reproduce a request without ever containing a secret.

Credential headers and secret-looking query values (an export's download `token`) are never written: the curl line
reads each from an environment variable instead, and says which variable stands for which value.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, urlsplit

from conformance.cassette.scrub import SECRET_NAME
from conformance.credentials import APP_ID_ENV, APP_ID_HEADER, APP_TOKEN_ENV, APP_TOKEN_HEADER

if TYPE_CHECKING:
    from schemathesis import Case

# Header -> shell variable the user already exports; the curl line refers to it instead of the value.
_PLACEHOLDERS = {APP_ID_HEADER: APP_ID_ENV, APP_TOKEN_HEADER: APP_TOKEN_ENV}
# What Schemathesis writes in place of a value it sanitizes, once percent-encoded into the URL.
SANITIZED = quote("[Filtered]")
QUERY_ENV_PREFIX = "CONFORMANCE_QUERY_"
# A replay's curl lines send to the target this variable names: the loopback server they were recorded from is gone.
BASE_URL_ENV = "CONFORMANCE_BASE_URL"
_SANITIZED_PARAMETER = re.compile(rf"([?&])([^=&'\s]+)={re.escape(SANITIZED)}")


def query_env(name: str) -> str:
    """The shell variable a curl line reads a scrubbed query value from: `token` -> CONFORMANCE_QUERY_TOKEN."""
    return QUERY_ENV_PREFIX + re.sub(r"\W", "_", name).upper()


def curl_for(case: Case[Any], base_url: str, with_credentials: bool = True) -> str:
    """A runnable curl line; credentials come from $VOUCHERIFY_APP_ID / $VOUCHERIFY_APP_TOKEN."""
    from conformance.st import curl_command  # a case is Schemathesis', so it is loaded already

    headers = {name: f"@@{env}@@" for name, env in _PLACEHOLDERS.items()} if with_credentials else {}
    command = curl_command(case, base_url, headers).split("\n\n")[0]
    for name, env in _PLACEHOLDERS.items():
        for sanitized in (f"@@{env}@@", "[Filtered]"):
            command = command.replace(f"'{name}: {sanitized}'", f'"{name}: ${env}"')
    scrubbed = [unquoted for _, unquoted in _SANITIZED_PARAMETER.findall(command)]
    command = _SANITIZED_PARAMETER.sub(lambda m: f"{m[1]}{m[2]}='\"${query_env(m[2])}\"'", command)
    return command + _where_to_put(scrubbed)


def curl_for_url(
    url: str, with_credentials: bool = True, method: str = "GET", wrong: Mapping[str, str] | None = None
) -> str:
    """A curl line for a request without a body: the probes' GETs, a recorded request. `wrong`: credential headers
    sent with a made-up value (never a secret), written as sent; the others come from their variables."""
    parts = ["curl", "-X", method.upper()]
    if with_credentials:
        parts += [
            f'-H "{name}: {wrong[name]}"' if wrong and name in wrong else f'-H "{name}: ${env}"'
            for name, env in _PLACEHOLDERS.items()
        ]
    quoted, scrubbed = _quoted_url(url)
    parts.append(quoted)
    return " ".join(parts) + _where_to_put(scrubbed)


def _quoted_url(url: str) -> tuple[str, list[str]]:
    """The URL single-quoted for the shell, each secret-looking query value read from its variable instead."""
    split = urlsplit(url)
    pairs = parse_qsl(split.query, keep_blank_values=True)
    scrubbed = [name for name, value in pairs if value and SECRET_NAME.search(name)]
    if not scrubbed:
        return _single_quoted(url), []
    quoted, literal = "", url[: url.index("?") + 1]
    for index, (name, value) in enumerate(pairs):
        literal += ("&" if index else "") + quote(name, safe="[]") + "="
        if name in scrubbed and value:
            quoted += _single_quoted(literal) + f'"${query_env(name)}"'
            literal = ""
        else:
            literal += quote(value, safe="")
    literal += f"#{split.fragment}" if split.fragment else ""
    return quoted + (_single_quoted(literal) if literal else ""), scrubbed


def _single_quoted(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _where_to_put(scrubbed: list[str]) -> str:
    """A shell comment naming each variable that stands for a scrubbed query value."""
    if not scrubbed:
        return ""
    names = ", ".join(f"${query_env(name)} = the `{name}` query value" for name in dict.fromkeys(scrubbed))
    return f"  # scrubbed from this report; set {names}"


def for_replay(reproduce: str, recorded_base_url: str, replay_command: str) -> str:
    """A replay's curl lines, which were recorded from a loopback server that is gone (an embedded sandbox's port):
    they send to $CONFORMANCE_BASE_URL instead, and say so, with the command that replays them. A recording of a
    live URL keeps it: that target still answers."""
    base = recorded_base_url.rstrip("/")
    # Quoted ('http://...?a=1'), or bare where shlex.quote found nothing to quote (Schemathesis' curl lines).
    at_base = re.compile(rf"(?<=\s)('?){re.escape(base)}(?=[/?'\s]|$)", re.MULTILINE)
    if not _loopback(base) or not at_base.search(reproduce):
        return reproduce
    lines = at_base.sub(lambda m: f'"${BASE_URL_ENV}"{m[1]}', reproduce)
    return (
        f"{lines}\n# replayed from a cassette: set {BASE_URL_ENV} to a target to send this there, "
        f"or replay it with `{replay_command}`"
    )


def _loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
