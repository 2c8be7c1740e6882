"""Read a news page saved from a browser: its text, what extraction left out, and its metadata with evidence.

The article text is what trafilatura extracts, with options fixed here so that the same page
always gives the same text: a build re-extracts every saved page and compares. The metadata
comes from the page's JSON-LD and Open Graph (read with extruct), its HTML, trafilatura's own
metadata and htmldate, and each field records where its value came from and which other
places disagree.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any
from urllib.parse import urlsplit

import extruct
import htmldate
import lxml.html
import trafilatura
from charset_normalizer import from_bytes

from ..cleaning.rules import Removal
from ..cleaning.typography import fold

EXTRACTOR = "trafilatura"
_OPTIONS: dict[str, Any] = {"include_comments": False, "include_tables": True, "include_formatting": False,
                            "include_links": False, "include_images": False, "deduplicate": False,
                            "favor_precision": False, "favor_recall": False, "output_format": "txt"}
MIN_WORDS = 40
"""An extraction shorter than this is not an article: a front page, an index or an error page."""
_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
                  "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting", "LiveBlogPosting", "Report",
                  "SatiricalArticle", "ScholarlyArticle", "TechArticle"}
AGENCIES = {"reuters": "Reuters", "ap": "AP", "associated press": "AP", "afp": "AFP",
            "agence france-presse": "AFP", "agence france presse": "AFP", "bloomberg": "Bloomberg",
            "pa media": "PA Media", "press association": "PA Media", "dpa": "dpa", "ansa": "ANSA", "efe": "EFE",
            "pti": "PTI", "ani": "ANI", "xinhua": "Xinhua", "kyodo": "Kyodo", "aap": "AAP"}
_DATELINE = re.compile(r"^(?:[^\W\d_]|[ .,'’-]){2,60}\((?P<agency>Reuters|AP|AFP|Bloomberg|dpa|PA|AAP)\)\s*[-–—:]",
                       re.M)
_ROLE = re.compile(r"\b(?:writer|reporter|correspondent|editor|journalist|contributor|columnist|photographer|"
                   r"staff|desk|bureau|correspondant|journaliste|rédacteur|rédactrice|envoyée?s? spéciale?s?|"
                   r"korrespondent|redakteur|redakteurin|corresponsal|redactor|redactora|periodista)s?\b", re.I)
_BY = r"(?:written\s+by|by|par|von|por|di|door|av|af)"
_AND = r"(?:,|;|&|\||\band\b|\bet\b|\bund\b|\by\b|\be\b|\ben\b|\bog\b|\boch\b)"
_PLACE = re.compile(r"\s+in\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*$")


class PageError(Exception):
    """A saved page that cannot be imported; the message says why and what to do."""


def extractor() -> str:
    """The extraction tool and its version, as recorded in a source: 'trafilatura 2.3.1'."""
    return f"{EXTRACTOR} {version(EXTRACTOR)}"


def decode_page(raw: bytes) -> str:
    """The page's text: by its byte-order mark, else its declared charset, else UTF-8, else detected.

    A page that declares ISO-8859-1 is read as windows-1252, as browsers do.
    """
    if not raw.strip():
        raise PageError("the file is empty; save the page again from the browser")
    if b"\x00" in raw[:8192] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise PageError("this is a binary file, not a saved web page; in the browser use Save Page As, "
                        "'Web Page, HTML only'")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(codec, errors="replace")
    declared = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", raw[:4096], re.I)
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = "cp1252" if name in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii") else name
        try:
            return raw.decode(codecs.lookup(name).name, errors="replace")
        except LookupError:
            pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(raw).best()
        if best is None:
            raise PageError("this file is not text in any encoding; save the page again as HTML") from None
        return str(best)


def check_html(text: str) -> None:
    """Raise PageError unless the text looks like an HTML page."""
    if not re.search(r"<\s*(?:html|body|head|article|main|p|div)\b", text[:200_000], re.I):
        raise PageError("this is not an HTML page (no <html>, <body> or <p> in it); save the article's page "
                        "from the browser as 'Web Page, HTML only'")


_BOXES = ("div", "aside", "section", "form", "ul", "ol", "nav", "footer", "header", "dialog")


def without_furniture(html: str) -> str:
    """The page without the boxes its own markup names as furniture: cookie notices, paywall prompts,
    newsletter boxes, share bars, comments and related links that extraction would otherwise keep.

    Only a box that holds less than a quarter of the page's words goes, so an article whose
    container happens to be called "shareable" is never lost.
    """
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return html
    body = root.find("body")
    if body is None:
        return html
    total = len(body.text_content().split()) or 1
    furniture = [kind for kind, _, _ in _KINDS if kind not in ("byline", "site header", "footer", "navigation")]
    patterns = [pattern for kind, pattern, _ in _KINDS if kind in furniture]
    doomed = []
    for element in body.iter(*_BOXES):
        marks = f"{element.get('class') or ''} {element.get('id') or ''} {element.get('role') or ''}"
        if any(p.search(marks) for p in patterns) and len(element.text_content().split()) < total / 4:
            doomed.append(element)
    if not doomed:
        return html
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
    return lxml.html.tostring(root, encoding="unicode")


def extract_text(html: str, url: str | None = None) -> str:
    """The article text of a page, one paragraph a line; PageError if the page has no article."""
    text = trafilatura.extract(without_furniture(html), url=url, **_OPTIONS) or ""
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    if len(text.split()) < MIN_WORDS:
        raise PageError(f"no article text found ({len(text.split())} words); is this a front page, an index or "
                        "an error page? Save the article's own page")
    return text + "\n"


_KINDS = [
    ("cookie notice", re.compile(r"cookie|consent|gdpr", re.I), "a notice about cookies"),
    ("paywall notice", re.compile(r"paywall|premium|subscriber|meter", re.I), "a notice asking readers to pay"),
    ("newsletter box", re.compile(r"newsletter|subscribe|signup|sign-up", re.I), "an invitation to a newsletter"),
    ("share bar", re.compile(r"share|social", re.I), "buttons to share the page"),
    ("comments", re.compile(r"comment|discussion|disqus|replies", re.I), "readers' comments"),
    ("related links", re.compile(r"related|recommend|more-?stories|read-?more|trending|most-?read|popular|"
                                 r"also-?read|outbrain|taboola", re.I), "links to other stories"),
    ("advertisement", re.compile(r"\bads?\b|advert|sponsor|promo", re.I), "an advertisement"),
    ("byline", re.compile(r"byline|author", re.I), "the byline, kept in the front matter"),
    ("navigation", re.compile(r"\bnav|menu|breadcrumb|masthead", re.I), "the site's navigation"),
    ("footer", re.compile(r"footer|copyright", re.I), "the site's footer"),
    ("site header", re.compile(r"header", re.I), "the site's header"),
]
_LANDMARKS = {"nav": "navigation", "footer": "footer", "header": "site header", "form": "form",
              "time": "date line", "button": "button", "figcaption": "caption", "aside": "aside"}
_TEXT_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "button", "figcaption", "caption", "td", "th", "dt",
              "dd", "blockquote", "time", "label", "summary", "address", "span", "div", "a")
_KIND_REASONS = {kind: reason for kind, _, reason in _KINDS}
_KIND_REASONS.update({"navigation": "the site's navigation", "footer": "the site's footer",
                      "site header": "the site's header", "form": "a form", "date line": "the date line, kept in "
                      "the front matter", "button": "a button", "caption": "a caption", "aside": "a box beside the "
                      "article", "other": "page text outside the article"})


def _kind(element: Any) -> str:
    """What a piece of furniture is, from its own or its nearest ancestor's tag, class and id."""
    chain = [element, *element.iterancestors()]
    for node in chain:
        marks = f"{node.get('class') or ''} {node.get('id') or ''} {node.get('role') or ''}"
        for kind, pattern, _ in _KINDS:
            if pattern.search(marks):
                return kind
    return next((_LANDMARKS[node.tag] for node in chain if node.tag in _LANDMARKS), "other")


