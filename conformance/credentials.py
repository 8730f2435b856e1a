"""Voucherify's credentials: the one list of header names, and the pair a target accepts."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field

APP_ID_HEADER = "X-App-Id"
APP_TOKEN_HEADER = "X-App-Token"
CREDENTIAL_HEADERS = (APP_ID_HEADER, APP_TOKEN_HEADER)
# Every header that can carry a secret of Voucherify's (lower case), for scrubbing and scanning.
SECRET_HEADERS = (
    "x-app-id",
    "x-app-token",
    "authorization",
    "x-voucherify-oauth",
    "x-client-application-id",
    "x-client-token",
)
APP_ID_ENV = "VOUCHERIFY_APP_ID"
APP_TOKEN_ENV = "VOUCHERIFY_APP_TOKEN"


@dataclass(frozen=True)
class Credentials:
    """The X-App-Id / X-App-Token pair; kept out of repr so that no traceback or log shows it."""

    app_id: str = field(repr=False)
    app_token: str = field(repr=False)

    @property
    def pair(self) -> tuple[str, str]:
        return (self.app_id, self.app_token)

    @property
    def headers(self) -> dict[str, str]:
        return {APP_ID_HEADER: self.app_id, APP_TOKEN_HEADER: self.app_token}

    def accepts(self, headers: Mapping[str, str]) -> bool:
        """Constant-time comparison against lower-cased request headers."""
        given_id, given_token = headers.get("x-app-id", ""), headers.get("x-app-token", "")
        return hmac.compare_digest(given_id.encode(), self.app_id.encode()) & hmac.compare_digest(
            given_token.encode(), self.app_token.encode()
        )
