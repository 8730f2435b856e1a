"""Check 2: the SDK as the client. Call its method for each GET operation with values from the spec, from listed
items and from parent lists, see every request it sends (through the proxy), and what it makes of every answer.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from conformance.credentials import Credentials
from conformance.errors import ConformanceError, CredentialError, TargetError
from conformance.result import Kind, NotChecked, OperationResult, RunError
from conformance.sdk.calls import CURSOR_FIELD, PAGE_SIZE, cursor_pages, items_of, list_calls
from conformance.sdk.client import SdkWorker
from conformance.sdk.exchanges import Exchange
from conformance.sdk.findings import COVERAGE, DESERIALIZE, FIDELITY, REQUEST, FindingLog
from conformance.sdk.list_checks import run_list_checks
from conformance.sdk.operations import SdkOperation
from conformance.sdk.parsing import Parsed, report
from conformance.sdk.proxy import NOT_RECORDED, RecordingProxy
from conformance.sdk.replay import RECORD_HINT, ReplayMiss
from conformance.sdk.wire import check_request

CHECKED = (REQUEST, DESERIALIZE, FIDELITY)
CURSOR_PAGES = 3
# The path values of an operation ({name: value}), or a reason why there are none.
PathSource = Callable[[str], "dict[str, str] | str"]


class CallCrashed(Exception):
    """The SDK's worker crashed on a call: an error verdict for the method, never a pass."""


@dataclass
class Drive:
    """What driving one operation produced."""

    exchanges: list[Exchange] = field(default_factory=list)
    not_checked: list[NotChecked] = field(default_factory=list)