def _own_text(element: Any) -> str:
    """The text of an element, without the text of the block elements inside it."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in _TEXT_TAGS or child.tag in ("a", "span", "time"):
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def removed_text(html: str, text: str) -> tuple[Removal, ...]:
    """The visible text of the page that extraction left out, each with its line in the page and what it is."""
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ()
    body = root.find("body")
    if body is None:
        return ()
    kept = fold(" ".join(text.split())).casefold()
    found: list[Removal] = []
    seen: set[str] = set()
    taken: set[Any] = set()
    for element in body.iter(*_TEXT_TAGS):
        ancestors = list(element.iterancestors())
        if any(a.tag in ("script", "style", "noscript", "template") or a in taken for a in ancestors):
            continue
        own = _own_text(element)
        folded = fold(own).casefold()
        if len(folded) < 2 or folded in kept or folded in seen:
            continue
        seen.add(folded)
        if own == " ".join(element.text_content().split()):  # it speaks for everything inside it
            taken.add(element)
        kind = _kind(element)
        found.append(Removal(element.sourceline or 0, own, f"extraction: {kind}", _KIND_REASONS[kind]))
    return tuple(found)


@dataclass(frozen=True)
class Found:
    """A metadata value and where it came from, with any place that says otherwise."""

    value: Any
    evidence: str


def _first(*values: Any) -> Any:
    return next((v for v in values if v not in (None, "", [], {})), None)


def _jsonld_nodes(items: Iterable[Any]) -> Iterator[dict[str, Any]]:
    for item in items:
        if isinstance(item, list):
            yield from _jsonld_nodes(item)
        elif isinstance(item, dict):
            yield item
            yield from _jsonld_nodes(item.get("@graph") or [])


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    return set(kind) if isinstance(kind, list) else {str(kind)}


def _names(value: Any) -> list[str]:
    """Names from a JSON-LD person, organisation, or a list of them, or a plain string."""
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    if isinstance(value, dict):
        return _names(value.get("name"))
    return [str(value).strip()] if isinstance(value, str) and value.strip() else []


def clean_byline(texts: Iterable[str]) -> list[str]:
    """People's names from byline texts: 'By', roles and agency credits taken off, several names split."""
    names: list[str] = []
    for text in texts:
        text = " ".join(text.split())
        text = re.sub(rf"^{_BY}\s+", "", text, flags=re.I)
        for part in re.split(rf"\s*{_AND}\s*", text):
            part = _PLACE.sub("", re.sub(rf"^{_BY}\s+", "", part, flags=re.I)).strip(" .-–—")
            if _ROLE.search(part) or not part[:1].isupper():  # "Staff Writer", "envoyés spéciaux": not names
                continue
            if part and part.casefold() not in AGENCIES and len(part.split()) <= 5 and part not in names \
                    and not re.search(r"\d|@|https?:", part):
                names.append(part)
    return names


