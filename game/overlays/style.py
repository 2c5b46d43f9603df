"""Colours and sizes of the overlays (one palette, so that the colours can be
kept distinct from each other and from the viridis background)."""

# --- colours (distinct on viridis; every bright line gets a dark edge) --------
EDGE = (12, 12, 18)
TEXT = (228, 230, 236)
DIM = (175, 180, 190)
BOX_BG = (14, 16, 22, 228)
QUIVER_RGB, QUIVER_EDGE = (238, 238, 238), (28, 28, 36)
WARM = (255, 140, 50)        # uphill, positive curvature
COOL = (70, 150, 255)        # downhill, negative curvature
FLAT_RGB = (185, 185, 185)   # zero eigenvalue
ROSE_POS, ROSE_NEG = WARM, COOL
ZERO_RGB = (240, 240, 240)
LEVEL_RGB = (255, 90, 220)
TANGENT_RGB = (255, 255, 255)
SLICE_X_RGB = (255, 210, 70)   # the line y = y₀ and the plot f(x, y₀)
SLICE_Y_RGB = (140, 240, 255)  # the line x = x₀ and the plot f(x₀, y)
LAMBDA_POS, LAMBDA_NEG = WARM, COOL
NEWTON_RGB = (255, 255, 255)
LENS_CIRCLE = (175, 175, 175)
LENS_TRUE = (200, 255, 120)
LENS_LINEAR = (240, 240, 240)
INSET_BG, INSET_FRAME = (30, 33, 42), (70, 74, 86)

QUIVER_CELLS = 24            # arrows across the map
ROSE_RADIUS = 70.0           # px of the largest D_u f
LEVEL_PX = 4.0               # pixels per sample of the level-set grid
LEVEL_MAX_SAMPLES = 420      # per axis, whatever the window size
TANGENT_PX = 42.0            # half-length of the tangent
CURV_PX, CURV_MIN_PX, CURV_MAX_PX = 60.0, 6.0, 110.0
LENS_FRACTION = 0.08         # circle radius / width of the view (the domain, unzoomed)
LENS_SAMPLES = 64
ROSE_SAMPLES = 72
KIND_TEXT = {"bowl": "bowl (positive definite)", "dome": "dome (negative definite)",
             "saddle": "saddle (indefinite)", "flat": "flat (degenerate)"}
