"""A gradient or a curvature past the float range draws without a warning
(warnings are errors in the suite): the arrow and the HUD give up on a length
of inf, the curvature overlay's scale halves before it averages, and the rose
does not call an overflowed gradient zero."""
import pytest

from game import calculus, cli, state as st


@pytest.mark.parametrize("expr, overlays", [
    ("8e300*1e7*(x^2-y^2)", "all"),            # |∇f| past 1e308 at the cursor
    ("1e300*1e8*sin(x*y)", "curvature"),        # eigenvalues near 1e308 over the domain
    ("1e300*1e8*sin(x*y)", "rose"),
])
def test_huge_gradients_draw_without_warnings(tmp_path, capsys, expr, overlays):
    out = tmp_path / "w.png"
    assert cli.main(["--screenshot", str(out), "--expr", expr, "--overlays", overlays,
                     "--cursor", "1,1", "--size", "800x500"]) == 0
    assert out.stat().st_size > 0
    assert capsys.readouterr().err == ""


def test_an_overflowed_gradient_is_not_called_zero():
    surface = st.custom_surface("8e300*1e7*(x^2-y^2)", (-2.0, 2.0, -2.0, 2.0))
    r = calculus.rose(surface, 1.0, 1.0, 64)
    # 2·8e307 per unit of x: |∇f| at (1, 1) is past the largest float.
    assert r.max_dir is None and r.max_value != 0
