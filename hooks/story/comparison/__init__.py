"""Stage 5, comparison: what the outlets report in common, what only one reports, and where they conflict.

In: the sources and the notes of `sources/comparison.yml`. Out: `compare.Comparison` (groups of
equal facts, conflicts, wording variants, shared copy), plus problems. `facts` reads comparable
facts (numbers, dates, attributions) from each paragraph.
"""
