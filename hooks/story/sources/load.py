"""Load the story's articles: one file each, YAML front matter over the capture kept byte for byte."""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..cleaning.dates import PartialDate, Published, parse_partial_date, parse_time
from ..cleaning.rules import Cleaned, CleaningProfile, LineRule, Removal, clean
from ..problems import Problem
from .cache import Derived, SourceCache
from .frontmatter import Document, FieldChecker, parse_document

ARTICLE_SUFFIX = ".txt"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Capture:
    """How the text was taken from the page; for a saved page, the page and what extraction left out."""

    method: str
    file: str | None = None
    sha256: str | None = None
    html: str | None = None
    """The saved page the text was extracted from, as the sources folder names it: captures/<slug>.html."""
    extractor: str | None = None
    imported: str | None = None
    removed: tuple[Removal, ...] = ()
    """The page's text that extraction left out, with its line in the saved page."""


@dataclass(frozen=True)
class Source:
    """One article: what is known about it, its capture, and the capture cleaned."""

    slug: str
    path: str
    outlet: str | None
    country: str | None
    url: str | None
    published: Published
    byline: tuple[str, ...] | None
    agency: str | None
    headline: str | None
    capture: Capture
    body: str
    body_line: int
    cleaned: Cleaned
    section: str | None = None
    language: str = "en"
    archive_url: str | None = None
    notes: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)
    derived: Derived = field(default_factory=Derived, compare=False, hash=False, repr=False)
    """What the build derives from the source (quote index, facts, date mentions), kept with it in the cache."""

    def __post_init__(self) -> None:
        self.derived.paragraphs = self.cleaned.paragraphs

    @property
    def name(self) -> str:
        """The outlet's name, or a label that says it is unknown."""
        return self.outlet or "Unknown outlet"

    @property
    def title(self) -> str:
        """The headline, or a description when the capture has none."""
        return self.headline or f"{self.name} article (headline not captured)"


class _Invalid(Exception):
    """A front-matter value is wrong; the message says what and how to fix it."""


def _text(value: Any, what: str = "text") -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"must be {what}, not {_describe(value)}")
    return value.strip()


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value, "text, or null when it is not known")


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"true/false ({value})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str) and not value.strip():
        return "blank"
    return repr(value)


def _address(value: Any) -> str | None:
    if value is None:
        return None
    text = _text(value, "an http(s) address")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
        raise _Invalid(f"must be an http(s) address like https://example.com/story, not '{text}'")
    return text


def _date(value: Any) -> PartialDate:
    try:
        return parse_partial_date(value)
    except ValueError as err:
        raise _Invalid(str(err)) from None


def _optional_date(value: Any) -> PartialDate | None:
    return None if value is None else _date(value)


