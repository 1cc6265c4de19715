#!/usr/bin/env python3
"""Build the guide for reading from disk and zip it: site/downloads/<name>-offline.zip.

Usage: build_offline.py [SITE_DIR [WORK_DIR]]; the unzipped bundle is built in WORK_DIR
(default: build/offline/). Needs `npm ci` (for the iframe-worker shim that
Material's offline search uses) and the PDF in SITE_DIR/downloads (`make pdf`), which
the bundle includes. Unzipped, index.html opens from file:// with search, glossary
previews and note previews.
"""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "stalin-korean-war-study-guide"
SHIM = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"


def main(site: str = str(ROOT / "site"), work: str = str(ROOT / "build" / "offline")) -> int:
    site_dir = Path(site).resolve()
    pdf = site_dir / "downloads" / f"{NAME}.pdf"
    for need, hint in ((SHIM, "run `npm ci`"), (pdf, "run `make pdf`")):
        if not need.exists():
            print(f"build_offline: {need} not found: {hint}")
            return 2
    out = Path(work).resolve() / NAME
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs-offline.yml"),
                           "-d", str(out)], env=env, cwd=ROOT)
    if proc.returncode:
        return proc.returncode
    shutil.copy(SHIM, out / "assets" / "javascripts" / "iframe-worker-shim.js")
    (out / "downloads").mkdir(exist_ok=True)
    shutil.copy(pdf, out / "downloads" / pdf.name)
    archive = site_dir / "downloads" / f"{NAME}-offline.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(out.rglob("*")):
            if path.is_file():
                zf.write(path, Path(NAME) / path.relative_to(out))
    size = archive.stat().st_size / 1e6
    print(f"build_offline: {out} -> {archive} ({size:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
