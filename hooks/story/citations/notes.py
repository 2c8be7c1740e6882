"""Verify a page's citations against the sources and turn them into numbered notes.

`cite_page` takes a page's Markdown and returns new Markdown in which every citation is a
footnote reference, the footnotes that name each outlet, show the quote as the outlet printed
it and link to its paragraph, the citations as data, and the problems as data.
"""

from __future__ import annotations

import difflib
import functools
import html
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from ..cleaning.rules import Paragraph
from ..cleaning.sentences import is_abbreviation
from ..cleaning.typography import fold
from ..markup import md_text, notes_apart
from ..problems import Problem
from ..sources.cache import code_version
from ..sources.derived_cache import DerivedCache
from ..sources.load import Source
from .claim_support import FactCheck, ParagraphFacts, Support, proper_vocabulary
from .quotes import QuoteIndex, QuoteMatch
from .syntax import find_citations, mask_code

NOTE_PREFIX = "story-cite-"
"""Footnote labels of citations: `[^story-cite-3]`, with ids `fn:story-cite-3` and `fnref:story-cite-3`."""


NOT_READ_BY_CHECKS = frozenset({"headline", "notes", "evidence", "derived"})
"""What verifying citations (a page's, or the timeline's) never reads of a source: an edit to these alone
verifies nothing again. (`derived` is what the build works out from the rest.) A test runs the checks
with these fields out of reach."""


def read_by_checks(source: Source) -> str:
    """A digest of everything verifying a citation may read of a source; worked out once per version of the
    source, and kept with it."""
    if "read by checks" not in source.derived:
        source.derived["read by checks"] = DerivedCache.digest(
            code_version(), *(f"{field.name}={getattr(source, field.name)!r}" for field in fields(source)
                              if field.name not in NOT_READ_BY_CHECKS))
    return source.derived["read by checks"]


class Library:
    """The story's sources by slug, each with its quote index, built once per build."""

    def __init__(self, sources: Sequence[Source]) -> None:
        self.sources = {source.slug: source for source in sources}
        self.indexes = _Indexes(self.sources)
        self._proper: frozenset[str] | None = None

    def __len__(self) -> int:
        return len(self.sources)

    @property
    def proper(self) -> frozenset[str]:
        """The names the sources use, read the first time a claim is checked."""
        if self._proper is None:
            self._proper = frozenset().union(*(_derived(s, "names", lambda s: proper_vocabulary([s]))
                                               for s in self.sources.values()))
        return self._proper

    def paragraph_facts(self, source: Source, paragraph: Paragraph) -> ParagraphFacts:
        """The facts of one cited paragraph, read once per build however often it is cited."""
        facts = source.derived.setdefault("claim_facts", {})
        if paragraph.number not in facts:
            facts[paragraph.number] = ParagraphFacts.read(source, paragraph)
        return facts[paragraph.number]

    def support(self, quotes: Sequence[CitedQuote], slug: str) -> Support:
        """What one source offers a claim: the spans of its quotes, with their paragraphs' facts."""
        mine = [q for q in quotes if q.source.slug == slug]
        return Support(mine[0].source, tuple((self.paragraph_facts(q.source, q.match.paragraph), q.match.start,
                                              q.match.end) for q in mine))


class _Indexes(dict[str, QuoteIndex]):
    """The quote index of each source by slug, made (or unpacked from the cache) the first time it is asked for."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        super().__init__()
        self.sources = sources

    def __missing__(self, slug: str) -> QuoteIndex:
        index = self[slug] = _derived(self.sources[slug], "quote_index", lambda s: QuoteIndex(s.cleaned))
        return index


def _derived(source: Source, name: str, make: Callable[[Source], Any]) -> Any:
    """What the build derives from a source, made once and kept with it (and in the source cache)."""
    if name not in source.derived:
        source.derived[name] = make(source)
    return source.derived[name]


@dataclass(frozen=True)
class CitedQuote:
    """One source's support for a claim: where the quote is, as the outlet printed it."""

    source: Source
    quote: str
    match: QuoteMatch


