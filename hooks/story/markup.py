"""Markdown that shows untrusted text literally, whatever Markdown extensions a site enables; and the marks of the
parts of a page that render the same on their own, and of its notes, so that a site generator may render a large
page in parts."""

from __future__ import annotations

import re
import string
import zlib
from urllib.parse import quote

_SYNTAX = "\\`*_{}[]<>&|~^=$!#+:@"
"""The ASCII characters that can begin Markdown, HTML or a common extension's inline syntax."""
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in _SYNTAX}
_ENTITIES.update({code: "\ufffd" for code in [*range(0x20), 0x7F]})
"""Control characters: Python-Markdown uses two of them as placeholders for stashed HTML."""
_ENTITIES.update({ord(c): " " for c in "\r\n\t\f\v"})
_FIRST = {ord(c): f"&#{ord(c)};" for c in string.punctuation + string.digits}
_ESCAPED = {chr(code): entity for code, entity in _ENTITIES.items()}
_TO_ESCAPE = re.compile(f"[{re.escape(''.join(_ESCAPED))}]")
"""The characters `_ENTITIES` replaces, found by one pass of a regular expression: most text has few of them, and
looking each character up in a table took twice as long."""


def md_text(text: str) -> str:
    """Inline Markdown that renders to exactly `text`, with no markup, whatever extensions are on.

    Every character that can begin inline syntax (of Markdown, HTML, attribute lists, footnotes,
    abbreviations, emoji and other common extensions) becomes an entity, and so does the first
    character when it could begin a block ("1.", "-", "#", ">"); the rest of the punctuation of
    prose stays as it is, which keeps pages small and fast to render. Control characters, which
    HTML cannot carry, show as U+FFFD; line breaks become spaces.
    """
    escaped = _TO_ESCAPE.sub(lambda match: _ESCAPED[match.group()], text)
    if escaped and not escaped.startswith("&#"):
        escaped = escaped[0].translate(_FIRST) + escaped[1:]
    return escaped


def md_url(url: str) -> str:
    """A link destination that cannot end the link early or break out of it."""
    return quote(url, safe="/:?#&=%@+,;~!$*-._")


def md_link(text: str, url: str, title: str | None = None) -> str:
    """An inline link whose text, address and title come from untrusted input."""
    label = f' "{md_text(title)}"' if title else ""
    return f"[{md_text(text)}]({md_url(url)}{label})"


PART_START = "<!-- story: a part of the page that renders the same on its own -->"
PART_END = "<!-- story: the end of the part -->"
PART_PLACE = "storypart{}place"
"""Where a part goes while the rest of its page is rendered: a word alone in a paragraph, which renders as
`<p>storypart0place</p>` and takes the part's place as any block would (raw HTML would add a blank line)."""
_PART = re.compile(rf"\n\n{re.escape(PART_START)}\n\n(.*?)\n\n{re.escape(PART_END)}\n\n", re.DOTALL)


def apart(markdown: str) -> str:
    """`markdown` marked as a part of its page that renders to the same HTML on its own, so that a site
    generator may render (and keep) a large page in parts: it has no heading and no note, and needs
    nothing defined elsewhere in the page. Inside raw HTML with `markdown` set, as anywhere else."""
    return f"\n\n{PART_START}\n\n{markdown.strip(chr(10))}\n\n{PART_END}\n\n"


def parts_of(markdown: str) -> tuple[str, list[str]]:
    """A page's Markdown with each part marked by `apart` replaced by its place (`PART_PLACE`), and the parts."""
    parts: list[str] = []

    def hold(match: re.Match[str]) -> str:
        parts.append(match[1])
        return f"\n\n{PART_PLACE.format(len(parts) - 1)}\n\n"

    return (_PART.sub(hold, markdown), parts) if PART_START in markdown else (markdown, parts)


def chosen(text: str, every: int) -> bool:
    """Whether a piece of text (a line, an item) is where a run of such pieces is cut: about one in `every`
    characters, chosen by the text alone, so that a piece added, changed or taken away moves no other cut. Its
    CRC-32 times Knuth's multiplier (whose high bits differ even between pieces that differ in one digit, where a
    CRC's alone do not), scaled to `every`, is less than its length."""
    return (zlib.crc32(text.encode()) * 2654435761 & 0xFFFFFFFF) * every >> 32 < len(text)


RUN_CHARS = 2048
"""About how many characters of a long list or table make one run of it (`runs_of`)."""
_ITEM = re.compile(r"- \S")
_ROW = re.compile(r"\|.*\|")
_SEPARATOR = re.compile(r"\|(?: *:?-+:? *\|)+")


