"""The benchmark's timed build (scripts/bench.py --phases), on a fixture guide: it leans on
MkDocs' record of event handlers, so an upgrade that changes it fails here, not at the end of
a half-hour `make bench`."""

import sys
from pathlib import Path

import pytest
from conftest import write_site

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import bench  # noqa: E402
from studyguide.citations import REFERENCE_MARK  # noqa: E402


def test_phases_name_each_hook_event_and_add_up(tmp_path):
    root = write_site(tmp_path, {"index.md": "# Home\n\nA claim.[@alpha2001book, 12] Another.[@beta2002article, 3]\n"})
    spent = bench.phases(root / "mkdocs.yml", tmp_path / "out")
    hooks = {name for name in spent if name.endswith(": studyguide_hooks.py")}
    assert {"files: studyguide_hooks.py", "page_markdown: studyguide_hooks.py",
            "page_content: studyguide_hooks.py"} <= hooks
    assert spent["Markdown to HTML (Python-Markdown)"] > 0
    assert "page_context: material/search" in spent
    parts = sum(v for k, v in spent.items() if k != "whole build, after imports")
    assert 0 < parts < spent["whole build, after imports"]
    assert (tmp_path / "out" / "index.html").read_text(encoding="utf-8").count('class="footnote-ref"') == 2


def test_phases_fail_loudly_with_the_build_error(tmp_path):
    root = write_site(tmp_path, {"index.md": "# Home\n\nA claim.[@nosuchkey, 1]\n"})
    with pytest.raises(SystemExit, match="unknown citation key @nosuchkey"):
        bench.phases(root / "mkdocs.yml", tmp_path / "out")


def test_expanded_docs_hold_the_pages_as_the_guide_hands_them_to_markdown(tmp_path):
    """The content floor's input: generated parts filled in, note references gone, other files kept."""
    from test_glossary import BIB_ONE, ENTRY
    root = write_site(tmp_path, {"index.md": "# Home\n\nAnn Alpha wrote it.[@alpha2001book, 2]\n",
                                 "glossary/actors/ann-alpha.md": ENTRY, "assets/note.txt": "kept"}, bib=BIB_ONE)
    out = bench.expanded_docs(root / "mkdocs.yml", tmp_path / "expanded")
    home = (out / "index.md").read_text(encoding="utf-8")
    assert home == "# Home\n\nAnn Alpha wrote it.\n"  # the citation's note reference left out
    entry = (out / "glossary" / "actors" / "ann-alpha.md").read_text(encoding="utf-8")
    assert 'class="glossary-header"' in entry and "## Mentioned in" in entry
    assert entry.startswith("---\n") and "boost: 5" in entry  # its front matter, with the boost the guide adds
    assert "[@" not in entry and REFERENCE_MARK not in entry
    assert (out / "assets" / "note.txt").read_text(encoding="utf-8") == "kept"


def test_expanding_fails_loudly_with_the_build_error(tmp_path):
    root = write_site(tmp_path, {"index.md": "# Home\n\nA claim.[@nosuchkey, 1]\n"})
    with pytest.raises(SystemExit, match="unknown citation key @nosuchkey"):
        bench.expanded_docs(root / "mkdocs.yml", tmp_path / "expanded")
