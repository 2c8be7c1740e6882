"""Import a news page saved from a browser as a new source: the page kept, its text and metadata written out.

`import_page` reads the page, extracts its text and metadata (see `saved_pages`), refuses what
cannot be a new source (an empty, binary or non-HTML file, a page with no article, a page
already among the sources, a slug already taken), and only then writes two files: the page
byte for byte as `captures/<slug>.html` and the article as `articles/<slug>.txt`, front matter
with the evidence for every value over the extracted text. Nothing is written on an error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import yaml

from .frontmatter import split_front_matter
from .load import ARTICLE_SUFFIX, SLUG
from .saved_pages import (
    Found,
    PageError,
    check_html,
    decode_page,
    extract_text,
    extractor,
    page_metadata,
    published_fields,
)

CAPTURES = "captures"
"""The folder, inside the sources folder, where saved pages are kept."""
FETCH_TIMEOUT = 20
FETCH_LIMIT = 20 * 1024 * 1024


class CaptureError(Exception):
    """A page that cannot be imported, or an address that cannot be fetched; the message is the one line to show."""


@dataclass(frozen=True)
class Imported:
    """What an import wrote."""

    article: Path
    page: Path


def fetch(url: str, timeout: float = FETCH_TIMEOUT) -> tuple[bytes, str]:
    """The bytes of a page at an http(s) address and its final address; CaptureError when it cannot be had."""
    request = urllib.request.Request(url, headers={"User-Agent": "story-capture/1 (+saved for a cited explainer)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310  http(s) checked by the caller
            body = response.read(FETCH_LIMIT + 1)
            final = response.geturl()
    except urllib.error.HTTPError as err:
        raise CaptureError(f"{url}: the server answered {err.code} {err.reason}; check the address") from None
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise CaptureError(f"{url}: could not fetch it ({reason}); check the address and the network, or save the "
                           "page from your browser and run ./dev capture PAGE.html") from None
    if len(body) > FETCH_LIMIT:
        raise CaptureError(f"{url}: the page is larger than {FETCH_LIMIT // (1024 * 1024)} MB; save it from your "
                           "browser instead")
    return body, final


def _slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return re.sub(r"^the-", "", slug)[:60].strip("-")


def same_address(url: str) -> str:
    """An address as compared for duplicates: no fragment, no tracking parameters, no trailing slash, host in lowercase."""
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not k.startswith(("utm_", "fbclid", "gclid"))])
    host = (parts.hostname or "").removeprefix("www.")
    return urlunsplit(("https", host, parts.path.rstrip("/"), query, ""))


def _known(articles: Path) -> tuple[dict[str, Path], dict[str, Path]]:
    """The addresses and saved-page digests of the sources already there, read from their front matter alone."""
    addresses: dict[str, Path] = {}
    digests: dict[str, Path] = {}
    for entry in sorted(articles.glob(f"*{ARTICLE_SUFFIX}")):
        try:
            split = split_front_matter(entry.read_text(encoding="utf-8"))
            data = yaml.safe_load(split[0]) if not isinstance(split, str) else None
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # a broken source is reported by the build, not here
        if not isinstance(data, dict):
            continue
        if isinstance(data.get("url"), str):
            addresses[same_address(data["url"])] = entry
        capture = data.get("capture")
        if isinstance(capture, dict) and isinstance(capture.get("sha256"), str):
            digests[capture["sha256"]] = entry
    return addresses, digests


def _value(fields: dict[str, Found], name: str) -> Any:
    return fields[name].value if name in fields else None


def byline_lines(text: str, names: list[str]) -> list[str]:
    """Lines of the extracted text that are the byline ("Par Hélène Lefèvre et ..."): short, naming every author."""
    if not names:
        return []
    return [line for line in text.splitlines()
            if len(line.split()) <= 20 and all(name.casefold() in line.casefold() for name in names)]


def front_matter(fields: dict[str, Found], *, page_name: str, original: str, sha256: str, today: dt.date,
                 text: str = "") -> dict[str, Any]:
    """The new source's front matter, with the evidence for every value taken from the page.

    A byline that extraction kept as a line of text gets a cleaning rule, so it is not article text.
    """
    evidence: dict[str, str] = {}
    published: dict[str, Any] = {"date": None}
    if "published" in fields:
        date, time, printed = published_fields(fields["published"])
        published = {"date": date.isoformat(), **({"time": time} if time else {}), "as_printed": printed}
        evidence["published.date"] = fields["published"].evidence
    else:
        evidence["published.date"] = "no date in the page's JSON-LD, meta tags or <time> elements, nor found by htmldate"
    for name in ("outlet", "url", "byline", "agency", "headline", "language"):
        if name in fields:
            evidence[name] = fields[name].evidence
    data: dict[str, Any] = {
        "outlet": _value(fields, "outlet"),
        "country": None,
        "url": _value(fields, "url"),
        "published": published,
        "byline": _value(fields, "byline") or [],
        "agency": _value(fields, "agency"),
        "headline": _value(fields, "headline"),
        "language": _value(fields, "language") or "en",
        "capture": {
            "method": "Saved from a browser as HTML and imported with ./dev capture; the text below is what the "
                      "extraction tool gives for the saved page, which is kept byte for byte beside the sources.",
            "file": original,
            "html": page_name,
            "sha256": sha256,
            "extraction": {"tool": extractor(), "imported": today.isoformat()},
        },
        "evidence": evidence,
    }
    lines = byline_lines(text, _value(fields, "byline") or [])
    if lines:
        data["cleaning"] = {"remove": [{"line": line, "reason": "the byline, kept in the front matter "
                                                                "(rule added by ./dev capture)"} for line in lines]}
    return data


def _write(path: Path, data: bytes) -> Path:
    """Write to a temporary file beside `path`, to be moved into place once everything is ready."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    return Path(name)


