"""`conformance sdk` over the whole SDK: every GET of every official file that the SDK has a method for is driven on
the embedded sandbox of its own spec, none is answered 404, none crashes, and the rest is listed with the reason."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from conformance.result import Verdict
from conformance.sandbox import Sandbox
from conformance.sandbox.rewrites import items_of, payload
from conformance.sdk import DEFAULT_SDK, SdkSettings, ensure_sdk, run_sdk_gate
from conformance.sdk.client import SdkWorker
from conformance.sdk.command import TARGET_OPTIONS, add_parser, build_settings, main
from conformance.sdk.operations import SdkOperation, Uncallable, gate_operations
from conformance.settings import RunSettings
from conformance.spec import load_spec
from tests.shared import official_specs, shared_path

CUSTOMERS = Path("specs/voucherify/customers.yaml")


@pytest.fixture(scope="module")
def sdk():
    with SdkWorker(ensure_sdk(DEFAULT_SDK)) as worker:
        yield worker


@pytest.fixture(scope="module")
def whole_api(sdk):
    """`conformance sdk --spec <the folder of official files>` on the embedded sandbox of each file."""
    specs = tuple(load_spec(path) for path in official_specs())
    return run_sdk_gate(SdkSettings(specs=specs, sdk=sdk.env), worker=sdk)


def _args(*argv):
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["sdk", *argv])


def test_each_sdk_method_maps_to_its_operation_by_the_sdks_own_metadata(sdk):
    catalog = sdk.catalog()
    found = {(m.call, m.http_method, m.path, m.model) for m in catalog.methods}
    assert ("CustomersApi.list_customers", "GET", "/v1/customers", "CustomersListResponseBody") in found
    assert ("CustomersApi.get_customer", "GET", "/v1/customers/{customerId}", "CustomersGetResponseBody") in found
    customers = catalog.find("GET", "/v1/customers")
    assert customers is not None and customers.query["created_at[before]"] == "created_at_before"


@pytest.mark.parametrize("path", official_specs(), ids=lambda path: path.name)
def test_every_get_operation_is_driven_or_listed_with_a_reason(sdk, whole_api, path):
    spec = json.loads(path.read_text())
    gets = [f"GET {p}" for p, item in spec["paths"].items() if "get" in item]
    results = {op.operation: op for op in whole_api.operations}
    for operation in gets:
        result = results[operation]
        whole = [item.reason for item in result.not_checked if item.check == "*"]
        assert result.checked or whole, operation
        assert not result.checked or result.requests > 0, operation
    for op in gate_operations(spec, sdk.catalog()):
        if isinstance(op, Uncallable):
            assert any(op.reason in item.reason for item in results[op.operation].not_checked)


def test_whole_api_drives_every_served_sdk_method_without_404_or_crash(sdk, whole_api):
    assert whole_api.errors == ()
    assert not [reason for reason in whole_api.not_checked if "answered 404" in reason]
    driven = [op for op in whole_api.operations if op.checked]
    assert len(driven) > 60  # lists and item getters of 27 files (loyalties-v2.json is newer than 6.1.1)
    lists = [op for op in driven if op.list_style is not None]
    assert len(lists) < len(driven)  # item getters too, with ids from their parent lists
    assert any(op.operation == "GET /v1/customers/{customerId}" for op in driven)
    reasons = " ".join(whole_api.not_checked)
    assert "has no method that sends it" in reasons and "X-Management-Id" in reasons


def test_every_official_operation_is_reported_once(whole_api):
    labels = [op.operation for op in whole_api.operations]
    assert len(labels) == len(set(labels))
    expected = {
        f"GET {p}" for path in official_specs() for p, i in json.loads(path.read_text())["paths"].items() if "get" in i
    }
    assert set(labels) == expected


def _garbage_dates(body, _):
    for item in items_of(body):
        item["created_at"] = "yesterday"


def test_a_crash_inside_the_sdk_worker_is_an_error_naming_the_method(sdk):
    with Sandbox(wrap=payload(_garbage_dates)) as sandbox:
        target = RunSettings(
            base_url=sandbox.url, app_id=sandbox.credentials.app_id, app_token=sandbox.credentials.app_token
        )
        result = run_sdk_gate(SdkSettings(specs=(load_spec(CUSTOMERS),), sdk=sdk.env, target=target), worker=sdk)
    assert result.verdict is Verdict.ERROR and result.exit_code == 2
    assert "CustomersApi.list_customers" in result.errors[0].message
    assert "ValueError" in result.errors[0].message and result.errors[0].operation == "GET /v1/customers"


def test_the_correct_sandbox_crashes_nothing(sdk):
    result = run_sdk_gate(SdkSettings(specs=(load_spec(CUSTOMERS),), sdk=sdk.env), worker=sdk)
    assert result.errors == () and result.verdict is not Verdict.ERROR


@pytest.mark.parametrize("option", TARGET_OPTIONS)
def test_sdk_takes_every_target_option_of_run(option, capsys):
    with pytest.raises(SystemExit):
        _args("--help")
    assert f"--{option}" in capsys.readouterr().out


def test_path_param_and_several_specs_reach_the_settings(sdk, tmp_path):
    folder = shared_path("voucherify", "openapi")
    args = _args(
        "--spec",
        str(folder),
        "--spec",
        str(CUSTOMERS),
        "--path-param",
        "customerId=cust_1",
        "--report-dir",
        str(tmp_path),
    )
    settings = build_settings(args)
    assert len(settings.specs) == len(official_specs()) + 1
    assert settings.target.path_params == {"customerId": "cust_1"}


def test_a_given_path_value_is_used(sdk):
    spec = shared_path("voucherify", "openapi", "customers.json")
    target = RunSettings(path_params={"customerId": "cust_not_listed"})
    result = run_sdk_gate(SdkSettings(specs=(load_spec(spec),), sdk=sdk.env, target=target), worker=sdk)
    getter = next(op for op in result.operations if op.operation == "GET /v1/customers/{customerId}")
    assert any("customer_id='cust_not_listed'" in item.reason for item in getter.not_checked)


def test_an_empty_spec_folder_exits_2_with_one_line(tmp_path, capsys):
    assert main(_args("--spec", str(tmp_path), "--report-dir", str(tmp_path / "r"))) == 2
    err = capsys.readouterr().err
    assert "holds no" in err and len(err.strip().splitlines()) == 1


def test_gate_operations_are_sdk_operations_or_reasons(sdk):
    spec = json.loads(shared_path("voucherify", "openapi", "management.json").read_text())
    found = gate_operations(spec, sdk.catalog())
    assert found and all(isinstance(op, Uncallable) and "X-Management-Id" in op.reason for op in found)
    customers = gate_operations(
        json.loads(shared_path("voucherify", "openapi", "customers.json").read_text()), sdk.catalog()
    )
    assert any(isinstance(op, SdkOperation) and op.sdk.call == "CustomersApi.list_customers" for op in customers)
