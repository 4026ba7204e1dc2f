"""Transitional: the theme now lives in palette, style, drawing and stage (removed once every
chapter imports those)."""

from __future__ import annotations

from scenes import drawing, fonts, palette, stage, style


def __getattr__(name: str) -> object:
    for module in (palette, style, fonts, drawing, stage):
        if hasattr(module, name):
            return getattr(module, name)
    raise AttributeError(name)
