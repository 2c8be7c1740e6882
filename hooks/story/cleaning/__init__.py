"""Stage 2, cleaning: a capture's text made into numbered paragraphs, with what was removed and why.

In: a capture's text and the outlet's cleaning profile. Out: `rules.Cleaned` (paragraphs with
stable anchors, removals with their rule), plus what the later stages read from clean text:
typography folding, sentence spans, partial dates and the dates each paragraph mentions.
Nothing here knows about sources' files or citations.
"""
