"""Find the sentences of a rendered page that carry no citation.

A page that asks for it (`citations: required` in its front matter) must end every sentence of
its prose with a note marker. Headings, code, notes, admonition titles and anything inside an
element with the class `uncited` are not prose that states facts; a paragraph that states none
(an introduction, a reading guide) is marked `{: .uncited }`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .problems import Problem
from .sentences import MARKER, split_sentences

_BLOCKS = {"p", "li", "td", "dd", "blockquote", "figcaption"}
_SKIPPED_TAGS = {"pre", "code", "script", "style", "summary", "th", "dt", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "nav"}
_SKIPPED_CLASSES = {"footnote", "uncited", "admonition-title", "story-cite-error", "headerlink"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
class _Prose(HTMLParser):
    """Collects the text of each block of prose, with a marker for each note reference."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._stack: list[tuple[str, bool, bool]] = []  # tag, skipped, is a block
        self._buffers: list[list[str]] = []

    def _skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        # A note marker, or the mark of a citation that failed (reported already, not again here).
        note = (tag == "sup" and (attributes.get("id") or "").startswith("fnref")) or "story-cite-error" in classes
        skipped = self._skipping() or tag in _SKIPPED_TAGS or bool(classes & _SKIPPED_CLASSES) or note
        if note and not self._skipping() and self._buffers:
            self._buffers[-1].append(MARKER)
        block = tag in _BLOCKS and not skipped
        if block:
            self._buffers.append([])
        self._stack.append((tag, skipped, block))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or all(open_tag != tag for open_tag, _, _ in self._stack):
            return
        while self._stack:
            open_tag, _, block = self._stack.pop()
            if block:
                self.blocks.append("".join(self._buffers.pop()))
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._skipping() and self._buffers:
            self._buffers[-1].append(data)


def uncited_sentences(html: str) -> list[str]:
    """Every sentence of the page's prose that has letters in it and no note marker."""
    parser = _Prose()
    parser.feed(html)
    parser.close()
    found = []
    for block in parser.blocks:
        for sentence in split_sentences(block):
            if MARKER not in sentence and len(re.findall(r"[^\W\d_]", sentence)) >= 2:
                found.append(sentence)
    return found


def _line_of(sentence: str, file_text: str | None, after: int) -> tuple[int | None, int]:
    """The file line where a sentence's first words are, searching from `after`."""
    words = re.findall(r"\w+", sentence)[:6]
    if not file_text or not words:
        return None, after
    pattern = re.compile(r"\b" + r"\W+".join(map(re.escape, words)))
    match = pattern.search(file_text, after) or pattern.search(file_text)
    if not match:
        return None, after
    return file_text.count("\n", 0, match.start()) + 1, match.end()


def coverage_problems(html: str, shown: str, file_text: str | None) -> list[Problem]:
    """One problem for each uncited sentence, located in the page file where its words are found."""
    problems, position = [], 0
    for sentence in uncited_sentences(html):
        line, position = _line_of(sentence, file_text, position)
        problems.append(Problem(shown, line, f"this sentence has no citation: “{sentence}”; cite the source that "
                                             "supports it, or mark the paragraph {: .uncited } if it states no fact"))
    return problems
