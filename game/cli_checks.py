"""The flags checked against each other and against the surface.

Which surface ``--surface`` or ``--expr`` names, one run at a time with no flag
the run would ignore, the hyperparameters each run uses, and points inside the
domain: each refusal is a :class:`~game.flags.UsageError` with one clear line.
Pure: numpy and the standard library only, through the rooms it reads.

>>> sorted(IGNORED)
['--probe', '--race', '--rates', '--trajectory']
"""
from __future__ import annotations

from . import optim, racespec, surfaces, tuning
from . import state as st
from .flags import UsageError


def inside(flag, surface, point):
    """``point`` if ``surface``'s domain holds it; else the refusal naming ``flag``."""
    if not surface.contains(*point):
        xmin, xmax, ymin, ymax = surface.domain
        raise UsageError(f"{flag} {point[0]:g},{point[1]:g} is outside the {surface.name} "
                         f"domain [{xmin:g}, {xmax:g}] × [{ymin:g}, {ymax:g}]")
    return point


# Flags that each run would silently ignore are refused instead.
IGNORED = {
    "--trajectory": ("cursor", "balls", "basins", "overlays", "contours", "size", "paused"),
    "--race": ("cursor", "balls", "basins", "overlays", "contours", "size", "paused"),
    "--rates": ("cursor", "balls", "basins", "overlays", "contours", "size", "paused",
                "trajectory", "screenshot"),
    "--probe": ("start", "cursor", "balls", "basins", "overlays", "contours", "size", "steps",
                "paused", "trajectory", "screenshot", "race", "rates"),
}
HYPER_FLAGS = ("optimizer",) + racespec.FLAGS


def check_runs(args) -> None:
    """One run at a time (a race may also write its paths or its picture),
    and no flag that the run would ignore."""
    runs = [f for f, v in (("--trajectory", args.trajectory), ("--screenshot", args.screenshot),
                           ("--probe", args.probe), ("--race", args.race),
                           ("--rates", args.rates or None)) if v is not None]
    race = args.race is not None
    if race:
        if args.trajectory is not None and args.screenshot is not None:
            raise UsageError("--race writes either its paths (--trajectory) or its picture "
                             "(--screenshot); give one")
        runs = ["--race"] + [r for r in runs if r not in ("--race", "--trajectory", "--screenshot")]
    if len(runs) > 1:
        raise UsageError(f"{' and '.join(runs)} are different runs; give one")
    run = runs[0] if runs else None
    if args.start is not None and run not in ("--trajectory", "--race", "--rates"):
        raise UsageError("--start goes with --trajectory, --race or --rates (the window and "
                         "--screenshot take --balls)")
    names = ("balls", "basins") if race and args.screenshot is not None else IGNORED.get(run, ())
    for name in names:
        value = getattr(args, name)
        if value not in (None, False):
            raise UsageError(f"--{name} has no effect with {run}; leave it out")
    if race:
        for name in HYPER_FLAGS:
            if getattr(args, name) is not None:
                raise UsageError(f"--{name} has no effect with --race: give hyperparameters "
                                 f"in the SPEC, e.g. adam:lr=0.05")


def parse_hyper(args, surface) -> None:
    """``args.optimizer``, ``args.hyper`` (every value the run uses),
    ``args.overrides`` (what the flags set, for the window's state) and
    ``args.racers`` from the flags, each checked by the rules."""
    args.racers = None
    if args.race is not None:
        try:
            args.racers = racespec.parse_race(args.race, surface)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        args.optimizer = args.racers[0][0]
    if args.optimizer is None:
        args.optimizer = "momentum"
    try:
        args.optimizer = optim.get(args.optimizer).name
    except ValueError as exc:
        raise UsageError(f"--optimizer: {exc}") from None
    try:
        betas = racespec.parse_betas(args.betas) if args.betas is not None else None
        given = dict(lr=args.lr, momentum=args.momentum, betas=betas, eps=args.eps,
                     alpha=args.alpha)
        args.hyper = racespec.flag_hyper(args.optimizer, surface, **given)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.racers is not None:      # the window's state holds the racers' values
        args.overrides = ()
        for name, hp in args.racers:
            args.overrides = tuning.with_values(args.overrides, name, hp)
    else:
        args.overrides = tuning.with_values(
            (), args.optimizer, {k: v for k, v in args.hyper.items() if given[k] is not None})


def resolve_surface(args):
    """The surface that ``--surface`` or ``--expr`` (with ``--domain``) names."""
    if args.expr is not None and args.surface is not None:
        raise UsageError("--surface and --expr name two surfaces; give one")
    if args.domain is not None and args.expr is None:
        raise UsageError("--domain goes with --expr (each named surface has its own domain)")
    if args.expr is None:
        name = args.surface or "hill"
        if name not in surfaces.SURFACES:
            raise UsageError(f"unknown surface {name!r}; choose one of: {', '.join(surfaces.names())}"
                             " (or type your own with --expr)")
        return surfaces.get(name)
    from . import expr
    try:
        domain = expr.parse_domain(args.domain) if args.domain is not None else (-2.0, 2.0, -2.0, 2.0)
    except expr.ExprError as exc:
        raise UsageError(f"--domain {args.domain!r}: {exc}") from None
    try:
        return st.custom_surface(args.expr, domain)
    except expr.ExprError as exc:
        raise UsageError(f"--expr {_short(args.expr)!r}: {exc}") from None


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"
