"""Check 1: every 200 JSON response parses into the SDK's model, and the model keeps what the JSON held."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from conformance.openapi import json_response_schema
from conformance.result import Kind
from conformance.sdk.client import SdkWorker
from conformance.sdk.exchanges import Exchange
from conformance.sdk.fidelity import COERCED, DROPPED, NAIVE, declared, drifts, json_path, locate, pattern
from conformance.sdk.findings import COVERAGE, DESERIALIZE, FIDELITY, FindingLog, shown
from conformance.sdk.operations import match_path


@dataclass(frozen=True)
class Parsed:
    """One response and what the SDK made of it."""

    exchange: Exchange
    operation: str
    model: str
    answer: dict[str, Any]

    @property
    def ok(self) -> bool:
        return bool(self.answer.get("ok"))

    @property
    def missing_model(self) -> bool:
        return "missing" in self.answer


def target_of(worker: SdkWorker, spec: dict[str, Any], exchange: Exchange) -> tuple[str, str] | None:
    """(operation label, model) for a 200 response of an operation the spec describes and the SDK sends, as the
    SDK's own metadata names its model; None otherwise."""
    if exchange.status != 200:
        return None
    template = match_path(spec, exchange.method, exchange.path)
    sdk = worker.catalog().find(exchange.method, template) if template is not None else None
    if sdk is None or sdk.model is None:
        return None
    return f"{exchange.method} {template}", sdk.model


def parse_all(worker: SdkWorker, spec: dict[str, Any], exchanges: list[Exchange]) -> list[Parsed]:
    """Parse every 200 JSON response the spec knows and the SDK receives; the rest is skipped."""
    parsed: list[Parsed] = []
    answers: dict[tuple[str, str], dict[str, Any]] = {}  # cassettes repeat bodies: parse each once
    for exchange in exchanges:
        found = target_of(worker, spec, exchange)
        if found is None or not _is_json(exchange.body):
            continue
        label, model = found
        if (model, exchange.body) not in answers:
            answers[model, exchange.body] = worker.parse(model, exchange.body)
        parsed.append(Parsed(exchange, label, model, answers[model, exchange.body]))
    return parsed


def _is_json(body: str) -> bool:
    try:
        json.loads(body)
    except ValueError:
        return False
    return True


def reproduce_line(version: str, model: str, exchange: Exchange) -> str:
    return (
        f'pip install voucherify=={version}; python -c "import voucherify, json, sys; '
        f'voucherify.{model}.from_dict(json.load(sys.stdin))" < body-of({exchange.interaction})'
    )


def report(log: FindingLog, version: str, spec: dict[str, Any], results: list[Parsed]) -> None:
    """Findings for failed parses (defects), lost or coerced declared fields (defects), dropped extras (notes)."""
    for result in results:
        if result.missing_model:
            log.add(
                Kind.DEFECT,
                COVERAGE,
                result.operation,
                f"voucherify {version} has no model {result.model}",
                f"a model {result.model} for the 200 response (named after the spec's schema)",
                f"voucherify.models has no {result.model} in voucherify {version}",
            )
        elif not result.ok:
            _parse_failure(log, version, result)
        else:
            _fidelity(log, version, spec, result)


def _parse_failure(log: FindingLog, version: str, result: Parsed) -> None:
    raw = json.loads(result.exchange.body)
    for error in result.answer.get("errors", []):
        loc = list(error.get("loc", []))
        full = locate(raw, loc, error.get("input")) or tuple(loc)
        where, folded = json_path(full), pattern(full)
        inner = error.get("model") or result.model
        via = f" (inside {inner})" if inner != result.model else ""
        log.add(
            Kind.DEFECT,
            DESERIALIZE,
            result.operation,
            f"{result.model} cannot parse {folded}: {error.get('msg', '')}",
            f"voucherify {version} parses every 200 response of {result.operation} into {result.model}",
            f"{result.model}{via} fails at {where}: {error.get('msg', '')}; value {shown(error.get('input'))}"
            f"\nInteraction: {result.exchange.interaction}",
            reproduce=reproduce_line(version, result.model, result.exchange),
            status=result.exchange.status,
        )


def _fidelity(log: FindingLog, version: str, spec: dict[str, Any], result: Parsed) -> None:
    raw = json.loads(result.exchange.body)
    template = result.operation.split(" ", 1)[1]
    schema = json_response_schema(spec, spec["paths"][template][result.exchange.method.lower()])
    for drift in drifts(raw, result.answer.get("dump"), list(result.answer.get("naive", []))):
        is_declared = declared(spec, schema, drift.path)
        where, folded = drift.where, pattern(drift.path)
        interaction = f"\nInteraction: {result.exchange.interaction}"
        if drift.kind == DROPPED and not is_declared:
            log.add(
                Kind.NOTE,
                FIDELITY,
                result.operation,
                f"{result.model} drops {folded}, a field the spec does not declare",
                "nothing: the spec does not declare this field, so the SDK may ignore it",
                f"{where} = {shown(drift.raw)} is not in the parsed {result.model}{interaction}",
            )
        elif drift.kind == DROPPED:
            log.add(
                Kind.DEFECT,
                FIDELITY,
                result.operation,
                f"{result.model} loses {folded}, which the spec declares",
                f"the parsed {result.model} keeps {folded}, declared in the spec",
                f"{where} = {shown(drift.raw)} is not in the parsed object (voucherify {version}){interaction}",
            )
        elif drift.kind == NAIVE:
            log.add(
                Kind.DEFECT,
                FIDELITY,
                result.operation,
                f"{result.model} turns {folded} into a datetime without a zone",
                f"{folded} is an RFC 3339 date-time (format: date-time) with a zone, parsed to an aware datetime",
                f"{where} = {shown(drift.raw)} became a naive datetime in voucherify {version}: "
                f"the instant is lost{interaction}",
            )
        elif drift.kind == COERCED:
            log.add(
                Kind.DEFECT,
                FIDELITY,
                result.operation,
                f"{result.model} changes the value of {folded}",
                f"the parsed {result.model} holds {folded} as the JSON did",
                f"JSON {where} = {shown(drift.raw)}; parsed (voucherify {version}) = {shown(drift.parsed)}"
                + interaction,
            )
