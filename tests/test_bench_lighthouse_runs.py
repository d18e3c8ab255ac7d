"""The Lighthouse benchmark measures again a run whose first frame headless Chromium held back
(Lighthouse issue 17148), and says how many it measured again."""

from lighthouse import Score, page_runs


def run(frame_held_ms: float, performance: int) -> Score:
    return Score("site", "story", "stories/a/", {"performance": performance}, 1500, 0, 0, (), frame_held_ms)


def measurer(scores: list[Score]):
    queue = iter(scores)
    return lambda: next(queue)


def test_a_run_with_a_held_first_frame_is_measured_again_and_counted():
    measured = [run(40, 99), run(1100, 90), run(60, 100), run(1080, 91), run(30, 98)]
    kept = page_runs(measurer(measured), runs=3)
    assert [s.categories["performance"] for s in kept] == [99, 100, 98]
    assert {s.redone for s in kept} == {2}


def test_a_page_whose_first_frame_is_always_late_keeps_its_runs_and_says_so():
    measured = [run(900, 80), run(950, 81), run(1000, 82), run(20, 100)]
    kept = page_runs(measurer(measured), runs=3)
    assert [s.categories["performance"] for s in kept] == [80, 81, 82]
    assert {s.redone for s in kept} == {3}
