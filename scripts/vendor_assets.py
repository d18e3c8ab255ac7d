#!/usr/bin/env python3
"""Copy third-party files from node_modules into the repository (`make vendor`): Leaflet into
docs/assets/vendor/ (no cluster plugin: the Map page's clusters are made at build time, see
hooks/storysite/geo/clusters.py), and the Atkinson Hyperlegible Next font that share cards are
drawn with into hooks/storysite/pictures/fonts/.

The site never loads code from a CDN: readers' browsers fetch these files from the site itself.
The font is drawn by Pillow at build time, never by a system font, so every machine draws the same
bytes; it lives beside the drawing code because only Python reads it. The copies are committed,
so building the site needs no npm. To update them:

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
FONTS = REPO / "hooks" / "storysite" / "pictures" / "fonts"


@dataclass(frozen=True)
class Package:
    name: str  # the npm package, and (unless `folder` is set) the folder under docs/assets/vendor/
    licence: str
    files: tuple[str, ...]  # paths inside the npm package; the last is the licence text
    folder: Path | None = None  # copy here, flat (file names only), instead of VENDOR/<name>/


PACKAGES = (
    Package("leaflet", "BSD-2-Clause", (
        "dist/leaflet.js", "dist/leaflet.css",
        # leaflet.css points at these; the site's markers are CSS (divIcon), but the layer control
        # and any default marker would need them.
        "dist/images/layers.png", "dist/images/layers-2x.png", "dist/images/marker-icon.png",
        "dist/images/marker-icon-2x.png", "dist/images/marker-shadow.png",
        "LICENSE",
    )),
    # Whole TTF files (Fontsource's WOFF2 files are split into subsets, so Latin Extended letters
    # such as Welsh ŵ ŷ would live in another file). The package's JavaScript is MIT; the fonts
    # are OFL-1.1, whose text must travel with them.
    Package("@expo-google-fonts/atkinson-hyperlegible-next", "OFL-1.1", (
        "400Regular/AtkinsonHyperlegibleNext_400Regular.ttf",
        "700Bold/AtkinsonHyperlegibleNext_700Bold.ttf",
        "LICENSE_FONT",
    ), folder=FONTS),
)


def destination(package: Package, path: str) -> Path:
    if package.folder is not None:
        return package.folder / Path(path).name
    return VENDOR / package.name / path.removeprefix("dist/")


def folders() -> tuple[Path, ...]:
    """Every folder the script owns and replaces whole."""
    return (VENDOR, *sorted({p.folder for p in PACKAGES if p.folder is not None}))


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
    lines = ["Third-party files copied from npm packages by scripts/vendor_assets.py: code served by this site,",
             "and the font its share cards are drawn with (kept beside the drawing code, not served).",
             "Do not edit these files: change the pin in package.json and run `make vendor`.", ""]
    lines += [f"{p.name} {installed_version(p)} ({p.licence}; licence text in "
              f"{destination(p, p.files[-1]).relative_to(VENDOR if p.folder is None else REPO)})"
              for p in PACKAGES]
    return "\n".join(lines) + "\n"


def vendor() -> list[Path]:
    """Replace docs/assets/vendor/ and the font folder with fresh copies. Returns the files written."""
    for folder in folders():
        if folder.exists():
            shutil.rmtree(folder)
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
        print("Cannot vendor the map libraries and the font:\n  " + "\n  ".join(found), file=sys.stderr)
        return 1
    written = vendor()
    print(f"Copied {len(written)} files into " + " and ".join(f"{f.relative_to(REPO)}/" for f in folders()) + ":")
    print(versions_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
