"""A number of things in words: "1 request", "2 requests", for every line a person reads."""

from __future__ import annotations


def counted(number: int, noun: str) -> str:
    """`number` `noun`s, singular for one: counted(1, "request") == "1 request"."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
