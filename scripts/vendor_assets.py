#!/usr/bin/env python3
"""Copy Leaflet and Leaflet.markercluster from node_modules into docs/assets/vendor/ (`make vendor`).

The site never loads code from a CDN: readers' browsers fetch these files from the site itself.
The copies are committed, so building the site needs no npm. To update them:

  1. change the version in package.json (exact pins, no ^ or ~) and run `npm install`;
  2. run `make vendor` (this script): it checks that node_modules holds exactly the pinned
     versions, replaces docs/assets/vendor/ with fresh copies plus each package's licence, and
     writes docs/assets/vendor/VERSIONS.txt;
  3. look at the map page and a story page's map, run `make test`, and commit the lot.
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO / "node_modules"
VENDOR = REPO / "docs" / "assets" / "vendor"


@dataclass(frozen=True)
class Package:
    name: str  # the npm package, and the folder under docs/assets/vendor/
    licence: str
    files: tuple[str, ...]  # paths inside the npm package; dist/ is dropped in the copy


PACKAGES = (
    Package("leaflet", "BSD-2-Clause", (
        "dist/leaflet.js", "dist/leaflet.css",
        # leaflet.css points at these; the site's markers are CSS (divIcon), but the layer control
        # and any default marker would need them.
        "dist/images/layers.png", "dist/images/layers-2x.png", "dist/images/marker-icon.png",
        "dist/images/marker-icon-2x.png", "dist/images/marker-shadow.png",
        "LICENSE",
    )),
    # MarkerCluster.Default.css is left out: the site draws its own cluster icons (map.css).
    Package("leaflet.markercluster", "MIT", (
        "dist/leaflet.markercluster.js", "dist/MarkerCluster.css", "MIT-LICENCE.txt",
    )),
)


def destination(package: Package, path: str) -> Path:
    return VENDOR / package.name / path.removeprefix("dist/")


def pinned_versions(package_json: Path = REPO / "package.json") -> dict[str, str]:
    data = json.loads(package_json.read_text(encoding="utf-8"))
    return {**data.get("dependencies", {}), **data.get("devDependencies", {})}


def installed_version(package: Package) -> str:
    return json.loads((NODE_MODULES / package.name / "package.json").read_text(encoding="utf-8"))["version"]


def problems() -> list[str]:
    """What stops a faithful copy: a missing package, a loose pin or a different installed version."""
    found = []
    pins = pinned_versions()
    for package in PACKAGES:
        pin = pins.get(package.name)
        if pin is None or not pin[:1].isdigit():
            found.append(f"package.json must pin {package.name} to an exact version (e.g. \"1.9.4\"), not {pin!r}.")
        elif not (NODE_MODULES / package.name / "package.json").is_file():
            found.append(f"node_modules/{package.name} is missing: run `npm ci`.")
        elif installed_version(package) != pin:
            found.append(f"node_modules has {package.name} {installed_version(package)} but package.json pins "
                         f"{pin}: run `npm ci`.")
        else:
            found += [f"node_modules/{package.name}/{f} is missing." for f in package.files
                      if not (NODE_MODULES / package.name / f).is_file()]
    return found


def versions_text() -> str:
    lines = ["Third-party code served by this site, copied from npm packages by scripts/vendor_assets.py.",
             "Do not edit these files: change the pin in package.json and run `make vendor`.", ""]
    lines += [f"{p.name} {installed_version(p)} ({p.licence}; licence text in {p.name}/{p.files[-1]})"
              for p in PACKAGES]
    return "\n".join(lines) + "\n"


def vendor() -> list[Path]:
    """Replace docs/assets/vendor/ with fresh copies. Returns the files written."""
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    written = []
    for package in PACKAGES:
        for path in package.files:
            target = destination(package, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(NODE_MODULES / package.name / path, target)
            written.append(target)
    versions = VENDOR / "VERSIONS.txt"
    versions.write_text(versions_text(), encoding="utf-8")
    return written + [versions]


def main() -> int:
    found = problems()
    if found:
        print("Cannot vendor the map libraries:\n  " + "\n  ".join(found), file=sys.stderr)
        return 1
    written = vendor()
    print(f"Copied {len(written)} files into {VENDOR.relative_to(REPO)}/:")
    print(versions_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
