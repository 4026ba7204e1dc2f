"""Pure computations the chapters draw; no Manim, so they test fast."""
