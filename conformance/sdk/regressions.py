"""Check 3: two SDK versions side by side. Which recorded responses does the old one parse and the new one not?"""

from __future__ import annotations

import json
from typing import Any

from conformance.result import Kind
from conformance.sdk.client import SdkWorker
from conformance.sdk.exchanges import Exchange
from conformance.sdk.fidelity import json_path, locate, pattern
from conformance.sdk.findings import REGRESSION, FindingLog, shown
from conformance.sdk.parsing import Parsed, parse_all, reproduce_line


def compare(
    log: FindingLog, spec: dict[str, Any], old: SdkWorker, new: SdkWorker, exchanges: list[Exchange]
) -> dict[str, int]:
    """Regressions (old parses, new does not) as defects; the rest as notes. Returns the compared responses of
    each operation."""
    before = parse_all(old, spec, exchanges)
    after = {id(parsed.exchange): parsed for parsed in parse_all(new, spec, exchanges)}
    compared: dict[str, int] = {}
    for was in before:
        compared[was.operation] = compared.get(was.operation, 0) + 1
        now = after.get(id(was.exchange))
        if now is None:
            log.add(
                Kind.DEFECT,
                REGRESSION,
                was.operation,
                f"voucherify {new.version} has no method that receives {was.operation}",
                f"voucherify {new.version} sends {was.operation} and parses its 200 into a model, as {old.version} "
                f"does with {was.model}",
                f"no method of voucherify {new.version} sends it; first response: {was.exchange.interaction}",
            )
        elif was.ok and not now.ok:
            _regression(log, old.version, new.version, was, now)
        elif not was.ok and not now.ok:
            log.add(
                Kind.NOTE,
                REGRESSION,
                was.operation,
                f"neither voucherify {old.version} nor {new.version} parses some {was.model} responses",
                f"voucherify {old.version} and {new.version} parse every recorded response",
                f"both fail on {was.exchange.interaction}; run conformance sdk on each for details",
            )
        elif not was.ok and now.ok:
            log.add(
                Kind.NOTE,
                REGRESSION,
                was.operation,
                f"voucherify {new.version} parses {was.model} responses that {old.version} did not",
                f"voucherify {old.version} parses it",
                f"only voucherify {new.version} does: {was.exchange.interaction}",
            )
    return compared


def _regression(log: FindingLog, old: str, new: str, was: Parsed, now: Parsed) -> None:
    if now.missing_model:
        log.add(
            Kind.DEFECT,
            REGRESSION,
            was.operation,
            f"voucherify {new} removed model {was.model}",
            f"voucherify {new} has {was.model}, as {old} does",
            f"no voucherify.models.{was.model}; first response: {was.exchange.interaction}",
        )
        return
    raw = json.loads(was.exchange.body)
    for error in now.answer.get("errors", []):
        loc = list(error.get("loc", []))
        full = locate(raw, loc, error.get("input")) or tuple(loc)
        log.add(
            Kind.DEFECT,
            REGRESSION,
            was.operation,
            f"voucherify {new} no longer parses {pattern(full)} of {was.model}",
            f"voucherify {new} parses every response that voucherify {old} parses",
            f"{was.model} in {new} fails at {json_path(full)}: {error.get('msg', '')}; "
            f"value {shown(error.get('input'))}\nInteraction: {was.exchange.interaction}",
            reproduce=reproduce_line(new, was.model, was.exchange),
        )
