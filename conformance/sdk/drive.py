"""Check 2: the SDK as the client. Call its method for a list operation with values from the spec and from
listed items, see every request it sends (through the proxy), and what it makes of every answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from conformance.credentials import Credentials
from conformance.errors import CredentialError, TargetError
from conformance.result import Kind, NotChecked, OperationResult
from conformance.sdk.client import SdkWorker
from conformance.sdk.exchanges import Exchange
from conformance.sdk.findings import COVERAGE, DESERIALIZE, FIDELITY, REQUEST, FindingLog
from conformance.sdk.list_checks import run_list_checks
from conformance.sdk.operations import SdkOperation
from conformance.sdk.parsing import Parsed, report
from conformance.sdk.proxy import NOT_RECORDED, RecordingProxy
from conformance.sdk.wire import check_request

PAGE_SIZE = 5
CURSOR_FIELD = "created_at"
CHECKED = (REQUEST, DESERIALIZE, FIDELITY)


@dataclass
class Drive:
    """What driving one operation produced."""

    exchanges: list[Exchange] = field(default_factory=list)
    not_checked: list[NotChecked] = field(default_factory=list)
    calls: int = 0


def _items(exchange: Exchange | None, key: str) -> list[dict[str, Any]]:
    if exchange is None or exchange.status != 200:
        return []
    try:
        items = json.loads(exchange.body).get(key)
    except (ValueError, AttributeError):
        return []
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _value(item: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = item
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _first_value(items: list[dict[str, Any]], path: tuple[str, ...]) -> Any:
    return next((v for item in items if isinstance(v := _value(item, path), str) and v), None)


class Driver:
    """Drives one SDK (a worker) through one proxy, recording findings in `log`."""

    def __init__(
        self,
        worker: SdkWorker,
        proxy: RecordingProxy,
        spec: dict[str, Any],
        credentials: Credentials,
        log: FindingLog,
        live: bool,
    ) -> None:
        self.worker, self.proxy, self.spec, self.credentials = worker, proxy, spec, credentials
        self.log, self.live = log, live

    def operation(self, op: SdkOperation) -> OperationResult:
        profile = op.profile
        style = _list_style(op)
        signature = self.worker.signature(op.api, op.sdk_method)
        if not signature.get("ok"):
            self.log.add(
                Kind.DEFECT,
                COVERAGE,
                op.operation,
                f"voucherify {self.worker.version} has no {op.api}.{op.sdk_method}",
                f"{op.api}.{op.sdk_method}() for operationId {op.operation_id}",
                f"no such method in voucherify {self.worker.version}",
            )
            return OperationResult(op.operation, style, not_checked=(NotChecked("*", "the SDK has no method"),))
        arguments = set(signature.get("arguments", []))
        for param in op.parameters:
            if param.argument not in arguments:
                self.log.add(
                    Kind.DEFECT,
                    COVERAGE,
                    op.operation,
                    f"{op.sdk_method} has no argument for {param.location} parameter {param.name}",
                    f"an argument {param.argument} ({param.location} parameter {param.name}, style {param.style})",
                    f"{op.sdk_method}({', '.join(sorted(arguments))})",
                )
        path_params = [p.name for p in op.parameters if p.location == "path"]
        if path_params or profile is None:
            reason = f"needs a value for path parameter {', '.join(path_params)}" if path_params else "not a list"
            return OperationResult(op.operation, style, not_checked=(NotChecked("*", reason),))
        drive = Drive()
        first = self._call(op, {}, drive, arguments, first=True)
        items = _items(first, profile.items_key)
        for kwargs in _plan(op, items, arguments):
            self._call(op, kwargs, drive, arguments)
        self._cursor_walk(op, drive, arguments)
        found, not_checked = run_list_checks(self.spec, profile, drive.exchanges)
        self.log.extend(found)
        return OperationResult(
            op.operation,
            style,
            checked=CHECKED,
            not_checked=(*drive.not_checked, *not_checked),
            requests=len(drive.exchanges),
        )

    def _cursor_walk(self, op: SdkOperation, drive: Drive, arguments: set[str]) -> None:
        """Three pages, each after the last item of the one before, as a user pages with the SDK."""
        profile = op.profile
        if profile is None or profile.date_cursor is None or profile.limit is None:
            return
        cursor_arg = next(p.argument for p in op.parameters if p.name == profile.date_cursor)
        limit_arg = next(p.argument for p in op.parameters if p.name == profile.limit.name)
        kwargs: dict[str, Any] = {limit_arg: PAGE_SIZE}
        for _ in range(3):
            items = _items(self._call(op, kwargs, drive, arguments), profile.items_key)
            cursor = items[-1].get(CURSOR_FIELD) if items else None
            if not isinstance(cursor, str):
                return
            kwargs = {limit_arg: PAGE_SIZE, cursor_arg: cursor}

    def _call(
        self, op: SdkOperation, kwargs: dict[str, Any], drive: Drive, arguments: set[str], first: bool = False
    ) -> Exchange | None:
        kwargs = {name: value for name, value in kwargs.items() if name in arguments}
        label = f"{op.api}.{op.sdk_method}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())})"
        before = len(self.proxy.seen)
        answer = self.worker.call(self.proxy.url, op.api, op.sdk_method, kwargs, self.credentials.pair)
        sent = self.proxy.seen[before:]
        drive.calls += 1
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
            drive.not_checked.append(NotChecked(REQUEST, f"{label}: no recorded answer for {last.target}"))
        elif last.status == 200 and op.model:
            report(self.log, self.worker.version, self.spec, [Parsed(last, op.operation, op.model, answer)])
        elif last.status != 200:
            drive.not_checked.append(NotChecked(DESERIALIZE, f"{label}: the target answered {last.status}"))
        return last


def _list_style(op: SdkOperation) -> str | None:
    return op.profile.style.value if op.profile else None


def _plan(op: SdkOperation, items: list[dict[str, Any]], arguments: set[str]) -> list[dict[str, Any]]:
    """The calls after the first: limits, pages, every order, cursors and filters from listed items."""
    profile = op.profile
    if profile is None:
        return []
    arg = {p.name: p.argument for p in op.parameters}
    plan: list[dict[str, Any]] = []
    limit = profile.limit
    if limit:
        low, high = limit.minimum or 1, min(limit.maximum or 100, 100)
        plan += [{arg[limit.name]: low}, {arg[limit.name]: high}]
        if profile.page:
            plan += [{arg[limit.name]: PAGE_SIZE, arg[profile.page.name]: page} for page in (1, 2)]
    if profile.order:
        plan += [{arg[profile.order]: value} for value in profile.order_values]
    last = items[-1].get(CURSOR_FIELD) if items else None
    if profile.date_cursor and isinstance(last, str):
        plan.append({arg[profile.date_cursor]: last})
        plan += [
            {arg[profile.date_cursor]: items[0].get(CURSOR_FIELD), arg[profile.order or "order"]: order}
            for order in profile.ascending_cursor_orders
        ]
    if profile.id_cursor and items and isinstance(items[-1].get("id"), str):
        plan.append({arg[profile.id_cursor]: items[-1]["id"]})
    for name, path in profile.text_filters.items():
        value = _first_value(items, path)
        if value is not None:
            plan.append({arg[name]: value})
    for name, (item_field, _side) in profile.date_bounds.items():
        value = _first_value(items, (item_field,))
        if value is not None:
            plan.append({arg[name]: value})
    return [kwargs for kwargs in plan if set(kwargs) <= arguments]
