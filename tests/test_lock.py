"""requirements/lock.txt: every Python package, with its hashes, compiled from pyproject.toml's
pins (`make lock`), and the only place anything is installed from."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
LOCK = REPO / "requirements" / "lock.txt"
PYPROJECT = REPO / "pyproject.toml"
# A locked package: `name==version \` at the start of a line, its hashes on the lines after.
LOCKED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def pinned(pyproject_text: str) -> dict[str, str]:
    """Every `name==version` pin of pyproject's dependencies and its test extra, by normalised name."""
    project = tomllib.loads(pyproject_text)["project"]
    pins: dict[str, str] = {}
    for line in project["dependencies"] + project["optional-dependencies"]["test"]:
        requirement = Requirement(line)
        (spec,) = requirement.specifier  # the project pins each one exactly
        assert spec.operator == "==", f"pyproject.toml: {line!r} is not pinned with =="
        pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def locked(lock_text: str) -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in LOCKED.findall(lock_text)}


def lock_problems(pyproject_text: str, lock_text: str) -> list[str]:
    """What in the lock disagrees with pyproject's pins, each saying how to fix it."""
    in_lock = locked(lock_text)
    problems = []
    for name, version in sorted(pinned(pyproject_text).items()):
        if name not in in_lock:
            problems.append(f"requirements/lock.txt: {name} (pyproject.toml pins {version}) is missing: run make lock")
        elif in_lock[name] != version:
            problems.append(f"requirements/lock.txt: {name} is {in_lock[name]}, pyproject.toml pins {version}: "
                            "run make lock")
    return problems


def test_the_lock_is_in_step_with_pyproject():
    problems = lock_problems(PYPROJECT.read_text(encoding="utf-8"), LOCK.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("edit, message", [
    (('"pillow==12.1.1"', '"pillow==12.2.0"'), "pillow is 12.1.1, pyproject.toml pins 12.2.0: run make lock"),
    (('"pypdf==7.1.1",', '"pypdf==7.1.1", "humanize==4.0.0",'), "humanize (pyproject.toml pins 4.0.0) is missing"),
], ids=["moved-pin", "new-dependency"])
def test_a_pin_moved_without_make_lock_is_named(edit, message):
    old, new = edit
    pyproject = PYPROJECT.read_text(encoding="utf-8")
    assert old in pyproject
    problems = lock_problems(pyproject.replace(old, new, 1), LOCK.read_text(encoding="utf-8"))
    assert len(problems) == 1 and message in problems[0] and problems[0].endswith("run make lock")


def test_every_locked_package_has_a_hash_and_no_index_is_written_in():
    text = LOCK.read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text)
    packages = [e for e in entries if LOCKED.match(e)]
    assert len(packages) > 40
    for entry in packages:
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), f"no hash for {entry.splitlines()[0]}"
    # The lock names packages, not where to get them: each machine's own pip settings decide that.
    assert not re.search(r"^--(index-url|extra-index-url|find-links)", text, re.MULTILINE)
    # What building this checkout needs is locked too, as the install runs without build isolation.
    assert "setuptools" in locked(text)


def test_the_venv_is_installed_from_the_lock_with_hashes_and_rebuilt_when_it_changes():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "LOCK := requirements/lock.txt" in makefile
    rule = re.search(r"^\$\(VENV\)/\.installed: (.*)\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert rule and "$(LOCK)" in rule.group(1).split()
    recipe = rule.group(2)
    assert "--require-hashes" in recipe and "-r $(LOCK)" in recipe
    assert "--no-deps" in recipe and "-e ." in recipe
    assert "venv --clear" in recipe, "a package taken out of the lock must leave the venv too"
    assert re.search(r"^lock: .*\n\t\$\(BIN\)/pip-compile .*", makefile, re.MULTILINE)
    # `make lock` gives the command in the lock's header, the one Dependabot reruns.
    header = re.search(r"^#    pip-compile (.*)$", LOCK.read_text(encoding="utf-8"), re.MULTILINE).group(1)
    lock_rule = re.search(r"^lock: .*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1).replace("\\\n", " ")
    for option in header.replace("requirements/lock.txt", "$(LOCK)").split():
        assert option in lock_rule.split(), f"make lock does not pass {option} (the lock's header does)"


def test_ci_and_the_deploy_install_python_packages_only_through_make():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci and "pip install" not in ci
    for path in sorted((REPO / ".github" / "workflows").glob("*.yml")):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, job in workflow["jobs"].items():
            runs = [step.get("run", "") for step in job.get("steps", [])]
            assert not any("pip install" in run for run in runs), f"{path.name} {name}: install with make"
            setups = [s for s in job.get("steps", []) if s.get("uses", "").startswith("actions/setup-python@")]
            if setups:
                assert any(re.search(r"\bmake (\.venv/\.installed|test)\b", run) for run in runs), (
                    f"{path.name} {name}: sets up Python but never installs from the lock")
            for setup in setups:
                if setup["with"].get("cache") == "pip":
                    assert setup["with"]["cache-dependency-path"] == "requirements/lock.txt", path.name
