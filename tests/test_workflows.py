"""The GitHub workflows and the issue form: valid against GitHub's schemas (checked offline with
check-jsonschema's vendored copies), and set up as a reviewer would insist."""

from __future__ import annotations

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
    assert "pip install -e ." in runs
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
