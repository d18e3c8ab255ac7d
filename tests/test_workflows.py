"""The GitHub workflows and the issue form: valid against GitHub's schemas (checked offline with
check-jsonschema's vendored copies), and set up as a reviewer would insist."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ISSUE_FORM = REPO / ".github" / "ISSUE_TEMPLATE" / "suggest-a-story.yml"
ISSUE_FORMS = sorted((REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True)


def load(name: str) -> dict:
    data = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_there_are_workflows_to_check():
    assert {p.name for p in WORKFLOWS} >= {"checks.yml", "deploy.yml", "story-from-issue.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_githubs_schema(path):
    result = check_jsonschema("vendor.github-workflows", path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_there_are_issue_forms_to_check():
    assert {p.name for p in ISSUE_FORMS} >= {"suggest-a-story.yml", "report-a-problem.yml"}


@pytest.mark.parametrize("form", ISSUE_FORMS, ids=lambda p: p.name)
def test_issue_form_matches_githubs_schema(form):
    result = check_jsonschema("vendor.github-issue-forms", form)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("broken", [
    ("runs-on: ubuntu-latest", "runs-on: [ubuntu-latest, {}]"),  # not a runner label
    ("pages: write", "pages: publish"),                          # not a permission level
    ("      - id: deployment\n", "      - idd: deployment\n"),   # a misspelt step key
    ("  workflow_dispatch:\n", "  workflow_dispatch: [main]\n"),
], ids=["runs-on", "permission", "step-key", "trigger"])
def test_a_broken_workflow_is_rejected(tmp_path, broken):
    """The schema check can fail: the same deploy workflow with one mistake does not pass."""
    old, new = broken
    text = (REPO / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "deploy.yml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = check_jsonschema("vendor.github-workflows", bad)
    assert result.returncode != 0
    assert "deploy.yml" in result.stdout + result.stderr


def test_a_broken_issue_form_is_rejected(tmp_path):
    bad = tmp_path / "form.yml"
    bad.write_text(ISSUE_FORM.read_text(encoding="utf-8").replace("type: dropdown", "type: select", 1),
                   encoding="utf-8")
    assert check_jsonschema("vendor.github-issue-forms", bad).returncode != 0


def test_deploy_runs_on_main_daily_and_by_hand():
    on = load("deploy.yml")["on"]
    assert on["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in on
    (schedule,) = on["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*"), "the rebuild must run every day"
    assert minute.isdigit() and hour.isdigit()


def test_deploy_has_least_privilege_and_one_deploy_at_a_time():
    workflow = load("deploy.yml")
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert "permissions" not in jobs["build"], "the build needs nothing beyond reading the code"
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert workflow["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] is False, "a deploy that has started must finish"


def test_deploy_builds_strictly_with_todays_date_and_publishes_the_site():
    steps = load("deploy.yml")["jobs"]["build"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "make .venv/.installed" in runs  # the lock, with hashes
    assert re.search(r'SOURCE_DATE_EPOCH="\$\(date \+%s\)"', runs)
    assert "export SOURCE_DATE_EPOCH" in runs
    assert "mkdocs build --strict" in runs
    (upload,) = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload["with"]["path"] == "site"
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit(path):
    uses = re.findall(r"uses:\s*(\S+)(.*)", path.read_text(encoding="utf-8"))
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), f"{action} is not pinned to a commit SHA"
        assert re.search(r"#\s*v\d+\.\d+\.\d+", comment), f"{action} has no '# vX.Y.Z' comment saying which release"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_untrusted_text_is_written_into_a_shell_script(path):
    """Issue and pull request text reaches `run:` scripts only through environment variables."""
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), f"{path.name}: use env: instead of ${{{{ }}}} in {step['run']!r}"


def test_pull_request_preview_is_uploaded_and_explained():
    workflow = load("checks.yml")
    assert workflow["permissions"] == {"contents": "read"}
    preview = workflow["jobs"]["preview"]
    assert preview["if"] == "github.event_name == 'pull_request'"
    steps = preview["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "mkdocs build --strict" in runs
    (upload,) = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["path"] == "site"
    assert 'scripts/preview_summary.py' in runs and '>> "$GITHUB_STEP_SUMMARY"' in runs


def test_story_from_issue_runs_only_on_the_accepted_label_with_its_own_permissions():
    workflow = load("story-from-issue.yml")
    assert workflow["on"] == {"issues": {"types": ["labeled"]}}
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    assert "'story: accepted'" in job["if"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    story_step = next(s for s in job["steps"] if s.get("id") == "story")
    assert story_step["env"]["ISSUE_BODY"] == "${{ github.event.issue.body }}"
    assert "scripts/story_from_issue.py" in story_step["run"]
    # The step that reads the issue's text never holds the token; only the steps that talk to GitHub do.
    assert "GH_TOKEN" not in job.get("env", {}) and "GH_TOKEN" not in story_step["env"]
    talking = [s for s in job["steps"] if re.search(r"\b(gh|git push)\b", s.get("run", ""))]
    assert len(talking) == 2 and all(s["env"]["GH_TOKEN"] == "${{ github.token }}" for s in talking)


def test_pre_commit_runs_the_story_check_on_changed_stories():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    assert hook["language"] in ("system", "python") and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("stories/torrs-hydro/index.md") and files.search("stories/themes.yml")
    assert not files.search("docs/contribute.md") and not files.search("tests/data/stories/x.md")
    command, target = hook["entry"].split()
    assert command == "make" and re.search(rf"^{target}:", (REPO / "Makefile").read_text(), re.MULTILINE)


# The linters -----------------------------------------------------------------------------------

TOOLS = Path(sys.executable).parent  # actionlint and zizmor come with the test extra, from the lock


def actionlint(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(TOOLS / "actionlint"), "-no-color", *map(str, paths)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)


def zizmor(target: Path) -> subprocess.CompletedProcess:
    """As the Checks workflow runs it: offline (the audits that ask GitHub's API are skipped), and
    only findings of medium severity or above count."""
    return subprocess.run([str(TOOLS / "zizmor"), "--offline", "--no-progress", "--min-severity", "medium",
                           "--format", "plain", str(target)],
                          cwd=REPO, capture_output=True, text=True, timeout=300,
                          env={"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")})


def test_actionlint_finds_no_mistake_in_the_workflows():
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_what_the_schema_cannot(tmp_path):
    """A misspelt property in an expression is valid YAML and valid against the schema."""
    text = (REPO / ".github" / "workflows" / "checks.yml").read_text(encoding="utf-8")
    old = "if: github.event_name == 'pull_request'"
    assert old in text
    bad = tmp_path / "checks.yml"
    bad.write_text(text.replace(old, "if: github.event_nam == 'pull_request'", 1), encoding="utf-8")
    assert check_jsonschema("vendor.github-workflows", bad).returncode == 0
    result = actionlint(bad)
    assert result.returncode != 0
    assert "checks.yml" in result.stdout and "event_nam" in result.stdout


def test_zizmor_finds_nothing_of_medium_severity_or_above():
    result = zizmor(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr or "0 medium, 0 high" in result.stdout


@pytest.mark.parametrize("edit, audit", [
    (("        with:\n          persist-credentials: false\n", ""), "artipacked"),
    (('run: .venv/bin/python scripts/validate.py --github',
      'run: echo "${{ github.event.pull_request.title }}"'), "template-injection"),
    (("permissions:\n  contents: read\n", ""), "excessive-permissions"),
], ids=["credentials-kept", "untrusted-text-in-script", "no-permissions"])
def test_zizmor_catches_a_security_mistake(tmp_path, edit, audit):
    old, new = edit
    text = (REPO / ".github" / "workflows" / "checks.yml").read_text(encoding="utf-8")
    assert old in text
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "checks.yml").write_text(text.replace(old, new, 1), encoding="utf-8")
    result = zizmor(tmp_path)
    assert result.returncode != 0
    assert audit in result.stdout and "checks.yml" in result.stdout


def test_the_checks_run_both_linters_and_the_properdocs_build_as_jobs_of_their_own():
    jobs = load("checks.yml")["jobs"]
    lint = "\n".join(step.get("run", "") for step in jobs["workflows"]["steps"])
    assert "make .venv/.installed" in lint
    assert re.search(r"^\.venv/bin/actionlint$", lint, re.MULTILINE)
    assert re.search(r"^\.venv/bin/zizmor --offline --min-severity medium .* \.$", lint, re.MULTILINE)
    properdocs = "\n".join(step.get("run", "") for step in jobs["properdocs"]["steps"])
    assert "pytest tests/test_properdocs.py" in properdocs
    assert "if" not in jobs["workflows"] and "if" not in jobs["properdocs"], "they run on every push"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_checkout_leaves_its_token_in_the_workspace(path):
    for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, path.name


# The build cache -------------------------------------------------------------------------------

CACHE_PATHS = {".cache/photos", ".cache/cards", ".cache/templates"}  # what the build reuses (tests/test_build_cache.py)


@pytest.mark.parametrize("workflow, job", [("deploy.yml", "build"), ("checks.yml", "preview")])
def test_deploy_and_preview_restore_and_save_the_picture_cache(workflow, job):
    steps = load(workflow)["jobs"][job]["steps"]
    (at, cache), = [(i, s) for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache@")]
    build_at = next(i for i, s in enumerate(steps) if "mkdocs build --strict" in s.get("run", ""))
    assert at < build_at, "the cache must be restored before the build"
    assert set(cache["with"]["path"].split()) == CACHE_PATHS
    key = cache["with"]["key"]
    # Keyed on what the cached files are made from: the drawing code, the land outline, Pillow
    # (in the lock), the stories and the site's settings.
    for dependency in ("'requirements/lock.txt'", "'hooks/storysite/pictures/**'", "'hooks/storysite/geo/data/**'",
                       "'stories/**'", "'mkdocs.yml'"):
        assert dependency in key, f"{workflow}: the cache key does not cover {dependency}"
    (restore,) = cache["with"]["restore-keys"].strip().splitlines()
    assert key.startswith(restore) and "stories/**" not in restore, (
        "an older cache is restored only when it was made by the same code and packages")


# The update bot --------------------------------------------------------------------------------

DEPENDABOT = REPO / ".github" / "dependabot.yml"


def test_dependabot_config_matches_githubs_schema():
    result = check_jsonschema("vendor.dependabot", DEPENDABOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependabot_proposes_weekly_one_pull_request_per_ecosystem():
    updates = {u["package-ecosystem"]: u for u in yaml.safe_load(DEPENDABOT.read_text(encoding="utf-8"))["updates"]}
    assert set(updates) == {"pip", "npm", "github-actions"}
    for ecosystem, update in updates.items():
        assert update["schedule"]["interval"] == "weekly", ecosystem
        version_groups = [g for g in update["groups"].values() if g.get("applies-to", "version-updates")
                          == "version-updates"]
        assert [g["patterns"] for g in version_groups] == [["*"]], f"{ecosystem}: one group of everything"
        assert update["cooldown"]["default-days"] >= 7, ecosystem
    # Every npm package.json in the repository is watched.
    manifests = {"/" + p.parent.relative_to(REPO).as_posix() if p.parent != REPO else "/"
                 for p in REPO.glob("**/package.json")
                 if not {"node_modules", ".cache", ".venv"} & set(p.relative_to(REPO).parts)}
    assert "/" in manifests
    assert set(updates["npm"]["directories"]) == manifests
    assert updates["pip"]["directory"] == "/"
    (mkdocs,) = [i for i in updates["pip"]["ignore"] if i["dependency-name"] == "mkdocs"]
    assert mkdocs["update-types"] == ["version-update:semver-major"], "MkDocs stays on 1.x"
