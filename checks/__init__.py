"""Tools that inspect the film without encoding it: stepping through a chapter, the layout
check and the visual regression. Used by the tests and developers, never by the film itself.
"""
