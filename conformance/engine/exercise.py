"""Sending one case through the run's session, and judging its response (`judge.Judge`)."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

from conformance import interrupts
from conformance.checks import CHECKS
from conformance.engine.judge import RATE_LIMITED, TRANSPORT_ERRORS, Judge
from conformance.engine.log import ResultLog
from conformance.engine.target import Target
from conformance.errors import ConformanceError, TargetError
from conformance.gate import BudgetExhausted, RateLimited
from conformance.leniency import Contradictions
from conformance.session import describe

if TYPE_CHECKING:
    from schemathesis import Case, Response

__all__ = ["RATE_LIMITED", "Exerciser"]


class Exerciser:
    """Calls the target with a case and judges the response, recording findings instead of raising."""

    def __init__(
        self,
        target: Target,
        log: ResultLog,
        checks: dict[str, Callable[..., Any]] = CHECKS,
        contradictions: Mapping[str, Contradictions] | None = None,
    ) -> None:
        self.target = target
        self.log = log
        self.judge = Judge(log, target.headers, target.base_url, target.label, checks, contradictions)

    def send(self, case: Case[Any]) -> Response:
        """Send the case with credentials; BudgetExhausted if the budget is spent, TargetError if the target is lost."""
        target = self.target
        try:
            response = case.call(base_url=target.base_url, session=target.session, headers=target.headers)
        except (BudgetExhausted, ConformanceError, RateLimited):
            raise
        except TRANSPORT_ERRORS as exc:
            raise TargetError(f"Lost the target {target.label} mid-run: {describe(exc)}.") from None
        return response

    def exercise(self, case: Case[Any], only: Collection[str] | None = None) -> Response:
        sent_at = time.time()
        response = self.send(case)
        self.judge.check(case, response, only, sent_at)
        interrupts.checkpoint()  # a Ctrl-C that came while this case was in flight: stop, now that it is judged
        return response

    def check(self, case: Case[Any], response: Response, only: Collection[str] | None = None) -> int:
        """Run the checks (all, or those named in `only`) on one response; return how many found a defect."""
        return self.judge.check(case, response, only)
