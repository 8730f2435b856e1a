"""The generated-cases phase: Schemathesis' examples, coverage and fuzzing cases of one operation, sent while
the budget lasts; generation stops the moment the budget cannot send another case. A replay re-sends the cases
its recording wrote down (`casebook`) instead of generating them again."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hypothesis.errors import Unsatisfiable

from conformance import st
from conformance.engine.casebook import BUDGET, COMPLETED, CaseBook, RecordedCases
from conformance.engine.exercise import RATE_LIMITED, Exerciser
from conformance.engine.log import GENERATED, crash
from conformance.errors import ConformanceError
from conformance.gate import BudgetExhausted, Gate, RateLimited

if TYPE_CHECKING:
    from schemathesis import Case

__all__ = ["GENERATED", "run_generated"]


class _Stop(BaseException):
    """Ends a Hypothesis run at once: a BaseException, so Hypothesis neither shrinks nor re-sends anything."""

    def __init__(self, reason: ConformanceError | BudgetExhausted | RateLimited) -> None:
        super().__init__(str(reason))
        self.reason = reason


def run_generated(
    exerciser: Exerciser, operation: Any, gate: Gate, book: CaseBook | None = None, sent_earlier: int = 0
) -> None:
    """Send and check every generated case of `operation`, after the first `sent_earlier` (which earlier runs of
    a `--resume` sent: generation is derandomized, so the same cases come first); TargetError if the target is
    lost."""
    label, log, book = operation.label, exerciser.log, book or CaseBook()
    if gate.exhausted:
        log.not_checked(label, GENERATED, "the request budget was spent before this operation's generated cases")
        return
    skipped = 0

    def send(case: Case[Any]) -> None:
        nonlocal skipped
        if skipped < sent_earlier:
            skipped += 1  # sent, judged and reported by an earlier run
            return
        if book.recording:
            book.add(label, _record(case))
        before = gate.sent
        try:
            exerciser.exercise(case)
        except (BudgetExhausted, ConformanceError, RateLimited) as exc:
            raise _Stop(exc) from None
        except KeyboardInterrupt:
            if gate.sent > before:
                log.case_sent(label)  # its request went out: a --resume after the interrupt must not send it again
            raise
        log.case_sent(label)

    recorded = book.replayable(label)
    book.start(label)
    try:
        (_replay(operation, recorded, send) if recorded else st.generated_cases(operation, send))()
        log.completed(label, GENERATED)
        book.end(label, COMPLETED)
    except _Stop as stop:
        if isinstance(stop.reason, ConformanceError):
            raise stop.reason from None
        if isinstance(stop.reason, RateLimited):
            log.not_checked(label, GENERATED, f"{RATE_LIMITED}: {stop.reason}")
            book.end(label, RATE_LIMITED)
            return
        log.unsent_cases += 1
        log.not_checked(label, GENERATED, "the request budget ran out during this operation's generated cases")
        book.end(label, BUDGET)
    except Unsatisfiable:
        log.not_checked(label, GENERATED, "Schemathesis could not generate a valid case from the spec")
        book.end(label, "unsatisfiable")
    except Exception as exc:  # noqa: BLE001 - a failure to generate is an error of the run, never a pass
        log.add_error(crash(label, GENERATED, exc))
        book.end(label, "error")


def _replay(operation: Any, recorded: RecordedCases, send: Callable[[Case[Any]], None]) -> Callable[[], None]:
    """Send the recorded cases again, in order; a recording that the budget stopped stops here too."""

    def replay() -> None:
        for record in recorded.cases:
            send(st.case_from_record(operation, record))
        if recorded.outcome == BUDGET:
            raise _Stop(BudgetExhausted("the recording's budget ran out here"))

    return replay


def _record(case: Case[Any]) -> str | None:
    try:
        return st.case_record(case)
    except st.UnrecordableCase:
        return None
