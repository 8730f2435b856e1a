"""Sending one case through the run's session and running every applicable check on its response, one by one."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

import requests

from conformance import st
from conformance.checks import CHECKS
from conformance.checks.registry import run_check
from conformance.engine.log import ResultLog, crash
from conformance.engine.target import Target
from conformance.errors import ConformanceError, TargetError
from conformance.findings import Reported, finding_from_failure, finding_key, kind_of, response_excerpt
from conformance.gate import BudgetExhausted, RateLimited
from conformance.leniency import Contradictions, about
from conformance.reproduce import curl_for
from conformance.result import Finding, Kind
from conformance.session import describe

if TYPE_CHECKING:
    from schemathesis import Case, Response

TRANSPORT_ERRORS = (requests.RequestException, RateLimited)


class Exerciser:
    """Calls the target with a case and records findings instead of raising, so no case is re-sent to shrink."""

    def __init__(
        self,
        target: Target,
        log: ResultLog,
        checks: dict[str, Callable[..., Any]] = CHECKS,
        contradictions: Mapping[str, Contradictions] | None = None,
    ) -> None:
        self.target = target
        self.log = log
        self.checks = checks
        self.contradictions = contradictions or {}
        # Shared across cases: built-in auth probing then confirms enforcement once per operation, not per case.
        self._auth_enforced: set[str] = set()

    def send(self, case: Case[Any]) -> Response:
        """Send the case with credentials; BudgetExhausted if the budget is spent, TargetError if the target is lost."""
        target = self.target
        try:
            response = case.call(base_url=target.base_url, session=target.session, headers=target.headers)
        except (BudgetExhausted, ConformanceError):
            raise
        except TRANSPORT_ERRORS as exc:
            raise TargetError(f"Lost the target {target.label} mid-run: {describe(exc)}.") from None
        return response

    def exercise(self, case: Case[Any], only: Collection[str] | None = None) -> Response:
        response = self.send(case)
        self.check(case, response, only)
        return response

    def check(self, case: Case[Any], response: Response, only: Collection[str] | None = None) -> int:
        """Run the checks (all, or those named in `only`) on one response; return how many found a defect."""
        ctx = st.check_context(case, self.target.headers, self._auth_enforced)
        checks = [c for c in (*st.enabled_builtins(ctx), *self.checks.values()) if only is None or c.__name__ in only]
        for check in checks:
            if check.__name__ in st.RECORDER_ONLY:
                self.log.ran(case.operation.label, check.__name__, applied=False)
        runnable = [check for check in checks if check.__name__ not in st.RECORDER_ONLY]
        return sum(self._run(check, case, response, ctx) for check in runnable)

    def _run(self, check: Callable[..., Any], case: Case[Any], response: Response, ctx: Any) -> int:
        name, operation = check.__name__, case.operation.label
        defects = 0

        def record(check_name: str, failure: Reported) -> None:
            nonlocal defects
            definition, raw, sent = case.operation.definition.raw, case.operation.schema.raw_schema, st.sent(case)
            kind = kind_of(
                check_name,
                status=response.status_code,
                body=response.content,
                path=case.operation.path,
                definition=definition,
                raw=raw,
                contradicted=self._contradicted(operation, check_name, failure.message),
                sent=sent,
            )
            defects += kind is Kind.DEFECT
            key = finding_key(
                kind, response.status_code, st.failure_key(failure), about(check_name, sent, definition, raw)
            )
            # Built only for a finding not seen before: its curl line and excerpt cost more than the check.
            build = functools.partial(self._finding, failure, check_name, kind, case, response)
            self.log.add_once(kind, check_name, operation, failure.title, key, build)

        try:
            if name in self.checks:
                applied = run_check(check, ctx, response, case, record)
            else:
                applied = st.run_one_check(check, case, response, ctx, record)
            self.log.ran(operation, name, applied)
        except BudgetExhausted:
            self.log.not_checked(operation, name, "the request budget ran out while the check re-sent a request")
        except ConformanceError:
            raise
        except TRANSPORT_ERRORS as exc:
            raise TargetError(f"Lost the target {self.target.label} during a check: {describe(exc)}.") from None
        except Exception as exc:  # noqa: BLE001 - a crashed check is an error of the run, never a pass
            self.log.add_error(crash(operation, name, exc))
        return defects

    def _finding(self, failure: Reported, check: str, kind: Kind, case: Case[Any], response: Response) -> Finding:
        return finding_from_failure(
            failure,
            check=check,
            operation=case.operation.label,
            kind=kind,
            reproduce=curl_for(case, self.target.base_url),
            status=response.status_code,
            request=f"{response.request.method} {response.request.url}",
            response=response_excerpt(response.status_code, response.content),
        )

    def _contradicted(self, operation: str, check: str, message: str) -> bool:
        found = self.contradictions.get(operation)
        return found is not None and found.explains(check, message)
