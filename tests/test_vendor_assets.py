"""Leaflet and its cluster plugin are served from the site itself: committed copies of the pinned
npm packages, with their licences, and no page loads anything from a CDN."""

from __future__ import annotations

import json
import re

import pytest

import vendor_assets
from pageresources import fetched_urls
from sitebuild import REPO


@pytest.mark.npm
def test_vendored_files_are_the_pinned_packages_unchanged():
    pins = vendor_assets.pinned_versions()
    assert vendor_assets.problems() == []
    for package in vendor_assets.PACKAGES:
        installed = json.loads((REPO / "node_modules" / package.name / "package.json").read_text())["version"]
        assert installed == pins[package.name]
        for path in package.files:
            copy = vendor_assets.destination(package, path)
            assert copy.is_file(), f"{copy} is missing: run `make vendor`"
            assert copy.read_bytes() == (REPO / "node_modules" / package.name / path).read_bytes(), \
                f"{copy} differs from node_modules: run `make vendor`"


@pytest.mark.npm
def test_each_package_ships_its_licence_and_versions_are_recorded():
    for package in vendor_assets.PACKAGES:
        licence = vendor_assets.destination(package, package.files[-1])
        assert re.search(r"copyright", licence.read_text(encoding="utf-8"), re.I), licence
    versions = (vendor_assets.VENDOR / "VERSIONS.txt").read_text(encoding="utf-8")
    assert versions == vendor_assets.versions_text()


def test_nothing_extra_in_the_vendor_folders():
    expected = {vendor_assets.destination(p, f) for p in vendor_assets.PACKAGES for f in p.files}
    expected.add(vendor_assets.VENDOR / "VERSIONS.txt")
    found = {p for folder in vendor_assets.folders() for p in folder.rglob("*") if p.is_file()}
    assert found == expected


def test_the_card_font_is_vendored_beside_the_drawing_code_with_its_licence():
    fonts = vendor_assets.FONTS
    assert sorted(p.suffix for p in fonts.iterdir()) == ["", ".ttf", ".ttf"]
    assert "SIL Open Font License" in (fonts / "LICENSE_FONT").read_text(encoding="utf-8")


def test_a_loose_pin_is_refused(tmp_path, monkeypatch):
    package_json = tmp_path / "package.json"
    package_json.write_text(json.dumps({"devDependencies": {"leaflet": "^1.9.4"}}))
    real = vendor_assets.pinned_versions
    monkeypatch.setattr(vendor_assets, "pinned_versions", lambda: real(package_json))
    assert any("pin leaflet to an exact version" in p for p in vendor_assets.problems())


def test_no_page_loads_anything_from_another_host(built_site):
    pages = list(built_site.site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        for url in fetched_urls(page.read_text(encoding="utf-8")):
            assert not re.match(r"^(https?:)?//", url), f"{page.relative_to(built_site.site)} loads {url}"


def test_the_map_script_names_no_server():
    """Tile server and library addresses come from the page and the site, never from the script."""
    for name in ("stories-map.js", "maps.js"):
        script = (REPO / "docs" / "assets" / "javascripts" / name).read_text(encoding="utf-8")
        assert "://" not in script, name
