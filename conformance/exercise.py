"""Sending one generated case and running every applicable check on its response."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import requests
from requests.structures import CaseInsensitiveDict
from schemathesis.checks import CheckContext, run_checks, run_checks_for
from schemathesis.core.failures import Failure
from schemathesis.engine.run import PhaseName

import conformance.checks  # noqa: F401 - registers our checks with Schemathesis
from conformance.errors import TargetError
from conformance.findings import Finding, Kind, classify, response_excerpt
from conformance.gate import BudgetExhausted, RateLimited
from conformance.reproduce import curl_for
from conformance.transport import describe

if TYPE_CHECKING:
    from schemathesis import Case, Response

    from conformance.context import RunContext


class CaseExerciser:
    """Calls the target with a case and records findings instead of raising, so no case is re-sent to shrink."""

    def __init__(self, context: RunContext) -> None:
        self.context = context
        # Shared across cases: built-in auth probing then confirms enforcement once per operation, not per case.
        self._auth_enforced: set[str] = set()

    def exercise(self, case: Case[Any], only: frozenset[str] | None = None) -> Response:
        """Send the case with credentials and run the checks (all of them, or those named in `only`)."""
        context = self.context
        try:
            response = case.call(base_url=context.base_url, session=context.session, headers=context.headers)
        except BudgetExhausted:
            raise
        except (requests.RequestException, RateLimited) as exc:
            raise TargetError(f"Lost the target {context.target} mid-run: {describe(exc)}.") from None
        self.check(case, response, only)
        return response

    def check(self, case: Case[Any], response: Response, only: frozenset[str] | None = None) -> int:
        """Run the checks on one response; record findings; return how many defects it showed."""
        context = self.context
        phase = PhaseName.from_str(case.meta.phase.name.value) if case.meta is not None else None
        schema = case.operation.schema
        ctx = CheckContext(
            override=case._override,
            auth=None,
            headers=CaseInsensitiveDict(context.headers),
            config=schema.config.checks_config_for(operation=case.operation, phase=phase.value if phase else None),
            transport_kwargs={"session": context.session, "headers": context.headers, "base_url": context.base_url},
            response_checks=run_checks_for(schema).for_responses(),
            phase=phase,
            auth_enforced_operations=self._auth_enforced,
        )

        defects: list[str] = []

        def record(name: str, _collected: set[Failure], failure: Failure) -> None:
            kind = classify(name, response.status_code, response.content)
            if kind is Kind.DEFECT:
                defects.append(name)
            finding = Finding(
                kind=kind,
                check=name,
                operation=case.operation.label,
                title=failure.title,
                message=failure.message,
                reproduce=curl_for(case, context.base_url),
                status=response.status_code,
                request=f"{response.request.method} {response.request.url}",
                response=response_excerpt(response.status_code, response.content),
                severity=str(failure.severity.value),
            )
            # Spec gaps are one per status; defects keep Schemathesis' own notion of "the same failure".
            key = (str(response.status_code),) if kind is Kind.SPEC_GAP else (failure._unique_key,)
            context.findings.add(finding, key)

        try:
            checks = [check for check in ctx.internals.checks if only is None or check.__name__ in only]
            run_checks(case=case, response=response, ctx=ctx, checks=checks, on_failure=record)
        except BudgetExhausted:
            # A check that re-sends (Schemathesis' auth probing) ran out of budget: its verdict is missing.
            context.not_checked.add("built-in checks that re-send requests, on some responses")
        except (requests.RequestException, RateLimited) as exc:
            raise TargetError(f"Lost the target {context.target} during a check: {describe(exc)}.") from None
        return len(defects)
