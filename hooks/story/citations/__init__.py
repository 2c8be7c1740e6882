"""Stage 3, citations: every `[@source "quote"]` in a page verified, and the claim it supports checked.

In: a page's Markdown and file text, and the sources' `notes.Library`. Out: the page's Markdown
with numbered notes, `notes.Citation`s with their `claims.CheckedClaim`s, and problems.
`syntax` parses citations, `quotes` finds a quote in clean text, `claim_facts` and
`claim_support` read and check a claim's numbers, dates, names and negations, `coverage` finds
uncited sentences, and `page_checks` holds one build's results page by page.
"""
