"""Stage 6, render: Markdown for the pages the engine writes and for the blocks macros put in pages.

In: the sources, the citations, the timeline and the comparison. Out: Markdown strings, every
piece of source text escaped by `..markup`. `generated_pages` says which pages exist and makes
their bodies; `macro_blocks` serves the macros; `preview` marks problems in pages while serving.
"""
