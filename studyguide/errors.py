"""One error type for bad input, always naming the file and, where known, the line."""

from __future__ import annotations


class GuideError(Exception):
    """Bad input in the guide's sources. ``str()`` gives ``file:line: message``."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path, self.line, self.message = str(path), line, message
        super().__init__(f"{self.path}:{line}: {message}" if line else f"{self.path}: {message}")


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1
