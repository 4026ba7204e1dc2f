"""Building the film: what ``render.py`` does, split so each part can be read and tested alone.

In the order a build uses them:

- ``plan``: what each chapter's clip depends on, and whether last build's clip can be reused;
- ``jobs``: rendering the chapters that changed, each in its own manim process;
- ``progress``: showing the renders as they go, and the closing summary;
- ``join``: joining the clips by stream copy, with chapter markers and timestamps;
- ``storyboard``: each chapter's key frame and the contact sheet of them all;
- ``cli``: the command line, the set-up check, signals and exit codes.
"""