@dataclass(frozen=True)
class Citation:
    """A verified citation: the claim it supports, on which page and line, and its quotes."""

    page: str
    line: int
    number: int
    claim: str
    quotes: tuple[CitedQuote, ...]
    checks: tuple[FactCheck, ...] = ()
    """The claim's checkable facts and where each source supports them; empty on generated pages."""
    synthesis: str | None = None
    """The writer's reason when the claim is marked as a synthesis."""

    @property
    def label(self) -> str:
        """The footnote label, unique on its page."""
        return f"{NOTE_PREFIX}{self.number}"

    @property
    def anchor(self) -> str:
        """The id of the note marker in the claim, for links back to it."""
        return f"fnref:{self.label}"


@dataclass(frozen=True)
class CitedPage:
    """A page after citation: its new Markdown, its citations, and what was wrong."""

    markdown: str
    citations: tuple[Citation, ...]
    problems: tuple[Problem, ...]


def text_fragment(text: str, words: int = 6) -> str:
    """A URL text directive (`text=...`) that makes a browser highlight `text`."""
    parts = text.split()
    if len(parts) > 2 * words:
        pieces = [" ".join(parts[:words]), " ".join(parts[-words:])]
    else:
        pieces = [" ".join(parts)]
    return "text=" + ",".join(_percent(p) for p in pieces)


_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.~")
_PERCENT = {byte: chr(byte) if byte in _UNRESERVED else f"%{byte:02X}" for byte in range(256)}
"""Each byte as a text directive writes it: itself if unreserved (but '-', which ends a directive's prefix), else
percent-encoded."""


def _percent(text: str) -> str:
    """`text` percent-encoded as UTF-8 for a text directive: what `urllib.parse.quote(text, safe="")` gives, with '-'
    encoded too; one translation of its bytes (read as Latin-1, one character a byte), not a Python step a byte."""
    return text.encode().decode("latin-1").translate(_PERCENT)


def outlet_link(page: str, outlets_dir: str, slug: str, anchor: str | None = None) -> str:
    """A relative link from a docs page to an outlet page, as MkDocs resolves `.md` links."""
    if anchor and page == f"{outlets_dir}/{slug}.md":
        return f"#{anchor}"
    target = f"{_outlets_from(posixpath.dirname(page), outlets_dir)}{slug}.md"
    return f"{target}#{anchor}" if anchor else target


@functools.lru_cache(maxsize=256)
def _outlets_from(folder: str, outlets_dir: str) -> str:
    """The relative path from a docs folder to the outlets' folder, with its slash: worked out once per pair."""
    path = posixpath.relpath(outlets_dir, folder or ".")
    return "" if path == "." else path + "/"


SENTENCE_END = re.compile(r"(?:(?<![!?])[.!?](?![!?])[\"”’')\]*_]*\s|\n\s*\n|\|)")
"""Where a sentence of Markdown prose ends: a full stop and a space, a blank line, a table cell."""
_MARKUP = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),   # links and images: keep the text
    (re.compile(r"\[\^[^\]]+\]"), ""),                 # footnote references
    (re.compile(r"<[^>]+>"), ""),                      # inline HTML
    (re.compile(r"(\*\*|__|\*|_|`)"), ""),             # emphasis and code marks
    (re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?).*$", re.M), ""),                # admonition headers
    (re.compile(r"^\s*(?:[-*+]|\d+[.)]|#+|>)\s+", re.M), ""),           # list, heading, quote markers
]


def claim_text(prose: str, start: int, window: int = 1000) -> str:
    """The sentence that ends where a citation starts, as plain text.

    `prose` is the page's Markdown with code and citations blanked out; only `window`
    characters before the citation are read, so the cost does not grow with the page.
    """
    head = prose[max(0, start - window):start]
    ends = [0] + [m.end() for m in SENTENCE_END.finditer(head)
                  if not is_abbreviation(head[max(0, m.start() - 6):m.start() + 1])]
    text = ""
    for end in reversed(ends):  # a citation after the full stop supports the sentence before it
        text = head[end:]
        if text.strip(" .!?\t\n"):
            break
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return html.unescape(re.sub(r"\s+([.,;:!?])", r"\1", " ".join(text.split())))