def _byline(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _Invalid("must be a list of names like [Jane Doe, John Roe], [] when none is printed, "
                       f"or null when it is not known; not {_describe(value)}")
    return tuple(v.strip() for v in value)


def _language(value: Any) -> str:
    text = _text(value, "a language tag like en")
    if not re.match(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", text):
        raise _Invalid(f"must be a language tag like en or en-GB, not '{text}'")
    return text


def _slug(value: Any) -> str:
    text = _text(value, "a slug")
    if not SLUG.match(text):
        raise _Invalid(f"must be lowercase letters, digits and single hyphens, like 'daily-news', not '{text}'")
    return text


@dataclass(frozen=True)
class _Field:
    check: Callable[[Any], Any]
    required: bool = True
    example: str = ""


_FIELDS: dict[str, _Field] = {
    "outlet": _Field(_optional_text, example="outlet: The Daily News  (or null if unknown)"),
    "country": _Field(_optional_text, example="country: Ireland  (or null if unknown)"),
    "url": _Field(_address, example="url: https://example.com/story  (or null if unknown)"),
    "published": _Field(lambda v: v, example="published: {date: 2024-07-16}"),
    "byline": _Field(_byline, example="byline: [Jane Doe]  ([] if none is printed)"),
    "agency": _Field(_optional_text, example="agency: Reuters  (or null if none is stated)"),
    "headline": _Field(_optional_text, example="headline: ...  (or null if the capture has none)"),
    "capture": _Field(lambda v: v, example="capture: {method: how the text was taken}"),
    "slug": _Field(_slug, required=False),
    "section": _Field(_optional_text, required=False),
    "language": _Field(_language, required=False),
    "archive_url": _Field(_address, required=False),
    "notes": _Field(_optional_text, required=False),
    "evidence": _Field(lambda v: v, required=False),
    "cleaning": _Field(lambda v: v, required=False),
}
_PUBLISHED: dict[str, _Field] = {
    "date": _Field(_optional_date, example="date: 2024-07-16  (YYYY, YYYY-MM or YYYY-MM-DD; null if unknown)"),
    "time": _Field(lambda v: v, required=False),
    "as_printed": _Field(_optional_text, required=False),
    "not_before": _Field(_optional_date, required=False),
    "not_after": _Field(_optional_date, required=False),
}
_CAPTURE: dict[str, _Field] = {
    "method": _Field(lambda v: _text(v, "a sentence on how the text was taken"),
                     example="method: Text of the web page, copied ..."),
    "file": _Field(_optional_text, required=False),
    "sha256": _Field(lambda v: v, required=False),
    "html": _Field(_optional_text, required=False),
    "extraction": _Field(lambda v: v, required=False),
}
_CLEANING_KEYS = {"remove", "keep", "cut_from", "paragraphs"}


class _Reader(FieldChecker):
    """Checks one article's front matter field by field; a problem without a line of its own is on line 1."""

    def __init__(self, doc: Document, path: str) -> None:
        super().__init__(doc, path, fallback=1)

    def mapping(self, where: tuple[str | int, ...], value: Any, spec: dict[str, _Field]) -> dict[str, Any]:
        """Check a mapping against `spec`; return the checked values of the fields it has."""
        label = ".".join(map(str, where)) or "the front matter"
        if not isinstance(value, dict):
            self.problem(where, f"'{label}' must be a mapping of fields ({', '.join(spec)}), not {_describe(value)}")
            return {}
        out: dict[str, Any] = {}
        for key in value:
            if key not in spec:
                close = difflib.get_close_matches(key, list(spec), n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(spec)}"
                self.problem(where + (key,), f"unknown field '{'.'.join(map(str, where + (key,)))}'; {hint}")
        for key, spec_field in spec.items():
            dotted = ".".join(map(str, where + (key,)))
            if key not in value:
                if spec_field.required:
                    self.problem(where, f"the required field '{dotted}' is missing; add '{spec_field.example}'")
                continue
            try:
                out[key] = spec_field.check(value[key])
            except _Invalid as err:
                self.problem(where + (key,), f"'{dotted}' {err}")
        return out


def _rules(reader: _Reader, value: Any) -> tuple[tuple[LineRule, ...], str]:
    if not isinstance(value, dict):
        reader.problem(("cleaning",), "'cleaning' must be a mapping with remove:, keep:, cut_from: "
                                      f"or paragraphs:, not {_describe(value)}")
        return (), "lines"
    for key in value:
        if key not in _CLEANING_KEYS:
            reader.problem(("cleaning", key), f"unknown field 'cleaning.{key}'; use remove, keep, cut_from or paragraphs")
    mode = value.get("paragraphs", "lines")
    if mode not in ("lines", "blank-lines"):
        reader.problem(("cleaning", "paragraphs"), "'cleaning.paragraphs' must be 'lines' (each line a paragraph) "
                                                   f"or 'blank-lines' (paragraphs end at a blank line), not {_describe(mode)}")
        mode = "lines"
    rules: list[LineRule] = []
    for action in ("keep", "remove", "cut_from"):
        items = value.get(action, [])
        if not isinstance(items, list):
            reader.problem(("cleaning", action), f"'cleaning.{action}' must be a list of rules, "
                                                 "each '- {line: exact text, reason: why}' or '- {pattern: regex, reason: why}'")
            continue
        for index, item in enumerate(items):
            where = ("cleaning", action, index)
            rule = _rule(reader, where, action, item)
            if rule:
                rules.append(rule)
    return tuple(rules), mode


def _rule(reader: _Reader, where: tuple[str | int, ...], action: str, item: Any) -> LineRule | None:
    label = f"cleaning.{action}[{where[-1]}]"
    if not isinstance(item, dict) or set(item) - {"line", "pattern", "reason"} or \
            ("line" in item) == ("pattern" in item) or not isinstance(item.get("reason"), str):
        reader.problem(where, f"'{label}' must be {{line: exact text, reason: why}} or "
                              "{pattern: regular expression, reason: why}, with exactly one of line or pattern")
        return None
    reason = item["reason"].strip()
    if "line" in item:
        if not isinstance(item["line"], str) or not item["line"].strip():
            reader.problem(where, f"'{label}.line' must be the text of the line, not {_describe(item['line'])}")
            return None
        return LineRule(action, reason, text=item["line"].strip())  # type: ignore[arg-type]
    try:
        pattern = re.compile(str(item["pattern"]))
    except re.error as err:
        reader.problem(where, f"'{label}.pattern' is not a valid regular expression: {err}; "
                              "escape special characters like ( ) [ ] . * with a backslash")
        return None
    return LineRule(action, reason, pattern=pattern)  # type: ignore[arg-type]


def _saved_page(reader: _Reader, capture: dict[str, Any], body: str, body_line: int, url: str | None,
                sources_dir: Path | None, slug: str) -> tuple[tuple[Removal, ...], str | None]:
    """Check an imported page: kept byte for byte, and its extraction still the text below the front matter.

    Returns what extraction left out, and the page's name as messages show it. The extraction
    libraries are imported here, so a story without saved pages never loads them.
    """
    from .saved_pages import (
        PageError,
        decode_page,
        extract_text,
        extractor,
        removed_text,
    )

    name = capture["html"]
    folder = sources_dir.resolve() if sources_dir else None
    page = (folder / name).resolve() if folder else None
    if page is None or not page.is_relative_to(folder) or not page.is_file():  # type: ignore[arg-type]
        reader.problem(("capture", "html"), f"'capture.html' names {name}, which is not a file inside the sources "
                                            "folder; keep the saved page there (import it with ./dev capture PAGE.html)")
        return (), None
    shown = f"{sources_dir.name}/{page.relative_to(folder).as_posix()}"  # type: ignore[union-attr,arg-type]
    raw = page.read_bytes()
    actual = hashlib.sha256(raw).hexdigest()
    if capture.get("sha256") is None:
        reader.problem(("capture",), f"'capture.sha256' is required with 'capture.html'; add 'sha256: {actual}'")
        return (), shown
    if capture["sha256"] != actual:
        reader.problem(("capture", "sha256"), f"the saved page {shown} has changed since it was imported; pages are "
                                              "kept byte for byte, so restore it, or import it again with "
                                              f"./dev capture {shown} --slug {slug} --force")
        return (), shown
    try:
        html = decode_page(raw)
        text = extract_text(html, url)
    except PageError as err:
        reader.problem(("capture", "html"), f"{shown}: {err}")
        return (), shown
    wanted, have = text.strip("\n").split("\n"), body.strip("\n").split("\n")
    if wanted != have:
        index = next((i for i, (a, b) in enumerate(zip(wanted, have)) if a != b), min(len(wanted), len(have)))
        leading = len(body) - len(body.lstrip("\n"))
        gives = f"it gives “{wanted[index][:80]}”" if index < len(wanted) else "it gives no more lines"
        recorded = (capture.get("extraction") or {}).get("tool") if isinstance(capture.get("extraction"), dict) else None
        version_note = f" (imported with {recorded}; this build has {extractor()})" if recorded and recorded != extractor() \
            else ""
        reader.problems.append(Problem(reader.path, body_line + leading + index,
                                       f"this line is not what {extractor()} extracts from {shown}{version_note}: "
                                       f"{gives}; the text of an imported page is its extraction, so undo the edit "
                                       f"and use 'cleaning:' rules, or import it again with ./dev capture {shown} "
                                       f"--slug {slug} --force"))
        return (), shown
    return removed_text(html, text), shown


def read_source(raw: bytes, path: str, default_slug: str,
                sources_dir: Path | None = None) -> tuple[Source | None, list[Problem]]:
    """Check one article file's bytes; return the source, or the problems that stop it.

    `sources_dir` is the sources folder, where a saved page named by `capture.html` is kept.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [Problem(path, line, f"the file is not UTF-8 text (byte 0x{raw[err.start]:02x} cannot be read); "
                                          "save it with UTF-8 encoding")]
    doc, problems = parse_document(text, path)
    if doc is None:
        return None, problems
    reader = _Reader(doc, path)
    top = reader.mapping((), doc.data, _FIELDS)
    published = reader.mapping(("published",), doc.data["published"], _PUBLISHED) if "published" in top else {}
    capture = reader.mapping(("capture",), doc.data["capture"], _CAPTURE) if "capture" in top else {}

    time = published.get("time")
    if time is not None and parse_time(time) is None:
        reader.problem(("published", "time"), f"'published.time' must be a 24-hour time in quotes, like \"09:44\", not {_describe(time)}")
    sha = capture.get("sha256")
    if sha is not None and not (isinstance(sha, str) and _SHA256.match(sha)):
        reader.problem(("capture", "sha256"), "'capture.sha256' must be 64 lowercase hex digits "
                                              "(the output of: sha256sum capture.txt)")
    elif sha is not None and not capture.get("html"):
        actual = hashlib.sha256(doc.body.encode("utf-8")).hexdigest()
        if actual != sha:
            reader.problem(("capture", "sha256"), "the capture below the front matter has changed since it was "
                                                  "recorded; captures are kept byte for byte, so undo the edit and use "
                                                  f"'cleaning:' rules instead (or, for a new capture, set sha256: {actual})")

    evidence = doc.data.get("evidence", {})
    if "evidence" in top:
        if not isinstance(evidence, dict):
            reader.problem(("evidence",), "'evidence' must map a field name to the evidence for its value, "
                                          "like {agency: The page ends 'Reuters'}")
            evidence = {}
        for key, note in evidence.items():
            known = key in _FIELDS or (key.startswith("published.") and key.split(".", 1)[1] in _PUBLISHED)
            if not known:
                reader.problem(("evidence", key), f"'evidence.{key}' is not a field; evidence is given for a field "
                                                  "like outlet, agency, headline or published.date")
            elif not isinstance(note, str) or not note.strip():
                reader.problem(("evidence", key), f"'evidence.{key}' must be a sentence of evidence, not {_describe(note)}")
    rules, mode = _rules(reader, doc.data["cleaning"]) if "cleaning" in top else ((), "lines")

    slug = top.get("slug", default_slug)
    if "slug" not in doc.data and not SLUG.match(default_slug):
        reader.problem((), f"the file name '{default_slug}' cannot be a page address; rename the file to "
                           "lowercase letters, digits and hyphens (like daily-news.txt) or add 'slug: daily-news'")
    if not doc.body.strip():
        reader.problem((), "the article is empty: paste the capture below the closing '---' line")
    extraction = capture.get("extraction") or {}
    if "extraction" in capture and (not isinstance(extraction, dict) or set(extraction) - {"tool", "imported"}):
        reader.problem(("capture", "extraction"), "'capture.extraction' must be {tool: trafilatura 2.3.1, imported: "
                                                  "YYYY-MM-DD}, as ./dev capture writes it")
        extraction = {}
    removed: tuple[Removal, ...] = ()
    page_name = None
    if capture.get("html") and not reader.problems:
        removed, page_name = _saved_page(reader, capture, doc.body, doc.body_line, top.get("url"), sources_dir,
                                         top.get("slug", default_slug))
    if reader.problems:
        return None, reader.problems

    byline = top["byline"]
    profile = CleaningProfile(headline=top["headline"], section=top.get("section"), byline=byline or (),
                              agency=top["agency"], rules=rules, paragraphs=mode)  # type: ignore[arg-type]
    cleaned = clean(doc.body, profile)
    if not cleaned.paragraphs:
        return None, [Problem(path, doc.body_line, "cleaning removed every line of the article; add a "
                                                   "'cleaning: {keep: [{line: ..., reason: ...}]}' rule for its text")]
    source = Source(
        slug=slug, path=path, outlet=top["outlet"], country=top["country"], url=top["url"],
        published=Published(published.get("date"), time, published.get("as_printed"),
                            published.get("not_before"), published.get("not_after")),
        byline=byline, agency=top["agency"], headline=top["headline"],
        capture=Capture(capture["method"], capture.get("file"), sha, page_name,
                        str(extraction["tool"]) if extraction.get("tool") else None,
                        str(extraction["imported"]) if extraction.get("imported") else None, removed),
        body=doc.body, body_line=doc.body_line, cleaned=cleaned, section=top.get("section"),
        language=top.get("language", "en"), archive_url=top.get("archive_url"), notes=top.get("notes"),
        evidence={k: v.strip() for k, v in evidence.items()},
    )
    return source, []


def _cached(cache: SourceCache | None, key: str, path: str, sources_dir: Path) -> Source | None:
    """The source stored under `key`, if its saved page (when it has one) is still the page it was read from."""
    source = cache.get(key, path) if cache else None
    if source is not None and source.capture.html:
        page = sources_dir.parent / source.capture.html
        if not page.is_file() or hashlib.sha256(page.read_bytes()).hexdigest() != source.capture.sha256:
            return None
    return source


def load_sources(folder: Path, root: Path, cache: SourceCache | None = None) -> tuple[list[Source], list[Problem]]:
    """Read every article in `folder`; paths in problems are relative to `root`.

    With a `cache`, a source whose file (and saved page) is unchanged since a build stored it is
    taken from there, with what that build derived from it.
    """
    shown = _relative(folder, root)
    if not folder.is_dir():
        return [], [Problem(shown, None, "the articles folder does not exist; create it and add one "
                                         f"{ARTICLE_SUFFIX} file per article (see the README)")]
    sources: list[Source] = []
    problems: list[Problem] = []
    by_slug: dict[str, Source] = {}
    real_folder = folder.resolve()
    for entry in sorted(folder.iterdir()):
        name = entry.name
        if name.startswith(".") or name.endswith("~"):
            continue  # editors' swap and backup files, documented in the README
        path = _relative(entry, root)
        if entry.is_dir():
            problems.append(Problem(path, None, "folders are not read inside the articles folder; "
                                                f"move its {ARTICLE_SUFFIX} files up one level"))
            continue
        if entry.suffix != ARTICLE_SUFFIX:
            problems.append(Problem(path, None, f"only {ARTICLE_SUFFIX} files are articles; rename it to "
                                                f"{entry.stem}{ARTICLE_SUFFIX} or move it out of {shown}"))
            continue
        if not entry.resolve().is_relative_to(real_folder):
            problems.append(Problem(path, None, f"this link points outside {shown}; copy the article into the folder instead"))
            continue
        raw = entry.read_bytes()
        key = SourceCache.key(path, raw)
        source, found = (cached, []) if (cached := _cached(cache, key, path, folder.parent)) else \
            read_source(raw, path, entry.stem, folder.parent)
        problems.extend(found)
        if source is None:
            continue
        if cache is not None:
            cache.keep(key, source)
        if source.slug in by_slug:
            problems.append(Problem(path, None, f"the slug '{source.slug}' is already used by "
                                                f"{by_slug[source.slug].path}; give one of them another file name or 'slug:'"))
            continue
        by_slug[source.slug] = source
        sources.append(source)
    if not sources and not problems:
        problems.append(Problem(shown, None, f"the articles folder has no {ARTICLE_SUFFIX} files; add one per article"))
    return sources, problems


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
