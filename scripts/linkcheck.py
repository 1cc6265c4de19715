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
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        proc = subprocess.run(command(no_drop) + ["-f", str(RC), "--no-status", url])
    finally:
        server.shutdown()
    print(f"linkcheck: linkchecker exit status {proc.returncode} for {site_dir}")
    return proc.returncode


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
