#!/usr/bin/env python3
"""Check every quotation in docs/ (pages and quizzes) and data/ against the source texts in $STUDYGUIDE_SOURCES.

Exit 0: all verbatim (or the variable is unset: says so and skips). Exit 1: a
misquotation, printed as file:line with the closest passage in the source.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from studyguide import bib, quotes  # noqa: E402
from studyguide.errors import GuideError  # noqa: E402


def main() -> int:
    directory = os.environ.get("STUDYGUIDE_SOURCES")
    if not directory:
        print("check_quotes: STUDYGUIDE_SOURCES is not set, so quotations were NOT checked. "
              "Set it to the folder holding the three source texts (CI uses ../shared/sources).")
        return 0
    try:
        sources = quotes.Sources(ROOT / "data/sources.yml", Path(directory))
        titles = quotes.bib_titles(bib.load(ROOT / "bibliography.bib"))
        checked, errors = quotes.check_tree(ROOT / "docs", sources, titles, ROOT / "data")
    except GuideError as exc:
        print(f"check_quotes: {exc}")
        return 1
    for line in errors:
        print(line)
    print(f"check_quotes: {checked} quotations checked against {len(sources.texts)} source texts, "
          f"{len(errors)} not verbatim")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
