#!/usr/bin/env python3
"""Check bibliography.bib: syntax, duplicate keys, required fields, one group per entry.

Errors are printed as file:line: message and the exit status is 1. Whether every
entry is cited is checked by the build, which knows every page.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from studyguide import bib  # noqa: E402
from studyguide.errors import GuideError  # noqa: E402


def main(path: str = "bibliography.bib") -> int:
    try:
        entries = bib.load(ROOT / path, path)
    except GuideError as exc:
        print(exc)
        return 1
    print(f"check_bib: {len(entries)} entries in {path}, all well formed")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
