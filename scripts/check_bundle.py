"""Fail if the built labextension carries its own copy of a package JupyterLab provides.

Every @jupyterlab/*, @lumino/* and React module must be consumed from JupyterLab's share scope
with no bundled fallback (import: false), and the production build's list of bundled packages
must name none of them. Usage: python scripts/check_bundle.py jupyterlab_sane/labextension
"""

import json
import re
import sys
from pathlib import Path

CORE = re.compile(r"^(@jupyterlab/|@lumino/|react$|react-dom$)")
CONSUME = re.compile(r'shareKey: ?"([^"]+)", ?import: ?([^,]+),')


def problems(outdir: Path) -> list[str]:
    static = outdir / "static"
    found = []
    for entry in static.glob("remoteEntry.*.js"):
        for key, fallback in CONSUME.findall(entry.read_text()):
            if CORE.match(key) and fallback.strip() not in ("null", "false", "!1"):
                found.append(f"{entry.name}: {key} has a bundled fallback ({fallback})")
    licenses = static / "third-party-licenses.json"
    if licenses.exists():
        for package in json.loads(licenses.read_text())["packages"]:
            if CORE.match(package["name"]):
                found.append(f"bundled: {package['name']} {package['versionInfo']}")
    return found


if __name__ == "__main__":
    found = problems(Path(sys.argv[1]))
    print("\n".join(found) or "check_bundle: no core package is bundled")
    sys.exit(1 if found else 0)