def _agree(label: str, value: Any, others: list[tuple[str, Any]], same: Any = None) -> str:
    """Evidence for a value: where it came from, which places agree, and which say otherwise."""
    same = same or (lambda a, b: fold(str(a)).casefold() == fold(str(b)).casefold())
    agree = [name for name, other in others if other not in (None, "", []) and same(value, other)]
    differ = [f"{name} says “{', '.join(other) if isinstance(other, list) else other}”" for name, other in others
              if other not in (None, "", []) and not same(value, other)]
    text = label + (f"; {', '.join(agree)} {'agrees' if len(agree) == 1 else 'agree'}" if agree else "")
    return text + (f"; but {'; '.join(differ)}" if differ else "")


def _pick(candidates: list[tuple[str, Any]], same: Any = None) -> Found | None:
    present = [(label, value) for label, value in candidates if value not in (None, "", [])]
    if not present:
        return None
    label, value = present[0]
    return Found(value, _agree(label, value, present[1:], same))


def _date_of(value: str | None) -> tuple[dt.date, str | None, str] | None:
    """A date, a time (HH:MM) if given, and the value as printed, from an ISO 8601 date or date-time."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            return dt.date.fromisoformat(value.strip()[:10]), None, value.strip()
        except ValueError:
            return None
    has_time = "T" in value or " " in value.strip()
    return moment.date(), moment.strftime("%H:%M") if has_time else None, value.strip()


def page_metadata(html: str, *, url: str | None = None, outlet: str | None = None) -> dict[str, Found]:
    """Headline, byline, publication date, address, outlet, agency and language of a saved page, by field,
    each with its evidence.

    `url` and `outlet` are the importer's own (`--url`, `--outlet`): they win over the page's.
    """
    try:
        data = extruct.extract(html, syntaxes=["json-ld", "opengraph", "microdata"], uniform=True, errors="ignore")
    except Exception:  # noqa: BLE001  extruct raises many kinds on broken markup; the HTML is read below anyway
        data = {}
    nodes = list(_jsonld_nodes(data.get("json-ld", []))) + list(_jsonld_nodes(data.get("microdata", [])))
    article = next((n for n in nodes if _types(n) & _ARTICLE_TYPES), {})
    og: dict[str, Any] = {}
    for item in data.get("opengraph", []):
        og.update({k: v for k, v in item.items() if isinstance(v, str)})
    root = lxml.html.document_fromstring(html)
    meta = trafilatura.extract_metadata(html)

    def first_text(path: str) -> str | None:
        found = root.xpath(path)
        texts = [" ".join((f if isinstance(f, str) else f.text_content()).split()) for f in found]
        return next((t for t in texts if t), None)

    fields: dict[str, Found] = {}
    headline = _pick([("JSON-LD headline", _first(article.get("headline"), article.get("name"))),
                      ("meta og:title", og.get("og:title")), ("the page's <h1>", first_text("//h1")),
                      ("trafilatura's title", meta.title if meta else None)])
    if headline:
        fields["headline"] = headline
    byline_sources = [("JSON-LD author", clean_byline(_names(article.get("author")))),
                      ("rel=author links", clean_byline(a.text_content() for a in root.xpath("//a[@rel='author']"))),
                      ("<address> element", clean_byline(a.text_content() for a in root.xpath("//address"))),
                      ("byline element", clean_byline(e.text_content() for e in
                                                      root.xpath("//*[contains(@class, 'byline')]")[:1])),
                      ("meta author", clean_byline([og.get("article:author") or first_text("//meta[@name='author']/@content") or ""]))]
    byline = _pick(byline_sources, same=lambda a, b: set(a) == set(b))
    fields["byline"] = byline or Found([], "no byline element, author link, JSON-LD author or meta author in the page")
    published = _pick([("JSON-LD datePublished", article.get("datePublished")),
                       ("meta article:published_time", og.get("article:published_time")),
                       ("<time datetime> element", first_text("//time/@datetime")),
                       ("htmldate", htmldate.find_date(html, original_date=True, extensive_search=False,
                                                       url=url or first_text("//link[@rel='canonical']/@href")
                                                       or og.get("og:url")))],
                      same=lambda a, b: (_date_of(a) or (None,))[0] == (_date_of(b) or (None,))[0])
    if published and _date_of(published.value):
        fields["published"] = published
    address = _pick([("the --url option", url), ("link rel=canonical", first_text("//link[@rel='canonical']/@href")),
                     ("meta og:url", og.get("og:url")), ("JSON-LD url", _first(article.get("url"),
                                                                                article.get("mainEntityOfPage")
                                                                                if isinstance(article.get("mainEntityOfPage"), str)
                                                                                else None))])
    if address:
        fields["url"] = address
    domain = urlsplit(str(address.value)).hostname if address else None
    outlet_found = _pick([("the --outlet option", outlet), ("JSON-LD publisher", _first(*_names(article.get("publisher")))),
                          ("meta og:site_name", og.get("og:site_name")), ("trafilatura's site name", meta.sitename if meta else None),
                          ("the address's domain", re.sub(r"^www\.", "", domain) if domain else None)])
    if outlet_found:
        fields["outlet"] = outlet_found
    agency = _agency(article, root)
    if agency:
        fields["agency"] = agency
    language = _pick([("JSON-LD inLanguage", article.get("inLanguage")), ("<html lang>", first_text("/html/@lang")),
                      ("meta og:locale", og.get("og:locale"))],
                     same=lambda a, b: str(a)[:2].lower() == str(b)[:2].lower())
    if language:
        fields["language"] = Found(re.split(r"[-_]", str(language.value))[0].lower(), language.evidence)
    return fields


def _agency(article: dict[str, Any], root: Any) -> Found | None:
    """The wire agency the page credits: in JSON-LD, in the byline, or in a dateline such as 'LONDON (Reuters) -'."""
    for label, names in (("JSON-LD author", _names(article.get("author"))),
                         ("JSON-LD sourceOrganization", _names(article.get("sourceOrganization")))):
        for name in names:
            if name.casefold() in AGENCIES:
                return Found(AGENCIES[name.casefold()], label)
    for element in root.xpath("//*[contains(@class, 'byline')] | //a[@rel='author'] | //address"):
        words = " ".join(element.text_content().split())
        for name, agency in AGENCIES.items():
            if re.search(rf"\b{re.escape(name)}\b", words, re.I) and len(name) > 2:
                return Found(agency, f"byline element (“{words}”)")
    paragraphs = (" ".join(p.text_content().split()) for p in root.iter("p"))
    dateline = next((m for m in map(_DATELINE.match, paragraphs) if m), None)
    if dateline:
        return Found(AGENCIES[dateline.group("agency").casefold()] if dateline.group("agency").casefold() in AGENCIES
                     else dateline.group("agency"), f"dateline “{dateline.group().strip()}”")
    return None


def published_fields(found: Found) -> tuple[dt.date, str | None, str]:
    """The date, time and printed value of a publication date found in a page."""
    parsed = _date_of(found.value)
    assert parsed is not None  # page_metadata keeps only dates it can read
    return parsed
