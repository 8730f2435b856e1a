"""The generated-cases phase: Schemathesis' examples, coverage and fuzzing cases of each operation, generated
first and sent in covering order (`budget`), while the budget lasts; under a budget, operations take turns, every
covering set before any other case, and an operation whose covering set was sent is checked (`log.COVERING`). A
replay re-sends the cases its recording wrote down (`casebook`), in the order they were sent, instead of
generating them again."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hypothesis.errors import Unsatisfiable

from conformance import st
from conformance.engine.budget import CaseKind, covering_order, covering_size, round_robin
from conformance.engine.casebook import BUDGET, COMPLETED, CaseBook
from conformance.engine.exercise import RATE_LIMITED, Exerciser
from conformance.engine.log import COVERING, GENERATED, crash
from conformance.errors import ConformanceError
from conformance.gate import NOT_RECORDED, BudgetExhausted, Gate, NotRecorded, RateLimited
from conformance.probes.covering import NONE_SERVED, Served
from conformance.progress import Progress, Silent

if TYPE_CHECKING:
    from schemathesis import Case

__all__ = ["GENERATED", "Queue", "run_generated"]
CUT = "the request budget ran out during this operation's generated cases"
SPENT = "the request budget was spent before this operation's generated cases"


@dataclass
class Queue:
    """One operation's cases still to send, in order, the first `covering` of them its covering set (what is left of
    it); `ends_cut`: a replay of a recording the budget cut."""

    operation: Any
    cases: list[Case[Any]] = field(default_factory=list)
    ends_cut: bool = False
    open: bool = True
    covering: int = 0
    sent: int = 0

    @property
    def sent_covering(self) -> bool:
        return self.sent >= self.covering


def run_generated(
    exerciser: Exerciser,
    operations: list[tuple[Any, int]],
    gate: Gate,
    book: CaseBook | None = None,
    progress: Progress | None = None,
    served: Mapping[str, Served] | None = None,
) -> None:
    """Send and check the generated cases of each (operation, cases sent by earlier runs of a `--resume`: the
    order is derandomized, so the same cases come first); under a budget, round robin over the operations.
    `served`: per operation, the kinds of case its probes' requests were (`probes.covering`), which its covering
    set leaves out. TargetError if the target is lost."""
    served = served or {}
    book, progress = book or CaseBook(), progress or Silent()
    log = exerciser.log
    if gate.max_requests is None:
        for operation, sent_earlier in operations:
            log.enter(operation.label, GENERATED)
            progress.phase(operation.label, GENERATED)
            queue = _prepare(exerciser, operation, book, sent_earlier, served.get(operation.label, NONE_SERVED))
            if queue is not None:
                _send(exerciser, gate, [queue], [(0, case) for case in queue.cases], book, progress)
        return
    queues = []
    for operation, sent_earlier in operations:
        if gate.exhausted:
            log.not_checked(operation.label, GENERATED, SPENT)
            continue
        log.enter(operation.label, GENERATED)
        progress.phase(operation.label, f"{GENERATED}: generating")
        queue = _prepare(exerciser, operation, book, sent_earlier, served.get(operation.label, NONE_SERVED))
        if queue is not None:
            queues.append(queue)
    # Every covering set first, operations taking turns; then the other cases, operations taking turns.
    covering = round_robin([queue.cases[: queue.covering] for queue in queues])
    rest = round_robin([queue.cases[queue.covering :] for queue in queues])
    _send(exerciser, gate, queues, covering + rest, book, progress)


def _prepare(exerciser: Exerciser, operation: Any, book: CaseBook, sent_earlier: int, served: Served) -> Queue | None:
    """The operation's cases in sending order, those earlier runs sent left out; None if it cannot have any."""
    label, log = operation.label, exerciser.log
    recorded = book.replayable(label)
    book.start(label)
    try:
        if recorded:
            cases = [st.case_from_record(operation, record) for record in recorded.cases]
            # A recording that does not say (an older cassette) counts a cut as before its covering set ended.
            covering = recorded.covering if recorded.covering is not None else len(cases) + (recorded.outcome == BUDGET)
        else:
            generated: list[Case[Any]] = []
            st.generated_cases(operation, generated.append)()
            kinds = [CaseKind(*st.case_kind(case)) for case in generated]
            cases = [generated[i] for i in covering_order(kinds, served)]
            covering = covering_size(kinds, served)
            book.cover(label, covering)
    except Unsatisfiable:
        log.not_checked(label, GENERATED, "Schemathesis could not generate a valid case from the spec")
        book.end(label, "unsatisfiable")
        return None
    except Exception as exc:  # noqa: BLE001 - a failure to generate is an error of the run, never a pass
        log.add_error(crash(label, GENERATED, exc))
        book.end(label, "error")
        return None
    left = max(0, covering - sent_earlier)
    if not left:
        log.completed(label, COVERING)
    ends_cut = recorded is not None and recorded.outcome == BUDGET
    return Queue(operation, cases[sent_earlier:], ends_cut=ends_cut, covering=left)


