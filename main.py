"""Gradient Compass: run ``python main.py --help`` for the options."""
import sys

if sys.version_info < (3, 10):
    sys.exit("main.py: error: Gradient Compass needs Python 3.10 or newer")

import os
from importlib.util import find_spec

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
# The app does no linear algebra worth a thread: without these, numpy's
# OpenBLAS starts a thread per core at import (about 60 ms of start-up).
for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")
for _module in ("numpy", "pygame"):
    if find_spec(_module) is None:
        sys.stderr.write(f"main.py: error: {_module} is not installed; run: "
                         "python3 -m pip install -r requirements.txt\n")
        sys.exit(2)

try:
    from game.cli import main
except KeyboardInterrupt:       # Ctrl+C while numpy and friends load
    sys.exit(130)

if __name__ == "__main__":
    sys.exit(main())