def import_page(raw: bytes, shown: str, sources: Path, *, url: str | None = None, outlet: str | None = None,
                slug: str | None = None, force: bool = False, today: dt.date | None = None) -> Imported:
    """Import one saved page into the sources folder; raise CaptureError with one line saying what is wrong."""
    if url is not None and not re.match(r"^https?://[^\s/]+", url):
        raise CaptureError(f"--url {url!r} is not an http(s) address; give the article's address, like "
                           "https://example.com/story")
    try:
        html = decode_page(raw)
        check_html(html)
        fields = page_metadata(html, url=url, outlet=outlet)
        address = _value(fields, "url")
        if address is not None and not re.match(r"^https?://", str(address)):
            fields.pop("url")
            address = None
        text = extract_text(html, address)
    except PageError as err:
        raise CaptureError(f"{shown}: {err}") from None
    articles = sources / "articles"
    name = slug or _slugify(str(_value(fields, "outlet") or "")) or _slugify(Path(shown).stem)
    if not SLUG.match(name):
        raise CaptureError(f"--slug {name!r} cannot be a page address; use lowercase letters, digits and hyphens, "
                           "like daily-news")
    article, page = articles / f"{name}{ARTICLE_SUFFIX}", sources / CAPTURES / f"{name}.html"
    sha = hashlib.sha256(raw).hexdigest()
    addresses, digests = _known(articles)
    for known, what in ((digests.get(sha), "the same saved page (SHA-256)"),
                        (addresses.get(same_address(str(address))) if address else None, f"the same address ({address})")):
        if known is not None and not (force and known.resolve() == article.resolve()):
            raise CaptureError(f"{shown}: this page is already a source: {known.as_posix()} has {what}; cite that "
                               "source, or add --force --slug with its name to import the page again")
    if article.exists() and not force:
        raise CaptureError(f"{article.as_posix()} exists already; choose another name with --slug, or add --force "
                           "to replace it")
    data = front_matter(fields, page_name=f"{CAPTURES}/{page.name}", original=Path(shown).name, sha256=sha,
                        today=today or dt.date.today(), text=text)
    document = "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100) + "---\n" + text
    staged = [(_write(page, raw), page), (_write(article, document.encode("utf-8")), article)]
    for temporary, final in staged:
        os.replace(temporary, final)
    return Imported(article, page)
