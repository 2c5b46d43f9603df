"""The legend of the optimizer lab: what each row says about its ball, and the
table drawn without overlaps inside its box at every panel width."""
import numpy as np
import pygame
import pytest

from game import optim, surfaces
from game.world import World
from game.ui import Legend, words
from game.ui.legend import GOOD, WARN

BG = (22, 24, 30)
FONT = "assets/DejaVuSans.ttf"


@pytest.fixture
def font():
    pygame.font.init()
    return pygame.font.Font(FONT, 12)


def race(surface="bowl", steps=300, members=None, start=(-1.5, 1.2)):
    w = World(surfaces.get(surface))
    w.race(np.array(start), members)
    w.run(steps)
    return w


def test_rows_are_the_racers_in_race_order_with_their_readings():
    w = race(members=optim.names())
    rows = words.legend_rows(w)
    assert [r["name"] for r in rows] == [n for n, _ in w.racers]
    for r in rows:
        g = w.groups[r["name"]]
        c = g.column(r["id"])
        assert r["label"] == g.rule.label and r["colour"] == tuple(g.rule.colour)
        assert float(r["f"]) == pytest.approx(g.f[c], rel=5e-3, abs=0)   # 3 digits
        assert int(r["steps"]) == g.steps[c] == 300
        conv = int(g.converged_at[c])
        if conv >= 0:                                        # f − f* ≤ 1e-8 first at that step
            assert r["kind"] == "converged" and r["status"] == f"reached min at {conv}"
        else:
            assert r["kind"] == "running" and r["status"] == ""


def test_the_converged_step_is_the_first_step_within_1e_8_of_f_star():
    """Replays the GD racer by hand: x ← x − η∇f on f = x² + 5y², and finds
    the first k with f(x_k) ≤ 1e-8; the legend names that step."""
    w = race(steps=2000, members=["gd"])
    lr = w.hyper("gd")["lr"]
    x = np.array([-1.5, 1.2])
    k_star = None
    for k in range(1, 2001):
        x = x - lr * np.array([2 * x[0], 10 * x[1]])
        if k_star is None and x[0] ** 2 + 5 * x[1] ** 2 <= 1e-8:
            k_star = k
    assert k_star is not None
    (row,) = words.legend_rows(w)
    assert row["status"] == f"reached min at {k_star}" and row["short"] == f"min @{k_star}"


def test_a_diverged_ball_says_so_and_newton_on_a_singular_hessian_says_why():
    w = World(surfaces.get("bowl"), optimizer="gd")
    w.set_hyper("gd", lr=0.25)                               # past the limit 2/λmax = 0.2
    w.race(np.array([1.0, 1.0]), ["gd", "momentum"])
    w.run(200)
    rows = {r["name"]: r for r in words.legend_rows(w)}
    assert rows["gd"]["status"] == "diverged" and rows["gd"]["kind"] == "diverged"
    assert rows["momentum"]["kind"] != "diverged"
    cubic = World(surfaces.get("cubic"), optimizer="newton")  # H = [[6y, 6x], [6x, 0]]: det 0 at x = 0
    cubic.spawn(np.array([0.0, 0.5]))
    cubic.run(3)
    (row,) = words.legend_rows(cubic)
    assert row["status"] == "stopped: singular Hessian" and row["kind"] == "stopped"


def test_status_words_for_every_case():
    base = {"diverged": False, "stopped": 0, "converged_at": None}
    assert words.status(base, True) == ("", "", "running")
    assert words.status({**base, "converged_at": 7}, False) == ("∇f≈0 at 7", "∇f≈0 @7", "converged")
    assert words.status({**base, "stopped": 1}, True)[0] == "stopped: f undefined"
    assert words.status({**base, "stopped": 3, "diverged": True}, True)[0] == "diverged"
    assert words.status({**base, "diverged": True, "converged_at": 4}, True)[0] == "diverged"


@pytest.mark.parametrize("name", optim.names())
def test_hyperparameter_texts_name_every_parameter_of_the_rule(name):
    rule = optim.get(name)
    hp = rule.check({"lr": 0.0123})
    parts = words.hyper_parts(rule, hp)
    assert [p.split()[0] for p in parts] == list(rule.hyper_names)     # torch's names, in order
    compact = words.hyper_text(rule, hp)
    assert compact.startswith("η=0.0123")
    assert ("μ" in compact) == ("momentum" in rule.hyper_names)        # no μ without momentum


def rects_of(record, group=None):
    return [(g, r, t) for g, r, t in record if group is None or g == group]


def check_table(record, box):
    for _, r, t in record:
        assert box.contains(r), f"{t!r} at {r} leaves {box}"
    texts = rects_of(record, "panel")
    for i, (_, a, ta) in enumerate(texts):
        for _, b, tb in texts[i + 1:]:
            assert not a.colliderect(b), (ta, a, tb, b)


@pytest.mark.parametrize("width", [268, 300, 448, 600, 808])
@pytest.mark.parametrize("height", [60, 130, 400])
def test_the_table_fits_its_box_without_overlaps(font, width, height):
    w = race(members=optim.names())
    w.set_hyper("adam", lr=0.0123456, betas=(0.85, 0.9995))
    rows = words.legend_rows(w)
    target = pygame.Surface((width + 40, height + 40))
    target.fill(BG)
    record = []
    used = Legend(font, BG).draw(target, (20, 20), width, height, rows, record)
    assert 0 < used <= height
    box = pygame.Rect(20, 20, width, height)
    check_table(record, box)
    shown = [t for g, _, t in record if g == "graphic"]
    if len(shown) < len(rows):                               # left out rows are counted
        assert any(t.startswith(f"{len(rows) - len(shown)} more") for _, _, t in record)
    texts = [t for g, _, t in record if g == "panel"]
    if width >= 448 and height >= 400:                       # room for everything, in full
        for r in rows:
            assert r["label"] in texts and r["f"] in texts and r["hyper"] in texts
            if r["status"]:
                assert r["status"] in texts


def test_swatches_show_each_rule_colour_and_statuses_their_tone(font):
    w = World(surfaces.get("bowl"))
    w.set_hyper("gd", lr=0.25)
    w.race(np.array([1.0, 1.0]), ["gd", "adagrad"])
    w.run(400)
    rows = words.legend_rows(w)
    target = pygame.Surface((520, 200))
    target.fill(BG)
    record = []
    Legend(font, BG).draw(target, (10, 10), 500, 180, rows, record)
    for _, rect, name in rects_of(record, "graphic"):
        assert target.get_at(rect.center)[:3] == optim.get(name).colour
    px = pygame.surfarray.array3d(target)
    tone = {"diverged": WARN, "reached min at": GOOD}
    for _, rect, text in rects_of(record, "panel"):
        for start, colour in tone.items():
            if text.startswith(start):
                patch = px[rect.left:rect.right, rect.top:rect.bottom].reshape(-1, 3)
                assert (np.abs(patch - colour).sum(axis=1) < 10).any(), text


def test_the_picture_is_rebuilt_only_when_a_cell_changes(font):
    w = race(steps=10)
    legend = Legend(font, BG)
    target = pygame.Surface((500, 300))
    legend.draw(target, (0, 0), 480, 280, words.legend_rows(w), [])
    legend.draw(target, (0, 0), 480, 280, words.legend_rows(w), [])
    assert legend.builds == 1                                # same rows: the cached picture
    w.tick()
    legend.draw(target, (0, 0), 480, 280, words.legend_rows(w), [])
    assert legend.builds == 2
