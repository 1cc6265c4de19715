"""YAML data files read with line numbers, so a bad record names its line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import GuideError


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader (libyaml where available) that records each mapping's line as ``__line__``."""


def _mapping(loader, node):
    data = loader.construct_mapping(node, deep=True)
    data["__line__"] = node.start_mark.line + 1
    return data


class Lines(list):
    """A YAML list that knows the line of each item, so an item that is not a mapping can be named too."""
    lines: list[int]


def _sequence(loader, node):
    data = Lines(loader.construct_sequence(node, deep=True))
    data.lines = [item.start_mark.line + 1 for item in node.value]
    return data


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def each(items: list):
    """(item, line) for every item of a list read by ``load``."""
    lines = getattr(items, "lines", [None] * len(items))
    return zip(items, lines)


def load(path: str | Path, shown: str | None = None) -> Any:
    """Parse a YAML file; errors name ``shown`` (default: ``path``)."""
    path = Path(path)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), _LineLoader)
    except OSError as exc:
        raise GuideError(shown or path, None, f"cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise GuideError(shown or path, mark.line + 1 if mark else None,
                         f"malformed YAML: {getattr(exc, 'problem', exc)}") from None


_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_fields(record: dict, path, allowed: set[str], required: set[str], what: str, line: int | None = None) -> None:
    """Unknown or missing fields are errors at the record's line; ``line`` (from ``each``) is
    named when the record is not a mapping at all."""
    if not isinstance(record, dict):
        raise GuideError(path, line, f"{what}: must be a mapping of fields (name: value), not {record!r}")
    line = record.get("__line__")
    for key in record:
        if key != "__line__" and key not in allowed:
            raise GuideError(path, line, f"{what}: unknown field {key!r} (allowed: {', '.join(sorted(allowed))})")
    for key in required:
        if record.get(key) in (None, "", []):
            raise GuideError(path, line, f"{what}: missing required field {key!r}")


def listed(record: dict, key: str, path, what: str) -> list:
    """The list under ``key`` ([] when absent); anything else is an error at the record's line."""
    value = record.get(key, [])
    if not isinstance(value, list):
        raise GuideError(path, record.get("__line__"), f"{what}: {key!r} must be a list")
    return value


def check_id(value, path, line: int | None, what: str) -> str:
    """Ids become URLs and anchors, so they are kebab-case: a-z, 0-9 and single hyphens."""
    if not isinstance(value, str) or not _ID.match(value):
        raise GuideError(path, line, f"{what}: id must be kebab-case (a-z, 0-9, single hyphens), not {value!r}")
    return value


def check_number(record: dict, key: str, path, what: str) -> float:
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise GuideError(path, record.get("__line__"), f"{what}: {key!r} must be a number, not {value!r}")
    return value
