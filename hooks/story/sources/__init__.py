"""Stage 1, sources: the story's articles read from `sources/` and checked.

In: the article files (YAML front matter and the capture as taken), and saved news pages that
`capture` turns into new article files. Out: one `load.Source` per article, with its provenance
and its cleaned text (`load` calls the cleaning stage on each capture), plus problems. `cache`
keeps loaded sources between builds by content and code digest; `linkrot` checks their addresses.
"""
