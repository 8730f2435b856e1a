"""The character classes Schemathesis 4.32.5 spells PCRE Unicode properties and POSIX classes as (`patterns.py`).

Copied unchanged: a `pattern` in a response schema is rewritten with these before the validator compiles it.
"""

from __future__ import annotations

# Unicode property escape translations (PCRE/Java/JS -> Python approximations)
# These cover Latin-based scripts which handle the majority of real-world APIs
_LETTER_CLASS = r"a-zA-Z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F"
_LETTER_UPPER_CLASS = r"A-Z\u00C0-\u00D6\u00D8-\u00DE\u0100-\u0136\u0139-\u0147\u014A-\u0178\u0179-\u017D"
_LETTER_LOWER_CLASS = r"a-z\u00DF-\u00F6\u00F8-\u00FF\u0101-\u0137\u013A-\u0148\u014B-\u0177\u017A-\u017E"
_OTHER_LETTER_CLASS = r"\u00AA\u00BA\u01BB\u01C0-\u01C3\u0294"
_DIGIT_CLASS = r"0-9"
_ALNUM_CLASS = rf"{_LETTER_CLASS}{_DIGIT_CLASS}"
_SPACE_CLASS = r" \t\n\r\f\v"
_XDIGIT_CLASS = r"0-9A-Fa-f"
_ASCII_CLASS = r"\x00-\x7F"
# Punctuation: ASCII + Latin-1 Supplement + General Punctuation
_PUNCT_CLASS = r"!\"#%&'()*,\-./:;?@\[\\\]_{}\u00A1\u00A7\u00AB\u00B6\u00B7\u00BB\u00BF\u2010-\u2027\u2030-\u203E"
# Combining marks (common diacritical marks)
_MARK_CLASS = r"\u0300-\u036F\u0483-\u0489\u1DC0-\u1DFF\u20D0-\u20FF"
# Symbols: currency, math, misc symbols
_SYMBOL_CLASS = r"$+<=>^`|~\u00A2-\u00A6\u00A8\u00A9\u00AC\u00AE-\u00B1\u00B4\u00D7\u00F7\u2200-\u22FF\u2600-\u26FF"
# Control characters
_CONTROL_CLASS = r"\x00-\x1F\x7F-\x9F"
# Graph (visible characters) and Print (graph + space)
_GRAPH_CLASS = r"!-~\u00A1-\u00AC\u00AE-\u00FF"
_PRINT_CLASS = rf" {_GRAPH_CLASS}"
# Blank (horizontal whitespace)
_BLANK_CLASS = r" \t"
# Scripts, kept to the blocks the validating engine agrees are part of them
_HAN_CLASS = (
    r"\u2E80-\u2E99\u2E9B-\u2EF3\u2F00-\u2FD5\u3005\u3007\u3021-\u3029\u3038-\u303B"
    r"\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFA6D\uFA70-\uFAD9"
)
_GREEK_CLASS = (
    r"\u0370-\u0373\u0375-\u0377\u037A-\u037D\u0384\u0386\u0388-\u038A\u038C\u038E-\u03A1"
    r"\u03A3-\u03E1\u03F0-\u03FF\u1F00-\u1F15\u1F18-\u1F1D\u1F20-\u1F45"
)
_CYRILLIC_CLASS = r"\u0400-\u0481\u048A-\u052F\u1C80-\u1C88\u2DE0-\u2DFF\uA640-\uA69F"
_HIRAGANA_CLASS = r"\u3041-\u3096\u309D-\u309F"
_KATAKANA_CLASS = r"\u30A1-\u30FA\u30FD-\u30FF\u31F0-\u31FF\uFF66-\uFF6F\uFF71-\uFF9D"
_HANGUL_CLASS = (
    r"\u1100-\u11FF\u3131-\u318E\uA960-\uA97C\uAC00-\uD7A3\uD7B0-\uD7C6\uD7CB-\uD7FB"
    r"\uFFA0-\uFFBE\uFFC2-\uFFC7\uFFCA-\uFFCF\uFFD2-\uFFD7\uFFDA-\uFFDC"
)

