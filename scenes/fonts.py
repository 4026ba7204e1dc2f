"""The fonts the film draws with, shipped in ``assets/fonts/`` so every machine draws the same
glyphs. One list, read by the theme (which registers them with Pango), the build's set-up
check and the storyboard. No Manim here, so the build can read it cheaply.
"""

from __future__ import annotations

from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
SANS = "Inter"  # prose
MONO = "JetBrains Mono"  # code, tokens, numbers in a trace
FONT_FILES: dict[str, tuple[str, str]] = {  # family -> (regular, bold) files
    SANS: ("Inter-Regular.otf", "Inter-Bold.otf"),
    MONO: ("JetBrainsMono-Regular.ttf", "JetBrainsMono-Bold.ttf"),
}


def font_paths() -> list[Path]:
    """Every shipped font file, regular and bold of each family."""
    return [FONTS_DIR / name for files in FONT_FILES.values() for name in files]


def missing_fonts() -> list[str]:
    """Names of shipped font files that are not on disk."""
    return [path.name for path in font_paths() if not path.is_file()]


def regular_font(family: str = SANS) -> Path:
    """The regular-weight file of ``family`` (for drawing outside Manim, e.g. the storyboard)."""
    return FONTS_DIR / FONT_FILES[family][0]


def register_fonts() -> None:
    """Make the shipped fonts visible to Pango, whatever the machine has installed."""
    import manimpango  # only the theme draws text; the build reads the list without it

    missing = missing_fonts()
    if missing:
        raise FileNotFoundError(
            f"Font files missing from {FONTS_DIR}: {', '.join(missing)}. "
            "Restore them with `git checkout -- assets/fonts`."
        )
    for path in font_paths():
        manimpango.register_font(str(path))
