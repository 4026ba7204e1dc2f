#!/usr/bin/env python3
"""Build "Can LLMs Be Computers?": render the chapters, then join them into one MP4.

Each chapter renders in its own ``python -m manim`` process, several at a time, longest
first. A chapter is re-rendered only when something it depends on changed (its module and
every project module it imports, assets, manim.cfg, the manim version, the quality);
otherwise last build's clip is reused without starting manim. Clips are joined by stream
copy, with chapter markers; ``<video>.chapters.txt`` and a storyboard PNG are written beside
the video. The work is done by the ``pipeline`` package; this file is its command line.

    python render.py                      # all chapters, 1080p60
    python render.py -q l --chapters Intro,Recap --output build/short.mp4
    python render.py --list
"""

import sys

from pipeline.cli import main

if __name__ == "__main__":
    sys.exit(main())
