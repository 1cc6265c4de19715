"""One change to Material's built stylesheets, checked so that a theme upgrade which moves it fails the build.

Material's palette script sets ``data-md-color-switching`` on ``<body>`` at every page load and clears it soon
after. Its stylesheet has a rule for every element under that attribute (no colour transitions while the palette
switches), so each change restyles the whole page: two of the five or six full restyles at load, about a quarter
of a chapter's blocking time on a slowed CPU (docs/contributing/architecture.md#browser). Without the rule, a
switch of palette lets link colours fade for a tenth of a second instead.
"""

from __future__ import annotations

from pathlib import Path

from .errors import GuideError

SWITCHING_RULE = ("[data-md-color-switching] *,[data-md-color-switching] :after,"
                  "[data-md-color-switching] :before{transition-duration:0s!important}")


def drop_palette_switching_rule(site_dir: Path) -> None:
    """Blank the rule out of the built palette stylesheet.

    Spaces of the same length keep every offset, so the stylesheet's source map stays right."""
    sheets = sorted((site_dir / "assets" / "stylesheets").glob("palette.*.min.css"))
    if len(sheets) != 1:
        raise GuideError(site_dir / "assets" / "stylesheets", None,
                         f"expected one Material palette stylesheet (palette.*.min.css), found {len(sheets)}; "
                         "studyguide/theme.py must follow the theme")
    sheet = sheets[0]
    css = sheet.read_text(encoding="utf-8")
    found = css.count(SWITCHING_RULE)
    if found != 1:
        raise GuideError(sheet, None, f"Material's colour-switching rule appears {found} times, not once; the "
                         "theme has changed, so check that studyguide/theme.py still removes what it meant to")
    sheet.write_text(css.replace(SWITCHING_RULE, " " * len(SWITCHING_RULE)), encoding="utf-8")