class Driver:
    """Drives one SDK (a worker) through one proxy, recording findings in `log` and crashes in `errors`."""

    def __init__(
        self,
        worker: SdkWorker,
        proxy: RecordingProxy,
        spec: dict[str, Any],
        credentials: Credentials,
        log: FindingLog,
        live: bool,
        paths: PathSource,
    ) -> None:
        self.worker, self.proxy, self.spec, self.credentials = worker, proxy, spec, credentials
        self.log, self.live, self.paths = log, live, paths
        self.errors: list[RunError] = []

    def operation(self, op: SdkOperation) -> OperationResult:
        """Drive one operation; an exception inside the SDK or the gate is an error naming the method."""
        style = op.profile.style.value if op.profile else None
        try:
            return self._operation(op, style)
        except ConformanceError:
            raise  # the target or the credentials: the whole run stops with one line
        except ReplayMiss as exc:
            message = f"{op.operation}: {exc}"
            self.errors.append(RunError(message, op.operation, REQUEST))
            return OperationResult(op.operation, style, not_checked=(NotChecked("*", message),))
        except Exception as exc:  # noqa: BLE001 - a crash is an error verdict, never a traceback or a pass
            message = f"{op.operation}: {op.sdk.call} crashed: {type(exc).__name__}: {exc}"
            self.errors.append(RunError(message, op.operation, REQUEST, traceback.format_exc()))
            return OperationResult(op.operation, style, not_checked=(NotChecked("*", message),))

    def _operation(self, op: SdkOperation, style: str | None) -> OperationResult:
        self._coverage(op)
        values = self.paths(op.path)
        if isinstance(values, str):
            return OperationResult(op.operation, style, not_checked=(NotChecked("*", values),))
        required = [p.name for p in op.parameters if p.location == "query" and p.required]
        if required and op.profile is None:
            reason = f"needs a value for required query parameter {', '.join(required)}, which no list supplies"
            return OperationResult(op.operation, style, not_checked=(NotChecked("*", reason),))
        path_kwargs = {p.argument: values[p.name] for p in op.parameters if p.argument and p.name in values}
        drive = Drive()
        first = self._call(op, path_kwargs, drive, first=True)
        if op.profile is not None:
            calls, unsendable = list_calls(op, items_of(first, op.profile.items_key))
            for call in calls:
                self._call(op, {**path_kwargs, **call}, drive)
            self._cursor_walk(op, path_kwargs, drive)
            # A call the SDK has no argument for is no call of this SDK (sdk_coverage reports the missing argument):
            # listed, and it leaves the operation fully checked when every call the SDK can make ran and was judged.
            drive.not_checked += [
                NotChecked(COVERAGE, f"{name}: no argument of {op.sdk.call} sends it", limitation=True)
                for name in unsendable
            ]
            found, crashed = run_list_checks(self.spec, op.profile, drive.exchanges)
            self.log.extend(found)
            self.errors += crashed
        # A method whose answer is no model (a CSV export) has nothing to parse: those checks do not apply.
        checked, not_applicable = (CHECKED, ()) if op.model else ((REQUEST,), (DESERIALIZE, FIDELITY))
        return OperationResult(
            op.operation,
            style,
            checked=checked,
            not_applicable=not_applicable,
            not_checked=tuple(drive.not_checked),
            requests=len(drive.exchanges),
        )

    def _coverage(self, op: SdkOperation) -> None:
        for param in op.parameters:
            if param.argument is None:
                self.log.add(
                    Kind.DEFECT,
                    COVERAGE,
                    op.operation,
                    f"{op.sdk_method} has no argument for {param.location} parameter {param.name}",
                    f"an argument for {param.location} parameter {param.name} (style {param.style})",
                    f"{op.sdk_method}({', '.join(op.sdk.arguments)})",
                )

    def _cursor_walk(self, op: SdkOperation, path_kwargs: dict[str, str], drive: Drive) -> None:
        """Pages, each after the last item of the one before, as a user pages with the SDK."""
        names = cursor_pages(op)
        if names is None or op.profile is None:
            return
        limit, cursor_name = names
        call: dict[str, Any] = {limit: PAGE_SIZE}
        for _ in range(CURSOR_PAGES):
            items = items_of(self._call(op, {**path_kwargs, **call}, drive), op.profile.items_key)
            cursor = items[-1].get(CURSOR_FIELD) if items else None
            if not isinstance(cursor, str):
                return
            call = {limit: PAGE_SIZE, cursor_name: cursor}

    def _call(self, op: SdkOperation, kwargs: dict[str, Any], drive: Drive, first: bool = False) -> Exchange | None:
        label = f"{op.sdk.call}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())})"
        before = len(self.proxy.seen)
        answer = self.worker.call(self.proxy.url, op.api, op.sdk_method, kwargs, self.credentials.pair)
        sent = self.proxy.seen[before:]
        if answer.get("crash"):
            raise CallCrashed(f"{label}: {answer['crash']}")
        if not sent and answer.get("transport"):
            reason = (answer.get("errors") or [{}])[0].get("msg", answer.get("exception", ""))
            raise TargetError(f"{label} could not reach the gate's proxy at {self.proxy.url}: {reason}.")
        if not sent:
            errors = answer.get("errors") or [{"msg": answer.get("exception", "no request")}]
            self.log.add(
                Kind.DEFECT,
                REQUEST,
                op.operation,
                f"{op.sdk_method} refuses arguments the spec allows",
                f"{label} sends a request (every value comes from the spec or a listed item)",
                f"the SDK raised before sending: {errors[0].get('msg', '')}",
            )
            return None
        for exchange in sent:
            drive.exchanges.append(exchange)
            check_request(self.log, self.spec, op, exchange, kwargs, label)
        last = sent[-1]
        if first and last.status in (401, 403):
            raise CredentialError(f"The target answered {last.status} to {op.operation}; check the credentials.")
        if last.status == NOT_RECORDED:
            if first and self.live:
                raise TargetError(f"The target cannot be reached: {json.loads(last.body).get('message', '')}.")
            if not self.live:
                raise ReplayMiss(f"{label} sent {last.method} {last.target}, which no cassette answers; {RECORD_HINT}")
            drive.not_checked.append(NotChecked(REQUEST, f"{label}: no answer from the target for {last.target}"))
        elif last.status == 200 and op.model:
            report(self.log, self.worker.version, self.spec, [Parsed(last, op.operation, op.model, answer)])
        elif last.status != 200:
            drive.not_checked.append(NotChecked(DESERIALIZE, f"{label}: the target answered {last.status}"))
        return last
