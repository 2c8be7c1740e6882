"""The story engine: news captures in, a cited explainer site out, with no MkDocs import.

The stages, in the order data flows (each a package that takes the previous stage's data and
returns its own, with problems as data; see ARCHITECTURE.md):

    sources → cleaning → citations → timeline → comparison → render → publish

`site.StorySite` wires them for one build and keeps their caches; `settings` reads the site's
`extra.story`; `problems.Problem` is how every stage reports a user's mistake; `markup` escapes
text into Markdown. Nothing in this package knows which story it is building.
"""
