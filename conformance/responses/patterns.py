"""The `pattern` a response schema keeps: Schemathesis 4.32.5's `enforced_pattern` (`core/jsonschema/patterns.py`).

A pattern in PCRE or Python dialect is translated to one the validator's engine reads; one it still cannot compile
is dropped, so it is never enforced. Ported line for line, because a kept or dropped pattern decides a finding.
"""

from __future__ import annotations

import re

# Python 3.11's names for the regex parser (`sre_parse` before, deprecated since): typeshed has no stubs for them.
import re._constants as sre  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
import sys
import warnings
from functools import lru_cache

import jsonschema_rs

from conformance.responses.dialect import PATTERN_OPTIONS
from conformance.responses.pattern_classes import (
    PARTIAL_SCRIPT_CLASSES,
    POSIX_CLASS_RAW_MAP,
    UNICODE_PROPERTY_MAP,
    UNICODE_PROPERTY_RAW_MAP,
    UNICODE_SHORTHAND_RAW_MAP,
)

Interval = tuple[int, int]
_MAX_CODEPOINT = sys.maxunicode
_SURROGATES = (0xD800, 0xDFFF)
_BRACE_HEX_DIGITS = re.compile(r"[0-9A-Fa-f]{1,6}\Z")
_POSIX_CLASS = re.compile(r"\[\[:\^?[a-zA-Z]+:\]")
_CLASS_META = set(r"\]^[-")
_SHORTHANDS = (r"\pL", r"\pN", r"\pP", r"\pM", r"\pS", r"\pC", r"\pZ", r"\PL", r"\PN", r"\PC", r"\PM")


def enforced_pattern(pattern: object) -> str | None:
    """The pattern a schema keeps, or None when the validator cannot compile it and it is dropped."""
    translated = normalize_regex(pattern)
    current = translated if translated is not None else pattern
    if not isinstance(current, str) or not compiles(current):
        return None
    return current


@lru_cache(maxsize=256)
def compiles(pattern: str) -> bool:
    """Whether the validator's regex engine compiles the pattern."""
    try:
        jsonschema_rs.Draft202012Validator({"pattern": pattern}, pattern_options=PATTERN_OPTIONS)
    except jsonschema_rs.ValidationError:
        return False
    return True


@lru_cache(maxsize=256)
def normalize_regex(pattern: object) -> str | None:
    r"""PCRE Unicode properties, POSIX classes, ECMA class literals, `\A`/`\Z` and named groups, translated."""
    if not isinstance(pattern, str):
        return None
    stripped = _strip_group_names(pattern)
    translated = _inline_unicode_in_classes(stripped)
    if translated is None:
        return None
    needed = (
        r"\p{" in pattern
        or r"\P{" in pattern
        or any(escape in pattern for escape in _SHORTHANDS)
        or translated != stripped
        or pattern.startswith(r"\A")
        or pattern.endswith(r"\Z")
        or r"\x{" in pattern
        or stripped != pattern
    )
    if not needed:
        return None
    for escape, equivalent in UNICODE_PROPERTY_MAP:
        translated = translated.replace(escape, equivalent)
    if r"\p{" in translated or r"\P{" in translated:
        return None
    if translated.startswith(r"\A"):
        translated = "^" + translated[2:]
    if translated.endswith(r"\Z"):
        translated = translated[:-2] + "$"
    return translated if _is_valid_python_regex(translated) else None


def _is_valid_python_regex(pattern: str) -> bool:
    # Python misreads POSIX classes nested in `[...]`; such patterns count as invalid.
    if _POSIX_CLASS.search(pattern):
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            re.compile(pattern)
    except re.error:
        return False
    return True


def _strip_group_names(pattern: str) -> str:
    """Named groups as plain ones, leaving lookbehind and literal text alone."""
    out: list[str] = []
    in_class = False
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
        elif ch == "(":
            name_start = -1
            if pattern.startswith("(?P<", i):
                name_start = i + 4
            # `(?<=` and `(?<!` open a lookbehind, which names no group.
            elif pattern.startswith("(?<", i) and pattern[i + 3 : i + 4] not in ("=", "!"):
                name_start = i + 3
            if name_start != -1:
                end = pattern.find(">", name_start)
                if end != -1:
                    out.append("(")
                    i = end + 1
                    continue
        out.append(ch)
        i += 1
    return "".join(out)