# Escapes standing on their own; the ones inside a class are inlined before these run.
UNICODE_PROPERTY_MAP = (
    (r"\p{L}", f"[{_LETTER_CLASS}]"),
    (r"\p{Lu}", f"[{_LETTER_UPPER_CLASS}]"),
    (r"\p{Ll}", f"[{_LETTER_LOWER_CLASS}]"),
    (r"\p{Lo}", f"[{_OTHER_LETTER_CLASS}]"),
    (r"\p{N}", f"[{_DIGIT_CLASS}]"),
    (r"\p{Nd}", f"[{_DIGIT_CLASS}]"),
    (r"\p{Alpha}", f"[{_LETTER_CLASS}]"),
    (r"\p{Digit}", f"[{_DIGIT_CLASS}]"),
    (r"\p{XDigit}", f"[{_XDIGIT_CLASS}]"),
    (r"\p{Alnum}", f"[{_ALNUM_CLASS}]"),
    (r"\p{Space}", f"[{_SPACE_CLASS}]"),
    (r"\p{Z}", f"[{_SPACE_CLASS}]"),
    (r"\p{Zs}", f"[{_SPACE_CLASS}]"),
    (r"\p{P}", f"[{_PUNCT_CLASS}]"),
    (r"\p{Punct}", f"[{_PUNCT_CLASS}]"),
    (r"\p{M}", f"[{_MARK_CLASS}]"),
    (r"\p{S}", f"[{_SYMBOL_CLASS}]"),
    (r"\p{C}", f"[{_CONTROL_CLASS}]"),
    (r"\p{Cntrl}", f"[{_CONTROL_CLASS}]"),
    (r"\p{ASCII}", f"[{_ASCII_CLASS}]"),
    (r"\p{Graph}", f"[{_GRAPH_CLASS}]"),
    (r"\p{Print}", f"[{_PRINT_CLASS}]"),
    (r"\p{Blank}", f"[{_BLANK_CLASS}]"),
    (r"\p{Upper}", f"[{_LETTER_UPPER_CLASS}]"),
    (r"\p{IsLetter}", f"[{_LETTER_CLASS}]"),
    (r"\p{Greek}", f"[{_GREEK_CLASS}]"),
    (r"\p{Cyrillic}", f"[{_CYRILLIC_CLASS}]"),
    (r"\p{Han}", f"[{_HAN_CLASS}]"),
    (r"\p{Hiragana}", f"[{_HIRAGANA_CLASS}]"),
    (r"\p{Katakana}", f"[{_KATAKANA_CLASS}]"),
    (r"\p{Hangul}", f"[{_HANGUL_CLASS}]"),
    (r"\P{L}", f"[^{_LETTER_CLASS}]"),
    (r"\P{N}", f"[^{_DIGIT_CLASS}]"),
    (r"\P{Nd}", f"[^{_DIGIT_CLASS}]"),
    (r"\P{C}", f"[^{_CONTROL_CLASS}]"),
    (r"\P{M}", f"[^{_MARK_CLASS}]"),
    # Shorthand standalone forms (single-letter properties without braces)
    (r"\pL", f"[{_LETTER_CLASS}]"),
    (r"\pN", f"[{_DIGIT_CLASS}]"),
    (r"\pP", f"[{_PUNCT_CLASS}]"),
    (r"\pM", f"[{_MARK_CLASS}]"),
    (r"\pS", f"[{_SYMBOL_CLASS}]"),
    (r"\pC", f"[{_CONTROL_CLASS}]"),
    (r"\pZ", f"[{_SPACE_CLASS}]"),
    (r"\PL", f"[^{_LETTER_CLASS}]"),
    (r"\PN", f"[^{_DIGIT_CLASS}]"),
    (r"\PC", f"[^{_CONTROL_CLASS}]"),
    (r"\PM", f"[^{_MARK_CLASS}]"),
)

# Raw class contents (no surrounding brackets) used when `\p{X}` is nested inside a character class.
UNICODE_PROPERTY_RAW_MAP: dict[str, str] = {
    "L": _LETTER_CLASS,
    "Lu": _LETTER_UPPER_CLASS,
    "Ll": _LETTER_LOWER_CLASS,
    "Lo": _OTHER_LETTER_CLASS,
    "N": _DIGIT_CLASS,
    "Nd": _DIGIT_CLASS,
    "Alpha": _LETTER_CLASS,
    "Digit": _DIGIT_CLASS,
    "XDigit": _XDIGIT_CLASS,
    "Alnum": _ALNUM_CLASS,
    "Space": _SPACE_CLASS,
    "Z": _SPACE_CLASS,
    "Zs": _SPACE_CLASS,
    "P": _PUNCT_CLASS,
    "Punct": _PUNCT_CLASS,
    "M": _MARK_CLASS,
    "S": _SYMBOL_CLASS,
    "C": _CONTROL_CLASS,
    "Cntrl": _CONTROL_CLASS,
    "ASCII": _ASCII_CLASS,
    "Graph": _GRAPH_CLASS,
    "Print": _PRINT_CLASS,
    "Blank": _BLANK_CLASS,
    "Upper": _LETTER_UPPER_CLASS,
    "IsLetter": _LETTER_CLASS,
    "Greek": _GREEK_CLASS,
    "Cyrillic": _CYRILLIC_CLASS,
    "Han": _HAN_CLASS,
    "Hiragana": _HIRAGANA_CLASS,
    "Katakana": _KATAKANA_CLASS,
    "Hangul": _HANGUL_CLASS,
}
# Script classes are the blocks the validating engine agrees are part of a script, not the whole of
# it, so complementing one would admit characters the script still claims.
PARTIAL_SCRIPT_CLASSES = frozenset({"Greek", "Cyrillic", "Han", "Hiragana", "Katakana", "Hangul"})
# Single-letter shorthand (`\pL`, `\pN`, ...) raw equivalents.
UNICODE_SHORTHAND_RAW_MAP: dict[str, str] = {
    "L": _LETTER_CLASS,
    "N": _DIGIT_CLASS,
    "P": _PUNCT_CLASS,
    "M": _MARK_CLASS,
    "S": _SYMBOL_CLASS,
    "C": _CONTROL_CLASS,
    "Z": _SPACE_CLASS,
}

# POSIX character classes (only valid inside `[...]` in PCRE; Python's `re` misparses them
# and emits FutureWarning about possible nested sets).
POSIX_CLASS_RAW_MAP: dict[str, str] = {
    "alpha": _LETTER_CLASS,
    "alnum": _ALNUM_CLASS,
    "digit": _DIGIT_CLASS,
    "upper": _LETTER_UPPER_CLASS,
    "lower": _LETTER_LOWER_CLASS,
    "space": _SPACE_CLASS,
    "xdigit": _XDIGIT_CLASS,
    "print": _PRINT_CLASS,
    "graph": _GRAPH_CLASS,
    "punct": _PUNCT_CLASS,
    "cntrl": _CONTROL_CLASS,
    "blank": _BLANK_CLASS,
    "ascii": _ASCII_CLASS,
}