def _line_in_file(file_text: str | None, raw: str, occurrence: int, fallback: int, offset: int) -> int:
    """The citation's line in the page file, found by its text; the rendered line if macros made it."""
    if file_text:
        position = -1
        for _ in range(occurrence + 1):
            position = file_text.find(raw, position + 1)
            if position < 0:
                break
        if position >= 0:
            return file_text.count("\n", 0, position) + 1
    return fallback + offset


def verify_quote(library: Library, key: str, quote: str) -> tuple[CitedQuote | None, str | None]:
    """The quote's place in the source, or the one-line reason it cannot be verified."""
    source = library.sources.get(key)
    if source is None:
        close = difflib.get_close_matches(key, list(library.sources), n=1)
        hint = f"did you mean @{close[0]}?" if close else f"the sources are {', '.join('@' + s for s in library.sources)}"
        return None, f"there is no source @{key}; {hint}"
    if not fold(quote):
        return None, f"the quote for @{key} is empty; put the words {source.name} printed between the quotes"
    # Where each quote found in this version of the source is (its paragraph's place, start and end), kept with it,
    # so that the next build finds a quote again without reading the source's index.
    found = _derived(source, "quotes found", lambda _: {})
    if quote in found:
        place, start, end = found[quote]
        return CitedQuote(source, quote, QuoteMatch(source.cleaned.paragraphs[place], start, end)), None
    index = library.indexes[key]
    match = index.find(quote)
    if match is not None:
        place = next(n for n, paragraph in enumerate(source.cleaned.paragraphs) if paragraph is match.paragraph)
        found[quote] = (place, match.start, match.end)
        return CitedQuote(source, quote, match), None
    removed = index.in_removed(quote)
    if removed is not None:
        return None, (f"“{quote}” is in page furniture that cleaning removed from {source.name} "
                      f"({source.path} line {removed.line + source.body_line - 1}, rule {removed.rule}), "
                      "not in its article text; quote the article")
    closest = index.closest(quote)
    hint = f"; did you mean “{closest.text}” (paragraph {closest.paragraph.number})?" if closest else ""
    return None, f"“{quote}” is not in the article text of {source.name} ({source.path}){hint}"


def _note(citation: Citation, page: str, outlets_dir: str, total: int) -> str:
    lines = []
    for cited in citation.quotes:
        link = outlet_link(page, outlets_dir, cited.source.slug, cited.match.paragraph.anchor)
        fragment = text_fragment(cited.match.text)
        original = cited.source.url
        printed = f' <span class="story-print-only">Original: {md_text(original)}</span>' if original else ""
        lines.append(f"**{md_text(cited.source.name)}**, paragraph {cited.match.paragraph.number}: "
                     f"“{md_text(cited.match.text)}” "
                     f'[(in context)]({link}){{ .story-cite-link data-story-fragment="{fragment}" }}{printed}')
    synthesis = f"*The writer's synthesis: {md_text(citation.synthesis)}*" if citation.synthesis else ""
    if len(lines) == 1:
        return f"[^{citation.label}]: {lines[0]}" + (f" {synthesis}" if synthesis else "") + "\n"
    count = len({cited.source.slug for cited in citation.quotes})
    body = "\n".join(f"    - {line}" for line in lines)
    if count == 1:
        intro = f"{len(lines)} passages of {md_text(citation.quotes[0].source.name)}:"
    else:
        intro = f"Carried by {count} of the story's {total} sources:"
    return f"[^{citation.label}]: {intro}\n\n{body}\n" + (f"\n    {synthesis}\n" if synthesis else "")


