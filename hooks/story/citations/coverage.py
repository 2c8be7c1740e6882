"""Find the sentences of a rendered page that carry no citation, and the facts stated where none is needed.

A page that asks for it (`citations: required` in its front matter) must end every sentence of
its prose with a note marker. Headings, code, notes, admonition titles and anything inside an
element with the class `uncited` are not prose that states facts; a paragraph that states none
(an introduction, a reading guide) is marked `{: .uncited }`. A checkable fact in such text (a
number, a date, a name) must repeat one that a cited sentence of the page states; blocks the
engine makes (class `story-made`, the timeline) carry their own citations and are not read.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..cleaning.sentences import MARKER, split_sentences
from ..problems import Problem
from .claim_facts import Checkable, find_facts
from .claim_support import restates

_BLOCKS = {"p", "li", "td", "dd", "blockquote", "figcaption"}
_SKIPPED_TAGS = {"pre", "code", "script", "style", "summary", "th", "dt", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "nav"}
_SKIPPED_CLASSES = {"footnote", "uncited", "admonition-title", "story-cite-error", "headerlink"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
class _Blocks(HTMLParser):
    """Collects the text of blocks of a rendered page, as (label, text); subclasses say which tags open one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._stack: list[tuple[str, bool, str | None]] = []  # tag, not read, the label of the block it opens
        self._buffers: list[list[str]] = []

    def _hidden(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def opens(self, tag: str, attributes: dict[str, str | None], classes: set[str]) -> tuple[bool, str | None]:
        """Whether the element's text is not read, and the label of the block it opens (None if it opens none)."""
        raise NotImplementedError

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        attributes = dict(attrs)
        hidden, label = self.opens(tag, attributes, set((attributes.get("class") or "").split()))
        if label:
            self._buffers.append([])
        self._stack.append((tag, hidden, label))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or all(open_tag != tag for open_tag, _, _ in self._stack):
            return
        while self._stack:
            open_tag, _, label = self._stack.pop()
            if label:
                self.blocks.append((label, "".join(self._buffers.pop())))
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._hidden() and self._buffers:
            self._buffers[-1].append(data)


class _Prose(_Blocks):
    """Collects the text of each block of prose, with a marker for each note reference."""

    def opens(self, tag: str, attributes: dict[str, str | None], classes: set[str]) -> tuple[bool, str | None]:
        # A note marker, or the mark of a citation that failed (reported already, not again here).
        note = (tag == "sup" and (attributes.get("id") or "").startswith("fnref")) or "story-cite-error" in classes
        skipped = self._hidden() or tag in _SKIPPED_TAGS or bool(classes & _SKIPPED_CLASSES) or note
        if note and not self._hidden() and self._buffers:
            self._buffers[-1].append(MARKER)
        return skipped, "prose" if tag in _BLOCKS and not skipped else None


def uncited_sentences(html: str) -> list[str]:
    """Every sentence of the page's prose that has letters in it and no note marker."""
    parser = _Prose()
    parser.feed(html)
    parser.close()
    found = []
    for _, block in parser.blocks:
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


_EXEMPT_TAGS = {"h1": "a heading", "h2": "a heading", "h3": "a heading", "h4": "a heading", "h5": "a heading",
                "h6": "a heading", "summary": "a summary", "th": "a table heading", "caption": "a caption",
                "dt": "a term"}
_NOT_READ_TAGS = {"pre", "code", "script", "style", "nav"}
_NOT_READ_CLASSES = {"footnote", "story-made", "story-timeline", "headerlink", "story-cite-error"}


class _Exempt(_Blocks):
    """Collects the text that needs no citation: headings, titles, and what is marked uncited."""

    def opens(self, tag: str, attributes: dict[str, str | None], classes: set[str]) -> tuple[bool, str | None]:
        internal_link = tag == "a" and not re.match(r"^[a-z][a-z0-9+.-]*:", attributes.get("href") or "", re.I)
        hidden = self._hidden() or tag in _NOT_READ_TAGS or bool(classes & _NOT_READ_CLASSES) or \
            internal_link  # a link to a page of the site names that page
        if hidden or any(label for _, _, label in self._stack):
            return hidden, None
        return hidden, _EXEMPT_TAGS.get(tag) or ("an admonition title" if "admonition-title" in classes else None) \
            or ("text marked uncited" if "uncited" in classes else None)


def _body_start(file_text: str | None) -> int:
    """Where the Markdown starts, after any front matter: a heading is not its page's title field."""
    if not file_text or not file_text.startswith("---"):
        return 0
    end = file_text.find("\n---", 3)
    return 0 if end < 0 else end + 4


def exempt_blocks(html: str) -> list[tuple[str, str]]:
    """(what it is, its text) for each heading, title and uncited block of a page, engine-made blocks aside."""
    parser = _Exempt()
    parser.feed(html)
    parser.close()
    return [(label, " ".join(text.split())) for label, text in parser.blocks]


def uncited_facts(html: str, shown: str, file_text: str | None, cited: list[Checkable], proper: frozenset[str],
                  total_sources: int, known: set[str]) -> tuple[list[Problem], list[Problem]]:
    """Facts stated in text that needs no citation: problems for those no cited sentence of the page
    states, and the ones that repeat a cited sentence (each as a located note, with the fact).

    `known` holds the names the site knows (its outlets, agencies, bylines and countries): those
    are the site's own facts, like the number of its sources.
    """
    problems: list[Problem] = []
    repeated: list[Problem] = []
    position = _body_start(file_text)
    for label, text in exempt_blocks(html):
        facts = [f for f in find_facts(text, proper) if f.kind != "negation" and f.name not in known]
        if not facts:
            continue
        line, position = _line_of(text, file_text, position)
        for fact in facts:
            if fact.kind == "outlets" and fact.number == total_sources or any(restates(fact, c) for c in cited):
                repeated.append(Problem(shown, line, f"{label} repeats “{fact.shown()}” from a cited sentence: "
                                                     f"“{text}”"))
            else:
                problems.append(Problem(shown, line, f"“{fact.shown()}” in {label} is stated in no cited sentence "
                                                     f"of this page: “{text}”; cite it in a sentence, or take it out"))
    return problems, repeated
