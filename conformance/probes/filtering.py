"""Each filter once, with a value taken from a real item, so that the response check `list_filters` has items to judge.

A text filter the spec's words call exact (`checks/meaning.py`) is also sent a fragment of a real value: a server
that matches substrings then returns items the exact filter must not. Filters that cannot be probed, and what the
profile reads but nothing checks, are reported as not checked.
"""

from __future__ import annotations

from typing import Any

from conformance.checks.meaning import FilterMeaning, read_meaning
from conformance.documents import value_at
from conformance.probes.prober import Prober
from conformance.probes.walks import largest

FILTERS = "list_filters"


def probe_filters(prober: Prober, items: list[dict[str, Any]]) -> None:
    """One request per filter (two for an exact text filter), at the largest page."""
    meaning = read_meaning(prober.operation.schema.raw_schema, prober.profile)
    queries = [*_text(prober, meaning, items), *_dates(prober, meaning, items), *_conditions(prober, items)]
    for query in queries:
        prober.get(**query, **largest(prober))
    cursor = prober.profile.date_cursor
    if cursor and items and isinstance(items[len(items) // 2].get("created_at"), str):
        prober.get(**{cursor: items[len(items) // 2]["created_at"]})
    _report_unchecked(prober, meaning)


def _text(prober: Prober, meaning: FilterMeaning, items: list[dict[str, Any]]) -> list[dict[str, str]]:
    queries = []
    for name, path in prober.profile.text_filters.items():
        value = next((v for v in (value_at(item, path) for item in items) if isinstance(v, str) and v), None)
        if value is None:
            prober.not_checked(f"{FILTERS}[{name}]", f"no item of the first page has a `{'.'.join(path)}` to send")
            continue
        queries.append({name: value})
        if name in meaning.exact and len(value) > 1:
            queries.append({name: value[:-1]})  # a prefix: substring and prefix matching both return the item
    return queries


def _dates(prober: Prober, meaning: FilterMeaning, items: list[dict[str, Any]]) -> list[dict[str, str]]:
    if not items:
        return []
    middle = items[len(items) // 2]
    queries = []
    for name, (field, _side) in prober.profile.date_bounds.items():
        if isinstance(middle.get(field), str):
            queries.append({name: middle[field]})
    for name, (field, _side) in meaning.ranges.items():
        if isinstance(middle.get(field), str):
            queries.append({name: middle[field]})
    return queries


def _conditions(prober: Prober, items: list[dict[str, Any]]) -> list[dict[str, str]]:
    """`filters[field][conditions][$is]` with a real value; `$after` a real date, for every field that has them."""
    spec = prober.profile.filters
    if spec is None or not items:
        return []
    queries = []
    middle = items[len(items) // 2]
    for field, conditions in spec.equality.items():
        value = next((v for v in (item.get(field) for item in items) if _scalar(v)), None)
        if "$is" not in conditions or value is None:
            if "$is" not in conditions:
                prober.cannot_judge(f"{FILTERS}[{spec.name}.{field}]", "not probed: the spec lists no $is for it")
            else:
                prober.not_checked(f"{FILTERS}[{spec.name}.{field}]", "not probed: no item of the first page has it")
            continue
        queries.append({f"{spec.name}[{field}][conditions][$is]": _text_of(value)})
    for field, conditions in spec.dates.items():
        if "$after" in conditions and isinstance(middle.get(field), str):
            queries.append({f"{spec.name}[{field}][conditions][$after]": middle[field]})
    return queries


def _report_unchecked(prober: Prober, meaning: FilterMeaning) -> None:
    for name, reason in meaning.unchecked.items():
        prober.cannot_judge(f"{FILTERS}[{name}]", reason)
    for sentence in prober.profile.unchecked:
        prober.cannot_judge(f"{FILTERS}: {sentence}", "the spec documents it, and no check can judge it")


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and value != ""


def _text_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
