"""O never applies values the rule refuses: on the round bowl (κ = 1) the
Nesterov optimum μ* = (√(3κ + 1) − 2)/(√(3κ + 1) + 2) is 0, which torch's
Nesterov does not allow; the state stays as it was and the app says why."""
import math

from game import app, surfaces, tuning
from game import state as st


def test_nesterov_optimum_on_the_round_bowl_is_refused_in_one_line():
    kappa = 1.0                                       # round: H = 2·I
    assert (math.sqrt(3 * kappa + 1) - 2) / (math.sqrt(3 * kappa + 1) + 2) == 0.0
    values, why = tuning.optimal_values("nesterov", surfaces.get("round"))
    assert values is None and "momentum" in why and "\n" not in why


def test_pressing_o_with_nesterov_on_round_does_not_crash():
    session = app.Session.start(st.State(surface="round", optimizer="nesterov"))
    before = session.state
    session.dispatch(st.Action(st.APPLY_OPTIMAL))
    assert session.running and session.state.hyper == before.hyper
    assert "momentum" in session.message


def test_the_heavy_ball_optimum_on_the_bowl_is_still_applied():
    values, why = tuning.optimal_values("momentum", surfaces.get("bowl"))   # λ = 2, 10
    assert why is None
    assert math.isclose(values["lr"], 4 / (math.sqrt(10) + math.sqrt(2)) ** 2)
    assert math.isclose(values["momentum"], ((math.sqrt(5) - 1) / (math.sqrt(5) + 1)) ** 2)
