"""The run's session reads the environment once, for its one target: proxies and CA bundle, never ~/.netrc."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from conformance.session import RunSession

TARGET = "https://api.voucherify.io/v1/customers"
PROXY = "http://proxy.example:3128"


def test_the_environment_proxy_for_the_target_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", PROXY)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    session = RunSession()
    session.settle_environment(TARGET)
    assert session.proxies.get("https") == PROXY
    assert session.trust_env is False


def test_a_target_the_environment_exempts_gets_no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", PROXY)
    monkeypatch.setenv("NO_PROXY", "api.voucherify.io")
    session = RunSession()
    session.settle_environment(TARGET)
    assert "https" not in session.proxies


def test_the_ca_bundle_of_the_environment_is_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    session = RunSession()
    session.settle_environment(TARGET)
    assert session.verify == str(bundle)


def test_netrc_credentials_never_reach_a_request(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine api.voucherify.io login someone password their-secret\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    session = RunSession()
    assert "Authorization" in session.prepare_request(_get()).headers  # requests would send it ...
    session.settle_environment(TARGET)
    assert "Authorization" not in session.prepare_request(_get()).headers  # ... a settled session does not


def _get() -> requests.Request:
    return requests.Request("GET", TARGET)
