"""A benchmark-only MkDocs hook: after every other handler, write each page's final Markdown to
$BENCH_RECORD_DIR, so the same pages can be built again as plain Markdown, without the story hooks."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority


@event_priority(-100)
def on_page_markdown(markdown, page, config, files):  # type: ignore[no-untyped-def]
    target = Path(os.environ["BENCH_RECORD_DIR"]) / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = {k: v for k, v in page.meta.items() if k in ("title", "description")}
    head = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" if meta else ""
    target.write_text(head + markdown, encoding="utf-8")
    return markdown
