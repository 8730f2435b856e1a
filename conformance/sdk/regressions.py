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
) -> tuple[int, int]:
    """Regressions (old parses, new does not) as defects; the rest as notes. Returns (responses, regressions)."""
    before, after = parse_all(old, spec, exchanges), parse_all(new, spec, exchanges)
    regressions = 0
    for was, now in zip(before, after, strict=True):
        if was.ok and not now.ok:
            regressions += 1
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
    return len(before), regressions


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