def _send(
    exerciser: Exerciser,
    gate: Gate,
    queues: list[Queue],
    order: list[tuple[int, Case[Any]]],
    book: CaseBook,
    progress: Progress,
) -> None:
    log = exerciser.log
    for number, case in order:
        queue = queues[number]
        if not queue.open:
            continue
        label = queue.operation.label
        if queue.sent == 0 and len(queues) > 1:
            progress.phase(label, GENERATED)
        log.enter(label, GENERATED)
        if not _exercise(exerciser, gate, queue, case, book):
            continue
        queue.sent += 1
        if queue.sent == queue.covering:
            log.completed(label, COVERING)
        if queue.sent == len(queue.cases):
            _finish(exerciser, queue, book)
    for queue in queues:
        if queue.open and queue.sent == len(queue.cases):
            _finish(exerciser, queue, book)  # nothing left to send (all sent by earlier runs)


def _exercise(exerciser: Exerciser, gate: Gate, queue: Queue, case: Case[Any], book: CaseBook) -> bool:
    """Send one case; False, with the queue closed and why, if the budget or a 429 stopped it."""
    label, log = queue.operation.label, exerciser.log
    if book.recording:
        book.add(label, _record(case))
    before = gate.sent
    try:
        exerciser.exercise(case)
    except ConformanceError:
        raise
    except NotRecorded as exc:  # a recheck: this case's response is not in the cassette (checked whatever the set)
        _close(exerciser, queue, book, str(exc), NOT_RECORDED)
        return False
    except BudgetExhausted:
        log.unsent_cases += 1
        _close(exerciser, queue, book, CUT, BUDGET)
        return False
    except RateLimited as exc:
        _close(exerciser, queue, book, f"{RATE_LIMITED}: {exc}", RATE_LIMITED)
        return False
    except KeyboardInterrupt:
        if gate.sent > before:
            log.case_sent(label)  # its request went out: a --resume after the interrupt must not send it again
        raise
    except Exception as exc:  # noqa: BLE001 - a crash while sending is an error of the run, never a pass
        log.add_error(crash(label, GENERATED, exc))
        queue.open = False
        book.end(label, "error")
        return False
    log.case_sent(label)
    return True


def _finish(exerciser: Exerciser, queue: Queue, book: CaseBook) -> None:
    if queue.ends_cut:  # the recording's budget ran out here
        exerciser.log.unsent_cases += 1
        _close(exerciser, queue, book, CUT, BUDGET)
        return
    queue.open = False
    exerciser.log.completed(queue.operation.label, GENERATED)
    book.end(queue.operation.label, COMPLETED)


def _close(exerciser: Exerciser, queue: Queue, book: CaseBook, reason: str, outcome: str) -> None:
    """The queue ends before its last case. A budget that cut it after its covering set leaves it checked: the
    cases it did not send are what a full run adds (its --resume sends them next)."""
    queue.open = False
    if not (outcome == BUDGET and queue.sent_covering):
        exerciser.log.not_checked(queue.operation.label, GENERATED, reason)
    book.end(queue.operation.label, outcome)


def _record(case: Case[Any]) -> str | None:
    try:
        return st.case_record(case)
    except st.UnrecordableCase:
        return None