def _inline_unicode_in_classes(pattern: str) -> str | None:  # one scanner, as ported
    r"""Inline `\p{X}` and `\P{X}` contents inside `[...]` and escape ECMA class literals for Python."""
    out: list[str] = []
    i = 0
    in_class = False
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            next_ch = pattern[i + 1]
            if in_class and next_ch == "P" and i + 2 < n and pattern[i + 2] == "{":
                end = pattern.find("}", i + 3)
                name = pattern[i + 3 : end] if end != -1 else ""
                raw = None if name in PARTIAL_SCRIPT_CLASSES else UNICODE_PROPERTY_RAW_MAP.get(name)
                if raw is None:
                    return None
                out.append(_complement_class(raw))
                i = end + 1
                continue
            if in_class and next_ch == "P":
                return None
            if in_class and next_ch == "p" and i + 2 < n:
                if pattern[i + 2] == "{":
                    end = pattern.find("}", i + 3)
                    if end != -1:
                        raw = UNICODE_PROPERTY_RAW_MAP.get(pattern[i + 3 : end])
                        if raw is not None:
                            out.append(raw)
                            i = end + 1
                            continue
                else:
                    raw = UNICODE_SHORTHAND_RAW_MAP.get(pattern[i + 2])
                    if raw is not None:
                        out.append(raw)
                        i += 3
                        continue
            if next_ch == "x" and pattern[i + 2 : i + 3] == "{":
                end = pattern.find("}", i + 3)
                digits = pattern[i + 3 : end] if end != -1 else ""
                if not _BRACE_HEX_DIGITS.match(digits):
                    return None
                code = int(digits, 16)
                if code > _MAX_CODEPOINT:
                    return None
                out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
                i = end + 1
                continue
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class and ch in "&~|" and pattern[i + 1 : i + 2] == ch:
            while i < n and pattern[i] == ch:
                out.append(f"\\{ch}")
                i += 1
            continue
        if in_class and ch == "[" and i + 1 < n and pattern[i + 1] == ":":
            end = pattern.find(":]", i + 2)
            if end != -1:
                inner = pattern[i + 2 : end]
                if inner.startswith("^"):
                    return None
                raw = POSIX_CLASS_RAW_MAP.get(inner)
                if raw is None:
                    return None
                out.append(raw)
                i = end + 2
                continue
        if in_class and ch == "[":
            out.append(r"\[")
            i += 1
            continue
        if ch == "]" and not in_class:
            out.append(r"\]")
            i += 1
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


def _complement_class(raw: str) -> str:
    """Raw class contents admitting every codepoint `raw` turns down."""
    intervals = _class_intervals(f"[{raw}]")
    assert intervals is not None, raw  # every table class is literals and ranges
    return "".join(_serialize_range(low, high) for low, high in _merged(_complemented(intervals)))


def _class_intervals(cls: str) -> list[Interval] | None:
    try:
        parsed = list(sre_parse.parse(cls))
    except re.error:
        return None
    if len(parsed) != 1:
        return None
    op, value = parsed[0]
    if op == sre.LITERAL:
        return [(value, value)]
    if op != sre.IN:
        return None
    items = list(value)
    negated = bool(items) and items[0][0] == sre.NEGATE
    intervals: list[Interval] = []
    for item_op, item_value in items[1:] if negated else items:
        if item_op == sre.LITERAL:
            intervals.append((item_value, item_value))
        elif item_op == sre.RANGE:
            intervals.append(item_value)
        else:
            return None
    return _complemented(intervals) if negated else _merged(intervals)


def _merged(intervals: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for low, high in sorted(intervals):
        if out and low <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return out


def _complemented(intervals: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    cursor = 0
    for low, high in _merged([*intervals, _SURROGATES]):
        if low > cursor:
            out.append((cursor, low - 1))
        cursor = max(cursor, high + 1)
    if cursor <= _MAX_CODEPOINT:
        out.append((cursor, _MAX_CODEPOINT))
    return out


def _serialize_range(low: int, high: int) -> str:
    if low == high:
        return _serialize_literal(low)
    return f"{_serialize_literal(low)}-{_serialize_literal(high)}"


def _serialize_literal(charcode: int) -> str:
    ch = chr(charcode)
    if ch in _CLASS_META:
        return "\\" + ch
    if not ch.isprintable():
        if charcode <= 0xFF:
            return f"\\x{charcode:02x}"
        if charcode <= 0xFFFF:
            return f"\\u{charcode:04x}"
        return f"\\U{charcode:08x}"
    return ch
