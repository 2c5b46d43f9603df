"""The optimizer lab's pictures in the side panel: pygame only.

* :mod:`.words` — what the HUD, legend and theory panel say (plain Python);
* :mod:`.paint` — cached text, the outlined ball sprites in each rule's colour;
* :mod:`.legend` — the racers' table: colour, name, hyperparameters, f, step,
  convergence or why the ball stopped;
* :mod:`.lossplot` — f − f* on a log axis against the step, with the
  theoretical rate as a dashed line; its arithmetic is :mod:`game.plotaxes`.

Both painters draw into a cached surface that is rebuilt only when what they
show changes (at most once per physics tick), and record every line of text
and every picture they drew, as the rest of the panel does.
"""
from .legend import Legend
from .lossplot import LossPlot
from .paint import ball_sprite

__all__ = ["Legend", "LossPlot", "ball_sprite"]
