"""The controls block's plan (pure): every control placed, inside the block,
none overlapping, for any window from 800 × 500 to 8192 × 8192; columns on
wide panels; the layout gives the block that height at the panel's foot."""
import itertools

import pytest
from hypothesis import given, settings, strategies as hs

from game import optim
from game.controls_layout import CONTROLS, OVERLAYS, SECTIONS, controls_height, plan, section_items
from game.layout import Layout
from game.state import OVERLAYS as STATE_OVERLAYS

SIZES = [(800, 500), (1024, 640), (1280, 800), (1920, 1080), (2560, 1440), (3840, 2160),
         (8192, 500), (800, 8192), (8192, 8192), (801, 8192), (8192, 4000), (1000, 999)]

NAMES = (["surface", "optimizer"]
         + [f"{w}_{part}" for w in ("lr", "second", "speed") for part in ("label", "slider", "value")]
         + ["race"] + [f"racer:{n}" for n in optim.names()]
         + ["contours"] + [f"overlay:{o}" for o in STATE_OVERLAYS]
         + ["pause", "step", "clear", "optimal", "screenshot", "edit"])


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def check(size):
    lay = Layout.of(size)
    x0, y0, w, h = lay.controls
    p = plan(w, lay.size[1], lay.scale)
    assert sorted(p.rects) == sorted(NAMES)
    assert h == p.height and y0 + h == lay.size[1] and x0 == lay.panel[0] and w == lay.panel[2]
    for name, r in p.rects.items():
        assert r[2] >= 1 and r[3] >= 1, name
        assert 0 <= r[0] and r[0] + r[2] <= w, (size, name, r, w)       # never cut
        assert 0 <= r[1] and r[1] + r[3] <= h, (size, name, r, h)
    for (a, ra), (b, rb) in itertools.combinations(p.rects.items(), 2):
        assert not _overlap(ra, rb), (size, a, ra, b, rb)
    return lay, p


@pytest.mark.parametrize("size", SIZES)
def test_every_control_inside_the_block_and_none_overlap(size):
    lay, p = check(size)
    # a control is as tall as a row at the window's scale, give or take rounding
    assert all(abs(r[3] - 24 * lay.scale) <= 1 for r in p.rects.values())
    # the words keep the rest of the panel, and at least half of it at the sizes the app allows
    assert lay.text[3] == lay.size[1] - p.height and lay.text[3] >= lay.size[1] / 2


@settings(max_examples=60, deadline=None)
@given(hs.integers(800, 8192), hs.integers(500, 8192))
def test_any_window_size(w, h):
    check((w, h))


def test_wide_panels_use_columns_and_keep_the_block_short():
    narrow = Layout.of((1280, 800))
    wide = Layout.of((3840, 2160))
    pn = plan(narrow.controls[2], 800, narrow.scale)
    pw = plan(wide.controls[2], 2160, wide.scale)
    assert pn.columns == 1
    assert pw.columns >= 2
    # more columns: fewer rows than the one-column stack at the same scale
    stacked = plan(300, 2160, wide.scale)
    assert stacked.columns == 1 and pw.height < stacked.height
    # no control is wider than a column may be (520 px at scale 1)
    assert max(r[2] for r in pw.rects.values()) <= 520 * wide.scale + 1


def test_sections_keep_their_order_top_to_bottom_in_one_column():
    p = plan(480, 800, 1.0)
    tops = [p.rects[n][1] for n in ("surface", "lr_slider", "second_slider", "speed_slider", "race",
                                    "contours", "pause")]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)
    assert list(SECTIONS) == ["choose", "sliders", "race", "pictures", "buttons"]


def test_grids_spread_cells_evenly():
    """Eight race cells in rows of at most four or five: 4 + 4, never 5 + 3."""
    p = plan(480, 800, 1.0)
    rows = {}
    for name in section_items()["race"]:
        rows.setdefault(p.rects[name][1], []).append(name)
    assert sorted(len(r) for r in rows.values()) == [4, 4]


def test_height_is_the_plans():
    assert controls_height(480, 800, 1.0) == plan(480, 800, 1.0).height
    assert OVERLAYS == STATE_OVERLAYS


def test_every_control_names_a_key():
    """The tooltips and the help card read CONTROLS: every control is there
    with a key, and every control of the plan belongs to one entry."""
    names = {c[0] for c in CONTROLS}
    for name in NAMES:
        base = name.split("_")[0] if name.split("_")[0] in ("lr", "second", "speed") else name
        base = "racers" if base.startswith("racer:") else base
        assert base in names, name
    assert all(key.strip() for _, _, key, _ in CONTROLS)
