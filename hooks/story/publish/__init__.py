"""Stage 7, publish: what goes out beside and into the rendered pages.

In: the citations, timeline and comparison, and the pages' final addresses. Out: the data files
(`data_files`: citations.json, annotations.jsonld, comparison.json, timeline.json, events.json),
head metadata (`metadata`), repairs to the theme's HTML, and the built site's link check.
"""
