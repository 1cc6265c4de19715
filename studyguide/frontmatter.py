"""Front matter that fails loudly: MkDocs silently ignores YAML it cannot parse."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import GuideError

# libyaml's loader where available: front matter of every page is read on every build.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def split(text: str, path: str | Path) -> tuple[dict[str, Any], str, int]:
    """Return (metadata, body, line where the body starts). Malformed YAML raises GuideError."""
    m = _FRONT.match(text)
    if not m:
        if text.startswith("---\n"):
            raise GuideError(path, 1, "front matter opened with '---' but never closed")
        return {}, text, 1
    raw = m.group(1) or ""
    try:
        data = yaml.load(raw, _Loader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for 1-based, +1 for the opening '---'
        problem = getattr(exc, "problem", None) or str(exc)
        raise GuideError(path, line, f"malformed YAML front matter: {problem}") from None
    if not isinstance(data, dict):
        raise GuideError(path, 2, "front matter must be a mapping of field: value")
    return data, text[m.end():], raw.count("\n") + 3


def key_lines(text: str) -> dict[str, int]:
    """Line of each top-level front-matter key, for error messages."""
    m = _FRONT.match(text)
    if not m or not m.group(1):
        return {}
    node = yaml.compose(m.group(1))
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 2 for k, _ in node.value}
