"""Containers read from YAML that remember where each part was, for `file:line` messages."""
from __future__ import annotations


class LineDict(dict):
    """A mapping read from YAML: `.line` is where it starts, `.lines[key]` where each key is."""

    line: int = 0
    lines: dict


class LineList(list):
    """A sequence read from YAML: `.line` is where it starts, `.lines[i]` where each item is."""

    line: int = 0
    lines: list
