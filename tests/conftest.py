"""Shared fixtures: small sites built by the real MkDocs with the project's hooks."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXTURE_BIB = """\
@book{alpha2001book,
  author = {Alpha, Ann},
  title = {A Book about Things},
  publisher = {Example Press},
  date = {2001},
  keywords = {source},
}

@article{beta2002article,
  author = {Beta, Ben},
  title = {An Article},
  journaltitle = {Journal of Examples},
  volume = {3},
  date = {2002},
  keywords = {scholarship},
}
"""

FIXTURE_REGISTRY = """\
alpha2001book:
  label: Alpha
  file: alpha.txt
  sha256: 0000
"""


@dataclass
class Built:
    returncode: int
    output: str
    site: Path
    root: Path

    def html(self, page: str) -> str:
        return (self.site / page).read_text(encoding="utf-8")


def write_site(root: Path, pages: dict[str, str], nav: list | None = None, extra_yml: str = "",
               bib: str = FIXTURE_BIB, timeline: str | None = None, documents: str | None = None) -> Path:
    """A minimal guide: mkdocs.yml using the real hooks, a .bib, a sources registry, pages."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    (root / "bibliography.bib").write_text(bib, encoding="utf-8")
    (root / "data" / "sources.yml").write_text(FIXTURE_REGISTRY, encoding="utf-8")
    if timeline is not None:
        (root / "data" / "timeline.yml").write_text(textwrap.dedent(timeline), encoding="utf-8")
    if documents is not None:
        (root / "data" / "documents.yml").write_text(textwrap.dedent(documents), encoding="utf-8")
    for name, text in pages.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    nav_yml = ""
    if nav is not None:
        nav_yml = "nav:\n" + "".join(f"  - {item}\n" for item in nav)
    config = f"""\
site_name: Fixture
site_url: https://example.org/fixture/
strict: true
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
not_in_nav: |
  /glossary/actors/*.md
  /glossary/terms/*.md
  /study/documents/*.md
exclude_docs: |
  *.quiz.yml
theme:
  name: material
  font: false
hooks:
  - {ROOT / 'hooks' / 'studyguide_hooks.py'}
markdown_extensions:
  - attr_list
  - md_in_html
  - smarty
  - tables
  - admonition
  - toc:
      permalink: true
  - pymdownx.superfences
{extra_yml}
{nav_yml}"""
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def build(root: Path) -> Built:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")],
                          capture_output=True, text=True, env=env, cwd=root)
    return Built(proc.returncode, proc.stdout + proc.stderr, root / "site", root)


@pytest.fixture
def site(tmp_path):
    """Build a fixture site: site(pages, nav=..., extra_yml=..., bib=..., timeline=..., documents=...)."""
    def make(pages: dict[str, str], **kwargs) -> Built:
        return build(write_site(tmp_path / "project", pages, **kwargs))
    return make


@pytest.fixture(scope="session")
def guide_site(tmp_path_factory):
    """The real guide, built once per test session by the real MkDocs."""
    out = tmp_path_factory.mktemp("guide") / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(out)], capture_output=True, text=True,
                          env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return Built(proc.returncode, proc.stdout + proc.stderr, out, ROOT)
