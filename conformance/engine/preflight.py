"""One request before the run: is the target there, and does it take the credentials?"""

from __future__ import annotations

from typing import Any

import requests

from conformance.credentials import APP_ID_ENV, APP_TOKEN_ENV
from conformance.engine.target import Target
from conformance.errors import CredentialError, TargetError
from conformance.gate import RateLimited
from conformance.profile import list_profile
from conformance.session import describe

REJECTED_CREDENTIALS = (401, 403)


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
        raise TargetError(f"Cannot reach {target.base_url}: connection failed. Check --base-url.") from None
    except requests.Timeout:
        raise TargetError(f"{target.base_url} did not answer in time. Check --base-url and your network.") from None
    except (requests.RequestException, RateLimited) as exc:
        raise TargetError(f"Request to {target.base_url} failed: {describe(exc)}.") from None
    if response.status_code in REJECTED_CREDENTIALS:
        raise CredentialError(
            f"{target.base_url} rejected the credentials (HTTP {response.status_code} on GET {path}). "
            f"Check --app-id/--app-token or {APP_ID_ENV}/{APP_TOKEN_ENV}."
        )
    return response


def _first_get_path(raw: dict[str, Any]) -> str | None:
    for path, item in raw.get("paths", {}).items():
        if isinstance(item, dict) and "get" in item and "{" not in path:
            return str(path)
    return None
