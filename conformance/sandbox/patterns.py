"""Strings that match the simple regular expressions Voucherify's specs use (`^lmbr_[a-f0-9]+$`, `\\d{4}`)."""

from __future__ import annotations

import random
import re
import string

_TOKEN = re.compile(r"\\d|\\w|\[(?P<cls>[^\]]+)\]|\\(?P<esc>.)|(?P<lit>[^\\\[])")
_QUANT = re.compile(r"\+|\*|\?|\{(\d+)(?:,(\d*))?\}")


def _class_chars(spec: str) -> str:
    chars: list[str] = []
    index = 0
    while index < len(spec):
        if index + 2 < len(spec) and spec[index + 1] == "-":
            chars += [chr(c) for c in range(ord(spec[index]), ord(spec[index + 2]) + 1)]
            index += 3
        else:
            chars.append(spec[index])
            index += 1
    return "".join(chars)


def sample(pattern: str, rng: random.Random, length: int = 18) -> str | None:
    """A string that `re.search(pattern, s)` accepts, or None for a pattern beyond this small subset."""
    body = pattern.removeprefix("^").removesuffix("$")
    out: list[str] = []
    index = 0
    while index < len(body):
        token = _TOKEN.match(body, index)
        if token is None or token.group("lit") in ("(", ")", "|", ".", "+", "*", "?", "{"):
            return None
        text = token.group(0)
        if text == "\\d":
            alphabet = string.digits
        elif text == "\\w":
            alphabet = string.ascii_lowercase + string.digits
        elif token.group("cls"):
            if token.group("cls").startswith("^"):
                return None
            alphabet = _class_chars(token.group("cls"))
        else:
            alphabet = token.group("esc") or token.group("lit")
        index = token.end()
        quant = _QUANT.match(body, index)
        count = 1
        if quant:
            index = quant.end()
            if quant.group(0) in ("+", "*"):
                count = length
            elif quant.group(0) == "?":
                count = 1
            else:
                count = int(quant.group(1))
        out += rng.choices(alphabet, k=count)
    result = "".join(out)
    return result if re.search(pattern, result) else None
