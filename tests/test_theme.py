"""The one change to Material's built stylesheets (studyguide/theme.py) and its loud failure."""

from pathlib import Path

import material
import pytest

from studyguide import theme
from studyguide.errors import GuideError

MATERIAL_SHEETS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"


def test_installed_material_has_the_rule_once():
    sheets = list(MATERIAL_SHEETS.glob("palette.*.min.css"))
    assert len(sheets) == 1
    assert sheets[0].read_text(encoding="utf-8").count(theme.SWITCHING_RULE) == 1


def test_built_guide_drops_the_rule_and_keeps_offsets(guide_site):
    built = next((guide_site.site / "assets" / "stylesheets").glob("palette.*.min.css"))
    original = MATERIAL_SHEETS / built.name
    css = built.read_text(encoding="utf-8")
    assert "data-md-color-switching" not in css
    assert len(css) == len(original.read_text(encoding="utf-8"))  # the source map still lines up


def test_a_theme_without_the_rule_fails_loudly(tmp_path):
    sheets = tmp_path / "assets" / "stylesheets"
    sheets.mkdir(parents=True)
    (sheets / "palette.abc.min.css").write_text("body{color:red}", encoding="utf-8")
    with pytest.raises(GuideError, match=r"palette\.abc\.min\.css: Material's colour-switching rule appears 0 times"):
        theme.drop_palette_switching_rule(tmp_path)


def test_no_palette_stylesheet_fails_loudly(tmp_path):
    (tmp_path / "assets" / "stylesheets").mkdir(parents=True)
    with pytest.raises(GuideError, match="found 0"):
        theme.drop_palette_switching_rule(tmp_path)
