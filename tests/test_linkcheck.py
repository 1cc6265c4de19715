"""The real linkchecker bites: a broken anchor or link fails, a clean site passes."""

import subprocess
import sys

from conftest import ROOT

PAGE = '<!doctype html><html><head><title>{t}</title></head><body><h2 id="here">Here</h2>{body}</body></html>'


def run(site):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "linkcheck.py"), str(site)],
                          capture_output=True, text=True)


def write(site, a_body):
    site.mkdir(exist_ok=True)
    (site / "index.html").write_text(PAGE.format(t="Home", body=a_body), encoding="utf-8")
    (site / "other").mkdir(exist_ok=True)
    (site / "other" / "index.html").write_text(PAGE.format(t="Other", body='<a href="../#here">back</a>'),
                                               encoding="utf-8")


def test_clean_site_passes(tmp_path):
    write(tmp_path / "site", '<a href="other/#here">ok</a> <a href="https://example.org/">outside</a>')
    proc = run(tmp_path / "site")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_broken_anchor_fails(tmp_path):
    write(tmp_path / "site", '<a href="other/#nowhere">bad anchor</a>')
    proc = run(tmp_path / "site")
    assert proc.returncode != 0
    assert "nowhere" in proc.stdout


def test_broken_link_fails(tmp_path):
    write(tmp_path / "site", '<a href="missing/">bad link</a>')
    proc = run(tmp_path / "site")
    assert proc.returncode != 0
    assert "404" in proc.stdout
