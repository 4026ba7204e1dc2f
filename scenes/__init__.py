"""The film "Can LLMs Be Computers?": one module per chapter, the theme, and ``compute/``.

Deliberately empty: every chapter imports this package, so anything here would re-render all
of them when it changed. The ordered chapter list is ``scenes.chapters``, which no chapter
imports (retitling a chapter re-renders nothing).
"""
