"""Judging one response of a case: every applicable check, Schemathesis' and ours, run one by one, and what they
find classified and recorded. It sends nothing itself: a run judges what it sends (`exercise`), a recheck and the
SDK gate what was recorded (`offline`), with this same code."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

import requests

from conformance import st
from conformance.checks import CHECKS
from conformance.checks.registry import run_check
from conformance.engine.log import ResultLog, crash
from conformance.errors import ConformanceError, TargetError
from conformance.findings import Answered, Reported, record
from conformance.gate import BudgetExhausted, RateLimited
from conformance.leniency import Contradictions
from conformance.reproduce import curl_for
from conformance.result import Kind
from conformance.session import describe

if TYPE_CHECKING:
    from schemathesis import Case, Response

TRANSPORT_ERRORS = (requests.RequestException, RateLimited)
RATE_LIMITED = "rate limited"  # why the rest of an operation was not checked after a 429 outlasted the retries


class Judge:
    """Runs the checks on responses and records findings instead of raising, so no case is re-sent to shrink."""

    def __init__(
        self,
        log: ResultLog,
        headers: dict[str, str],
        base_url: str,
        target_label: str,
        checks: dict[str, Callable[..., Any]] = CHECKS,
        contradictions: Mapping[str, Contradictions] | None = None,
    ) -> None:
        self.log = log
        self.headers = headers
        self.base_url = base_url  # for curl lines
        self.target_label = target_label  # for the error when a check that re-sends loses the target
        self.checks = checks
        self.contradictions = contradictions or {}
        # Shared across cases: built-in auth probing then confirms enforcement once per operation, not per case.
        self._auth_enforced: set[str] = set()

    def check(
        self, case: Case[Any], response: Response, only: Collection[str] | None = None, sent_at: float | None = None
    ) -> int:
        """Run the checks (all, or those named in `only`) on one response; return how many found a defect.
        `sent_at`: when its request went out (epoch seconds); none for a recorded response."""
        received = time.time()
        request = (received if sent_at is None else sent_at, received)
        ctx = st.check_context(case, self.headers, self._auth_enforced)
        checks = [c for c in (*st.enabled_builtins(ctx), *self.checks.values()) if only is None or c.__name__ in only]
        for check in checks:
            if check.__name__ in st.RECORDER_ONLY:
                self.log.ran(case.operation.label, check.__name__, applied=False)
        runnable = [check for check in checks if check.__name__ not in st.RECORDER_ONLY]
        return sum(self._run(check, case, response, ctx, request) for check in runnable)

    def _run(
        self, check: Callable[..., Any], case: Case[Any], response: Response, ctx: Any, request: tuple[float, float]
    ) -> int:
        """One check on the response; its time is recorded for it: its own, and the request's (`request`: sent at,
        received at) where it applied."""
        started, applied = time.time(), False
        name, operation = check.__name__, case.operation.label
        answered = Answered(
            operation=operation,
            path=case.operation.path,
            definition=case.operation.definition.raw,
            raw=case.operation.schema.raw_schema,
            query=case.query or {},
            status=response.status_code,
            body=response.content,
            request=f"{response.request.method} {response.request.url}",
            sent=st.sent(case),
        )
        defects = 0

        def found(check_name: str, failure: Reported) -> None:
            nonlocal defects
            kind = record(
                self.log,
                check_name,
                failure,
                st.failure_key(failure),
                answered,
                self.contradictions.get(operation),
                lambda: curl_for(case, self.base_url),
            )
            defects += kind is Kind.DEFECT

        try:
            if name in self.checks:
                applied = run_check(check, ctx, response, case, found)
            else:
                applied = st.run_one_check(check, case, response, ctx, found)
            self.log.ran(operation, name, applied)
        except BudgetExhausted as exc:
            self.log.not_checked(
                operation, name, exc.why("the request budget ran out while the check re-sent a request")
            )
        except RateLimited as exc:
            self.log.not_checked(operation, name, f"{RATE_LIMITED}: {exc}")
            raise
        except ConformanceError:
            raise
        except TRANSPORT_ERRORS as exc:
            raise TargetError(f"Lost the target {self.target_label} during a check: {describe(exc)}.") from None
        except Exception as exc:  # noqa: BLE001 - a crashed check is an error of the run, never a pass
            self.log.add_error(crash(operation, name, exc))
        finally:
            # A response the check did not concern (it did not apply) gave its verdict nothing but the look.
            sent_at, received = request if applied else (started, started)
            self.log.spent(operation, (name,), sent_at, received - sent_at + time.time() - started)
        return defects