def _join_marker(before: str) -> str:
    """Text before a note marker, so the marker sits on the word before it.

    Spaces go, and so does a single line break with its indentation (a citation on a line of
    its own), but not a blank line: a citation that starts a block stays where it is, so an
    indented block (an admonition, a list item) is not cut short.
    """
    trimmed = re.sub(r"[ \t]*\n?[ \t]*\Z", "", before)
    return before if not trimmed or trimmed.endswith("\n") else trimmed


def cite_page(markdown: str, *, page: str, library: Library, outlets_dir: str, shown: str | None = None,
              file_text: str | None = None, line_offset: int = 0,
              claims: Mapping[tuple[str, int], tuple[FactCheck, ...]] | None = None) -> CitedPage:
    """Verify and render every citation in one page's Markdown.

    `page` is the docs-relative path that links start from; `shown` the path that messages
    name (default `page`); `file_text` is the page file as written, to find each citation's
    line in it; `line_offset` is the number of lines before `markdown` starts in the file (its
    front matter), used when a citation came from a macro and is not in the file as written.
    `claims` holds the claim checks of the page file (see `claims.check_claims`), by citation
    text and line, for the citations to carry.
    """
    shown = shown or page
    found, malformed = find_citations(markdown)
    problems = [Problem(shown, _line_in_file(file_text, markdown[m.start:m.end], 0, m.line, line_offset),
                        f"'{' '.join(markdown[m.start:m.end].split())}' is not a citation: {m.reason}; "
                        'write [@source "quote"], several separated by ;')
                for m in malformed]
    prose = list(mask_code(markdown))
    for raw in found:
        prose[raw.start:raw.end] = " " * (raw.end - raw.start)
    blanked = "".join(prose)
    citations: list[Citation] = []
    pieces: list[str] = []
    position = 0
    seen: dict[str, int] = {}
    for raw in found:
        text = raw.source_text(markdown)
        occurrence = seen.get(text, 0)
        seen[text] = occurrence + 1
        line = _line_in_file(file_text, text, occurrence, raw.line, line_offset)
        quotes: list[CitedQuote] = []
        errors: list[str] = []
        for item in raw.items:
            cited, error = verify_quote(library, item.key, item.quote)
            if cited:
                quotes.append(cited)
            else:
                errors.append(error or "")
        pieces.append(_join_marker(markdown[position:raw.start]))
        if errors:
            problems.extend(Problem(shown, line, error) for error in errors)
            pieces.append(f' <mark class="story-cite-error">citation not verified: {md_text("; ".join(errors))}</mark>')
        else:
            checks = (claims or {}).get((" ".join(text.split()), line), ())
            citation = Citation(page, line, len(citations) + 1, claim_text(blanked, raw.start), tuple(quotes),
                                checks, raw.synthesis)
            citations.append(citation)
            pieces.append(f"[^{citation.label}]")
        position = raw.end
    pieces.append(markdown[position:])
    notes = [_note(c, page, outlets_dir, len(library)) for c in citations]
    out = "".join(pieces)
    if notes:
        out = out.rstrip("\n") + notes_apart(notes)
    return CitedPage(out, tuple(citations), tuple(problems))


_FRAGMENT_LINK = re.compile(r'<a\b([^>]*?)\sdata-story-fragment="([^"]*)"([^>]*)>')
_HREF = re.compile(r'\shref="([^"#]*#[^"]*)"')


def add_text_fragments(html: str) -> str:
    """Give each rendered citation link its text fragment, after MkDocs has checked the plain anchor.

    MkDocs validates `#p4` but would reject `#p4:~:text=...` as a missing anchor, so the note
    links carry the fragment in a data attribute through the render and get it here.
    """
    if 'data-story-fragment="' not in html:  # most pages (an outlet's) have no note: one scan in C, no pattern
        return html

    def move(match: re.Match[str]) -> str:
        attributes = match.group(1) + match.group(3)
        fragment = match.group(2)
        return "<a" + _HREF.sub(lambda h: f' href="{h.group(1)}:~:{fragment}"', attributes, count=1) + ">"

    return _FRAGMENT_LINK.sub(move, html)
