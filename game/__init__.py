"""Gradient Compass: see, point at and roll balls down the gradient of f(x, y)."""

__version__ = "0.1.0"
