"""One request before the run: is the target there, and does it take the credentials?"""

from __future__ import annotations

import requests

from conformance.context import RunContext
from conformance.errors import CredentialError, TargetError
from conformance.gate import RateLimited
from conformance.profile import list_profile
from conformance.settings import APP_ID_ENV, APP_TOKEN_ENV
from conformance.transport import describe

REJECTED_CREDENTIALS = (401, 403)


def preflight(context: RunContext) -> requests.Response:
    """GET the first list operation with limit=1; raise a one-line error if the run cannot work."""
    path = _first_get_path(context.spec.raw)
    url = context.base_url + path
    profile = list_profile(context.spec.raw, "GET", path)
    params = {profile.limit.name: "1"} if profile and profile.limit else {}
    try:
        response = context.session.get(url, params=params, headers=context.headers)
    except requests.ConnectionError:
        raise TargetError(f"Cannot reach {context.base_url}: connection failed. Check --base-url.") from None
    except requests.Timeout:
        raise TargetError(f"{context.base_url} did not answer in time. Check --base-url and your network.") from None
    except (requests.RequestException, RateLimited) as exc:
        raise TargetError(f"Request to {context.base_url} failed: {describe(exc)}.") from None
    if response.status_code in REJECTED_CREDENTIALS:
        raise CredentialError(
            f"{context.base_url} rejected the credentials (HTTP {response.status_code} on GET {path}). "
            f"Check --app-id/--app-token or {APP_ID_ENV}/{APP_TOKEN_ENV}."
        )
    return response


def _first_get_path(raw: dict[str, object]) -> str:
    paths = raw.get("paths")
    assert isinstance(paths, dict)
    for path, item in paths.items():
        if isinstance(item, dict) and "get" in item and "{" not in path:
            return str(path)
    return str(next(iter(paths)))
