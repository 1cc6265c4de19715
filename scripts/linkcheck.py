#!/usr/bin/env python3
"""Run the real linkchecker over a built site served on 127.0.0.1.

Usage: linkcheck.py SITE_DIR. Exit 0 when every internal link and anchor resolves.

Trap handled here: run as root, linkchecker switches to user ``nobody`` before it
loads its plugins; if its virtualenv is not readable by ``nobody`` it silently skips
them, AnchorCheck included, and broken anchors pass. So the plugin list is checked
first; if AnchorCheck cannot load as ``nobody``, linkchecker is run without dropping
privileges (it only reads a loopback server), and that is said.
"""

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RC = ROOT / "linkcheckerrc"
# Runs the real linkchecker command with its privilege drop disabled.
NO_DROP = ("import sys, linkcheck.command.linkchecker as m; m.drop_privileges = lambda: None; "
           "sys.argv[0] = 'linkchecker'; sys.exit(m.linkchecker())")


def command(no_drop: bool) -> list[str]:
    return [sys.executable, "-c", NO_DROP] if no_drop else [str(Path(sys.executable).with_name("linkchecker"))]


def anchorcheck_loads(no_drop: bool) -> bool:
    out = subprocess.run(command(no_drop) + ["-f", str(RC), "--list-plugins"], capture_output=True, text=True)
    return "AnchorCheck" in out.stdout


def main(site: str) -> int:
    site_dir = Path(site).resolve()
    if not (site_dir / "index.html").exists():
        print(f"linkcheck: {site_dir}/index.html not found: build the site first")
        return 2
    no_drop = False
    if not anchorcheck_loads(False):
        no_drop = True
        print("linkcheck: linkchecker cannot load its AnchorCheck plugin as user nobody (its files are not "
              "readable by nobody); running it without dropping root privileges")
        if not anchorcheck_loads(True):
            print("linkcheck: AnchorCheck plugin does not load at all: anchors would go unchecked")
            return 2
    handler = functools.partial(QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    # Every page is a start URL, checked with its links one level deep, so pages that
    # no link reaches are checked too. One crawl of the whole site slows down more than
    # linearly with its size, so the pages are shared among parallel linkchecker runs.
    # 404.html is served at any depth, so its links are absolute to the deployed site's root.
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html") if p.name != "404.html")
    urls = [base + (p[:-len("index.html")] if p.endswith("index.html") else p) for p in pages]
    jobs = max(1, min(os.cpu_count() or 1, 4))
    try:
        procs = [subprocess.Popen(command(no_drop) + ["-f", str(RC), "--no-status", "-r", "1", *urls[i::jobs]])
                 for i in range(jobs)]
        codes = [p.wait() for p in procs]
    finally:
        server.shutdown()
        server.server_close()
    status = max(codes)
    print(f"linkcheck: {len(urls)} pages of {site_dir} checked in {jobs} linkchecker runs, exit status {status}")
    return status


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        # linkchecker waits between requests to a host unless the host answers with a
        # LinkChecker header: this is our own loopback server, so no politeness delay.
        self.send_header("LinkChecker", "local")
        super().end_headers()

    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        # linkchecker stops reading a download (the PDF, the zip) once it knows the link works.
        try:
            super().copyfile(source, outputfile)
        except (BrokenPipeError, ConnectionResetError):
            pass


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
