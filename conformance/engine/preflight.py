"""One request before the run: is the target there, does it take the credentials, and does it answer like the API
the spec describes? A wrong URL (a web server, a path prefix too many) ends the run with exit 2, never defects."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import requests

from conformance.credentials import APP_ID_ENV, APP_TOKEN_ENV
from conformance.engine.target import Target
from conformance.errors import CredentialError, TargetError
from conformance.gate import RateLimited
from conformance.json_body import parse_json
from conformance.openapi import json_response_schema, properties
from conformance.profile import list_profile
from conformance.session import describe

REJECTED_CREDENTIALS = (401, 403)
NOT_FOUND = 404
MAX_SHOWN = 60  # characters of an unexpected body quoted in the one-line error
MAX_FIELDS = 5  # field names quoted in the one-line error


def preflight(target: Target, spec: dict[str, Any]) -> requests.Response | None:
    """GET the first list operation without path parameters, limit=1; raise a one-line error if the run cannot
    work. None when the spec has no such GET: then nothing is worth a request yet."""
    path = _first_get_path(spec)
    if path is None:
        return None
    url = target.base_url + path
    profile = list_profile(spec, "GET", path)
    params = {profile.limit.name: "1"} if profile and profile.limit else {}
    try:
        response = target.session.get(url, params=params, headers=target.headers)
    except requests.ConnectionError:
        raise TargetError(f"Cannot reach {target.base_url}: connection failed. Check {target.option}.") from None
    except requests.Timeout:
        raise TargetError(
            f"{target.base_url} did not answer in time. Check {target.option} and your network."
        ) from None
    except (requests.RequestException, RateLimited) as exc:
        raise TargetError(f"Request to {target.base_url} failed: {describe(exc)}.") from None
    if response.status_code in REJECTED_CREDENTIALS:
        raise CredentialError(
            f"{target.base_url} rejected the credentials (HTTP {response.status_code} on GET {path}). "
            f"Check --app-id/--app-token or {APP_ID_ENV}/{APP_TOKEN_ENV}."
        )
    wrong = _not_the_api(response) or _another_api(response, spec, path)
    if wrong is not None:
        raise TargetError(
            f"{target.base_url} does not answer like the API the spec describes: GET {url} answered {wrong}. "
            f"Check {_hint(target.base_url, path, target.option)}"
        )
    return response


def _not_the_api(response: requests.Response) -> str | None:
    """What came back, when it is not what the API answers to a documented list without path values: a 404 (the
    list is always there), or a body that is not JSON. None when it looks like the API (any JSON status but 404:
    judging it is the run's business)."""
    kind = response.headers.get("Content-Type", "no Content-Type").split(";")[0].strip()
    if response.status_code == NOT_FOUND:
        return f"HTTP 404 ({kind}), and the spec documents this list"
    try:
        body = parse_json(response.content)
    except ValueError:
        body = None
    if not isinstance(body, dict | list):
        shown = response.content[:MAX_SHOWN].decode("utf-8", "replace").split("\n")[0]
        return f"HTTP {response.status_code} {kind} that is not a JSON body ({shown!r})"
    return None


def _another_api(response: requests.Response, spec: dict[str, Any], path: str) -> str | None:
    """What came back, when a 2xx JSON body has none of the top-level fields the spec's 200 schema names: another
    JSON API (a wrong --base-url), not this one with a defect, which would still answer some of its own fields. None
    when the body shares a field with the schema, or the schema names none."""
    if not 200 <= response.status_code < 300:
        return None
    names = set(properties(spec, json_response_schema(spec, spec["paths"][path]["get"]) or {}))
    body = parse_json(response.content)
    if not names or (isinstance(body, dict) and names & set(body)):
        return None
    shown = ", ".join(sorted(names)[:MAX_FIELDS]) + (", ..." if len(names) > MAX_FIELDS else "")
    received = f"fields {', '.join(sorted(body)[:MAX_FIELDS])}" if isinstance(body, dict) and body else "none"
    if isinstance(body, list):
        received = "a JSON array"
    return f"HTTP {response.status_code} with none of the fields its 200 schema names ({shown}): received {received}"


def _hint(base_url: str, path: str, option: str) -> str:
    """Where a wrong URL usually comes from: a path prefix in --base-url (the spec's paths carry it), or a cluster."""
    if option.startswith("--cluster"):
        return f"{option} (api, us1.api, as1.api: the cluster your project lives on), or pass --base-url."
    prefix = urlsplit(base_url).path.rstrip("/")
    first = "/" + path.strip("/").split("/")[0] if path.strip("/") else ""
    if prefix and first and prefix.endswith(first):
        return f"--base-url: drop {prefix} (the spec's paths start with it), e.g. {base_url[: -len(prefix)]}."
    if prefix:
        return f"--base-url: the host only, without the path {prefix}; or --cluster (api, us1.api, as1.api)."
    return "--base-url (the host only, without a path prefix such as /v1) or --cluster (api, us1.api, as1.api)."


def _first_get_path(raw: dict[str, Any]) -> str | None:
    for path, item in raw.get("paths", {}).items():
        if isinstance(item, dict) and "get" in item and "{" not in path:
            return str(path)
    return None