def runs_of(part: str, every: int = RUN_CHARS) -> tuple[str, list[str]] | None:
    """A part that is a tight list of one-line items (`- ...`), or a table, cut into runs of its items or rows,
    each of which renders on its own as the same items or rows: the kind (`list` or `table`), and each run's
    Markdown (a table's with the table's header). None if the part is neither, or is not long enough to be cut.

    A run ends after an item `chosen` by its text: about one in `every` characters, so that an item added,
    changed or taken away changes its own run alone, and the runs of a list sorted anew change only where items
    moved.
    """
    lines = part.split("\n")
    kind, head = ("table", lines[:2]) if len(lines) > 2 and _ROW.fullmatch(lines[0]) and \
        _SEPARATOR.fullmatch(lines[1]) else ("list", [])
    items = lines[len(head):]
    if not all(_ROW.fullmatch(line) if kind == "table" else _ITEM.match(line) for line in items):
        return None
    runs: list[list[str]] = [[]]
    for item in items:
        runs[-1].append(item)
        if chosen(item + "\n", every):
            runs.append([])
    runs = [run for run in runs if run]
    return (kind, ["\n".join([*head, *run]) for run in runs]) if len(runs) > 1 else None


_WRAPPER = {"list": re.compile(r"(<ul>\n)(.*)(\n</ul>)", re.DOTALL),
            "table": re.compile(r"(<table>\n<thead>\n.*?\n</thead>\n<tbody>\n)(.*)(\n</tbody>\n</table>)", re.DOTALL)}


def joined(kind: str, rendered: list[str]) -> str | None:
    """The HTML of a list or table cut by `runs_of`, from the HTML of its runs: their items (or rows) in one list
    (or table); None if a run's HTML is not one such list (or table, with the same header as the others)."""
    found = [match for html in rendered if (match := _WRAPPER[kind].fullmatch(html))]
    if len(found) != len(rendered) or len({(match[1], match[3]) for match in found}) != 1 or \
            any(tag in match[2] for match in found for tag in ("<ul>", "<ol>", "<table>")):
        return None  # a run that is not one list (or table) of its own, or whose items hold one
    return found[0][1] + "\n".join(match[2] for match in found) + found[0][3]


NOTES_START = "<!-- story: the notes, each of which renders the same on its own -->"
NOTE_PLACE = "storynote{}place"
"""Where a note's text goes while the rest of its page is rendered: the note's definition keeps its label, so the
page's references and numbers stay as they are, and its text is this word."""
_NOTES = f"\n\n{NOTES_START}\n\n"
_NOTE = re.compile(r"^\[\^([^\]\n]+)\]: ", re.MULTILINE)


def notes_apart(notes: list[str]) -> str:
    """The definitions of a page's notes (`[^label]: text`, each from the start of a line, its further lines
    indented), marked as notes each of which renders the same on its own, for the end of the page: a note's
    text holds no line that starts a definition, no reference to a note, and nothing defined for the page."""
    return f"{_NOTES}{chr(10).join(notes)}"


def notes_of(markdown: str) -> tuple[str, list[tuple[str, str]]]:
    """A page's Markdown with each note marked by `notes_apart` holding its place (`NOTE_PLACE`) for its text, and
    each note's label and text; the page as one (`without_marks`) and no notes if it has none marked, or if what
    follows the mark is not notes alone."""
    at = markdown.rfind(_NOTES)
    if at < 0:
        return markdown, []
    block = markdown[at + len(_NOTES):]
    starts = [*_NOTE.finditer(block)]
    if not starts or starts[0].start():
        return without_marks(markdown), []
    ends = [*(match.start() for match in starts[1:]), len(block)]
    notes = [(match[1], block[match.end():end]) for match, end in zip(starts, ends)]
    if any(line.strip() and not line.startswith(("    ", "\t")) for _, text in notes for line in text.split("\n")[1:]):
        return without_marks(markdown), []  # a line that is not a note's: text after the notes, which stays there
    held = "\n\n".join(f"[^{label}]: {NOTE_PLACE.format(index)}" for index, (label, _) in enumerate(notes))
    return f"{without_marks(markdown[:at])}\n\n{held}\n", notes  # any earlier mark (written in a page) goes too


def without_marks(markdown: str) -> str:
    """A page's Markdown with its parts in place and the marks of its parts and notes gone: the page as one."""
    if NOTES_START in markdown:
        markdown = markdown.replace(_NOTES, "\n\n")
    return _PART.sub(lambda match: f"\n\n{match[1]}\n\n", markdown) if PART_START in markdown else markdown
