"""The generated-cases phase: Schemathesis' examples, coverage and fuzzing cases of one operation, sent while
the budget lasts; generation stops the moment the budget cannot send another case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hypothesis.errors import Unsatisfiable

from conformance import st
from conformance.engine.exercise import Exerciser, crash
from conformance.errors import ConformanceError
from conformance.gate import BudgetExhausted, Gate

if TYPE_CHECKING:
    from schemathesis import Case

GENERATED = "generated cases"


class _Stop(BaseException):
    """Ends a Hypothesis run at once: a BaseException, so Hypothesis neither shrinks nor re-sends anything."""

    def __init__(self, reason: ConformanceError | BudgetExhausted) -> None:
        super().__init__(str(reason))
        self.reason = reason


def run_generated(exerciser: Exerciser, operation: Any, gate: Gate) -> None:
    """Send and check every generated case of `operation`; TargetError if the target is lost."""
    label, log = operation.label, exerciser.log
    if gate.exhausted:
        log.not_checked(label, GENERATED, "the request budget was spent before this operation's generated cases")
        return

    def send(case: Case[Any]) -> None:
        try:
            exerciser.exercise(case)
        except (BudgetExhausted, ConformanceError) as exc:
            raise _Stop(exc) from None

    try:
        st.generated_cases(operation, send)()
        log.completed(label, GENERATED)
    except _Stop as stop:
        if isinstance(stop.reason, ConformanceError):
            raise stop.reason from None
        log.unsent_cases += 1
        log.not_checked(label, GENERATED, "the request budget ran out during this operation's generated cases")
    except Unsatisfiable:
        log.not_checked(label, GENERATED, "Schemathesis could not generate a valid case from the spec")
    except Exception as exc:  # noqa: BLE001 - a failure to generate is an error of the run, never a pass
        log.add_error(crash(label, GENERATED, exc))
