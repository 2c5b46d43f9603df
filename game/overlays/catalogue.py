"""The six overlays: their names (in drawing order), their keys and the
one-line description the help shows for each."""
from ..state import OVERLAYS  # noqa: F401  (re-exported: the names live with the state)

KEYS = {"quiver": "V", "rose": "D", "level": "L", "slices": "P", "curvature": "K",
        "jacobian": "J"}
DESCRIPTIONS = {
    "quiver": "gradient field: ∇f as arrows on a grid",
    "rose": "compass rose of D_u f = ∇f·u at the cursor",
    "level": "level curve through the cursor, its tangent ⊥ ∇f",
    "slices": "slices f(x, y₀) and f(x₀, y) with slopes ∂f/∂x, ∂f/∂y",
    "curvature": "Hessian axes (λ), bowl/dome/saddle, Newton step −H⁻¹∇f",
    "jacobian": "Jacobian lens: ∇f near the cursor vs. its linear map H·d",
}
