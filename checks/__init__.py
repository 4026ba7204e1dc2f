"""Tools that inspect the film without encoding it: the layout check, the visual regression
and one dry run that feeds them both (stepping through a chapter is ``pipeline.stepping``).
Used by the tests and developers, never by the film itself.
"""
