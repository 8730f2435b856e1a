"""Mutation score per paging style: which faults of the sandbox's catalogue does a default run catch?

For each of listing.mdx's five paging styles, one official list (the lists `tests/test_styles.py` uses) is served
by the embedded sandbox, correct and then with each fault of the catalogue that applies to it
(`Fault.shows_on`), and a default `conformance run` selects it: in full, and with `--max-requests 100` (issue #23's
budget). A fault is **caught** when a defect comes from a check that names the rule it breaks
(`Fault.rule_checks`), **other** when only other checks report defects, **missed** when none does, and **error**
when a check crashed; **n/a** where the list has nothing the fault breaks. The correct sandbox must give no
defect (false alarms). Writes bench/mutation.md and bench/mutation.json, and the README section between the
mutation markers. Not run in CI; it prints its time.

    python bench/mutation.py [--jobs 2]               # the whole catalogue
    python bench/mutation.py --only FAULT [FAULT ...]  # measure these again, keep the rest from mutation.json
    python bench/mutation.py --styles cursor unpaged   # measure these styles again, keep the rest likewise
    python bench/mutation.py --until 16:50             # stop starting runs then (UTC); the rest: not measured

Each worker process starts one sandbox per style and swaps the fault it serves between runs (`Switch`), instead of
starting and stopping a server per run: the list, its data and every answer are the same (the runs only read), and
a fault's state (the cursors it remembers) is new for each run. A fault runs only on the styles it shows on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import sys
import tempfile
import time
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.engine.run import run
from conformance.result import Kind
from conformance.sandbox import Credentials, Sandbox
from conformance.sandbox.fault import STYLE_LISTS
from conformance.sandbox.faults import FAULTS, get_fault
from conformance.sandbox.http import App, Request, Response
from conformance.sandbox.shape import ListShape, ListStyle
from conformance.sandbox.shape_reading import read_shape
from conformance.selection import parse_selection
from conformance.settings import resolve_settings

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = Path(os.environ.get("CONFORMANCE_SHARED", ROOT.parent / "shared")) / "voucherify" / "openapi"
CREDENTIALS = Credentials("mutation-app", "mutation-token")
LISTS = STYLE_LISTS  # one official list per paging style
BUDGETS: tuple[int | None, ...] = (None, 100)
RESULTS = ROOT / "bench" / "mutation.json"
Key = tuple[str, str, int | None]  # fault, style, budget
MARK_START, MARK_END = "<!-- mutation:start -->", "<!-- mutation:end -->"
UNMEASURED = "not measured this run"


@dataclass(frozen=True)
class Outcome:
    verdict: str  # caught, other, missed, error, n/a
    checks: tuple[str, ...] = ()


@functools.cache
def raw_spec(style: ListStyle) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads((OPENAPI / LISTS[style][0]).read_text())
    return spec


@functools.cache
def profile(style: ListStyle) -> ListShape:
    """The list as the sandbox that serves the fault reads it (`Fault.shows_on` takes the sandbox's reading)."""
    found = read_shape(raw_spec(style), LISTS[style][1])
    assert isinstance(found, ListShape), (LISTS[style], found)
    return found


class Switch:
    """The sandbox's wrap: the correct app, or the fault it is switched to (a new instance for each run)."""

    def __init__(self) -> None:
        self.correct: App | None = None
        self.serving: App | None = None

    def __call__(self, app: App) -> App:
        self.correct = self.serving = app
        return self.answer

    def answer(self, request: Request) -> Response:
        assert self.serving is not None
        return self.serving(request)

    def use(self, fault: str | None) -> None:
        assert self.correct is not None
        self.serving = get_fault(fault).wrap(self.correct) if fault else self.correct


# This worker's sandboxes, one per style, started on first use and left to end with the process.
_SANDBOXES: dict[ListStyle, tuple[Sandbox, Switch]] = {}


def _sandbox(style: ListStyle) -> tuple[Sandbox, Switch]:
    if style not in _SANDBOXES:
        switch = Switch()
        server = Sandbox(spec=raw_spec(style), credentials=CREDENTIALS, wrap=switch)
        server.start()
        _SANDBOXES[style] = (server, switch)
    return _SANDBOXES[style]


def defects(style: ListStyle, fault: str | None, budget: int | None) -> tuple[set[str], list[str]]:
    """The checks that reported defects on the list, and the run's errors."""
    file, path = LISTS[style]
    server, switch = _sandbox(style)
    switch.use(fault)
    with tempfile.TemporaryDirectory() as out:
        result = run(
            resolve_settings(
                spec=OPENAPI / file,
                base_url=server.url,
                app_id=CREDENTIALS.app_id,
                app_token=CREDENTIALS.app_token,
                report_dir=Path(out),
                max_requests=budget,
                selection=parse_selection({"path": [path]}, {}, None),
            )
        )
    return {f.check for f in result.findings if f.kind is Kind.DEFECT}, [e.message for e in result.errors]


def judge(task: Key) -> tuple[str, str, int | None, Outcome]:
    name, style_value, budget = task
    style = ListStyle(style_value)
    fault = get_fault(name)
    if not fault.shows_on(profile(style)):
        return name, style_value, budget, Outcome("n/a")
    found, errors = defects(style, name, budget)
    if errors:
        return name, style_value, budget, Outcome("error", tuple(errors[:1]))
    named = found & fault.rule_checks
    if named:
        return name, style_value, budget, Outcome("caught", tuple(sorted(named)))
    return name, style_value, budget, Outcome("other" if found else "missed", tuple(sorted(found)))


def clean(task: tuple[str, int | None]) -> tuple[str, int | None, list[str]]:
    style_value, budget = task
    found, errors = defects(ListStyle(style_value), None, budget)
    return style_value, budget, sorted(found) + [f"error: {e}" for e in errors]


def _cell(full: Outcome, budgeted: Outcome) -> str:
    if full.verdict == "n/a":
        return "n/a"
    if full.verdict == budgeted.verdict == UNMEASURED:
        return UNMEASURED
    return f"{full.verdict} · {budgeted.verdict}"


def table(results: dict[Key, Outcome], alarms: dict[tuple[str, int | None], list[str]],
          names: list[str], seconds: float, jobs: int) -> str:  # fmt: skip
    styles = [style.value for style in LISTS]
    lines = [
        f"Measured by `python bench/mutation.py --jobs {jobs}` in {seconds:.0f} s on the 2-core machine: a default",
        "`conformance run` of one official list per paging style against the embedded sandbox serving each fault.",
        "Each cell is the full run · the run with `--max-requests 100`: **caught** (a defect from a check that",
        "names the broken rule), **other** (only other checks report defects), **missed**, **error** (a check",
        "crashed), **n/a** (the list has nothing the fault breaks).",
        *(
            [f"The run stopped at its time limit (`--until`): cells marked *{UNMEASURED}* were not run."]
            if any(o.verdict == UNMEASURED for o in results.values())
            else []
        ),
        "",
        "| style | list | false alarms, correct sandbox (full · 100) | caught, full | caught, `--max-requests 100` |",
        "|---|---|---|---|---|",
    ]
    for style, (file, path) in LISTS.items():
        applicable = [n for n in names if results[(n, style.value, None)].verdict != "n/a"]
        full = sum(results[(n, style.value, None)].verdict == "caught" for n in applicable)
        budgeted = sum(results[(n, style.value, 100)].verdict == "caught" for n in applicable)
        false = f"{len(alarms[(style.value, None)])} · {len(alarms[(style.value, 100)])}"
        left = [sum(results[(n, style.value, b)].verdict == UNMEASURED for n in applicable) for b in BUDGETS]
        full_text, budget_text = (
            f"{caught} of {len(applicable)}" + (f" ({unmeasured} {UNMEASURED})" if unmeasured else "")
            for caught, unmeasured in zip((full, budgeted), left, strict=True)
        )
        lines.append(f"| `{style.value}` | `{file}` `GET {path}` | {false} | {full_text} | {budget_text} |")
    noisy = {key: found for key, found in alarms.items() if found}
    if noisy:
        lines += [
            "",
            "False alarms: " + "; ".join(f"{s} ({b or 'full'}): {', '.join(f)}" for (s, b), f in noisy.items()),
        ]
    lines += ["", "| fault | rule checks | " + " | ".join(f"`{s}`" for s in styles) + " |"]
    lines.append("|---|---|" + "---|" * len(styles))
    for name in names:
        fault = get_fault(name)
        cells = [_cell(results[(name, s, None)], results[(name, s, 100)]) for s in styles]
        rules = ", ".join(f"`{c}`" for c in sorted(fault.rule_checks))
        lines.append(f"| `{name}` | {rules} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def update_readme(section: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    start, end = text.index(MARK_START) + len(MARK_START), text.index(MARK_END)
    readme.write_text(text[:start] + "\n" + section + text[end:])


def _key(name: str, style: str, budget: int | None) -> str:
    return f"{name} {style} {budget or 'full'}"


def earlier() -> tuple[dict[Key, Outcome], float]:
    """The outcomes bench/mutation.json holds, and the seconds the whole catalogue took then."""
    if not RESULTS.exists():
        return {}, 0.0
    saved = json.loads(RESULTS.read_text())
    outcomes = {
        (n, s, b): Outcome(row["verdict"], tuple(row["checks"]))
        for n in (fault.name for fault in FAULTS)
        for s in (style.value for style in LISTS)
        for b in BUDGETS
        if (row := saved["results"].get(_key(n, s, b)))
    }
    return outcomes, float(saved["seconds"])


def merged(new: dict[Key, Outcome], old: dict[Key, Outcome], partial: bool = False) -> dict[Key, Outcome]:
    """Every fault x style x budget: n/a where the fault does not show (as the catalogue says now), else measured;
    `partial`: what no run measured is marked so, instead of an error."""
    outcomes: dict[Key, Outcome] = {}
    unmeasured = set()
    for fault in FAULTS:
        for style in LISTS:
            for budget in BUDGETS:
                key = (fault.name, style.value, budget)
                if not fault.shows_on(profile(style)):
                    outcomes[key] = Outcome("n/a")
                elif (found := new.get(key) or old.get(key)) is None or found.verdict in ("n/a", UNMEASURED):
                    unmeasured.add(fault.name)
                    if partial:
                        outcomes[key] = Outcome(UNMEASURED)
                else:
                    outcomes[key] = found
    if unmeasured and not partial:
        raise SystemExit(f"not measured yet: run python bench/mutation.py --only {' '.join(sorted(unmeasured))}")
    return outcomes


def _deadline(text: str | None) -> float | None:
    """`--until HH:MM` (UTC, today) as a time.monotonic() value."""
    if text is None:
        return None
    hours, minutes = (int(part) for part in text.split(":"))
    now = dt.datetime.now(dt.UTC)
    until = now.replace(hour=hours, minute=minutes, second=0, microsecond=0)
    return time.monotonic() + (until - now).total_seconds()


def measure(tasks: list[Key], jobs: int, deadline: float | None) -> tuple[dict[Key, Outcome], dict[Any, list[str]]]:
    """The correct sandbox's alarms, then each task's outcome; past the deadline, no run starts."""
    new: dict[Key, Outcome] = {}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        alarms = {(s, b): found for s, b, found in pool.map(clean, [(s.value, b) for s in LISTS for b in BUDGETS])}
        futures: list[Future[tuple[str, str, int | None, Outcome]]] = [pool.submit(judge, task) for task in tasks]
        stopped = False
        for future in as_completed(futures):
            if future.cancelled():
                continue
            name, style, budget, outcome = future.result()
            new[(name, style, budget)] = outcome
            print(f"{name:<28} {style:<12} {budget or 'full':<5} {outcome.verdict} {','.join(outcome.checks)}",
                  file=sys.stderr, flush=True)  # fmt: skip
            if deadline is not None and time.monotonic() > deadline and not stopped:
                stopped = True
                cancelled = sum(f.cancel() for f in futures)
                print(f"time limit: {cancelled} runs not started", file=sys.stderr, flush=True)
    return new, alarms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="runs in parallel (default: 2, the machine's cores)")
    parser.add_argument("--only", nargs="*", help="measure these faults again; the others keep their earlier outcome")
    parser.add_argument(
        "--styles",
        nargs="*",
        choices=[style.value for style in LISTS],
        help="measure these paging styles again; the others keep their earlier outcome",
    )
    parser.add_argument("--until", help="HH:MM UTC: start no run after it; what is left is not measured this run")
    args = parser.parse_args()
    names = args.only or [fault.name for fault in FAULTS]
    started = time.monotonic()
    # A fault runs only where it shows: elsewhere it is n/a without a run. The newest faults (the catalogue's end)
    # first: what a time limit leaves out is then the part of the catalogue measured longest.
    styles = [ListStyle(value) for value in args.styles] if args.styles else list(LISTS)
    tasks = [
        (n, s.value, b) for n in reversed(names) for s in styles for b in BUDGETS if get_fault(n).shows_on(profile(s))
    ]
    new, alarms = measure(tasks, args.jobs, _deadline(args.until))
    old, whole = earlier()
    partial = bool(args.only or args.styles)
    seconds = whole if partial and whole else time.monotonic() - started
    results = merged(new, old if partial else {}, partial=args.until is not None)
    section = table(results, alarms, [fault.name for fault in FAULTS], seconds, args.jobs)
    rows = {_key(*key): {"verdict": o.verdict, "checks": [*o.checks]} for key, o in results.items()}
    payload = {"seconds": round(seconds), "false_alarms": {_key("correct", s, b): f for (s, b), f in alarms.items()}}
    RESULTS.write_text(json.dumps({**payload, "results": rows}, indent=1) + "\n")
    (ROOT / "bench" / "mutation.md").write_text("# Mutation score per paging style\n\n" + section)
    update_readme(section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
