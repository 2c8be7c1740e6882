"""What search engines and link previews read about a page: description, Open Graph, Twitter, JSON-LD."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import orjson

from ..sources.load import Source


def _tag(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{name}" content="{html.escape(content, quote=True)}">'


def _json_ld(data: dict[str, Any]) -> str:
    """JSON-LD that cannot end its script element, whatever the text in it; compact, and written in C (orjson),
    since every page of a large site has its own."""
    text = orjson.dumps(data).decode()
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def _source_article(source: Source, outlet_page_url: str | None) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "NewsArticle", "headline": source.title}
    if source.url or outlet_page_url:
        item["url"] = source.url or outlet_page_url
    if source.outlet:
        item["publisher"] = {"@type": "Organization", "name": source.outlet}
    if source.published.date:
        item["datePublished"] = source.published.date.iso()
    if source.byline:
        item["author"] = [{"@type": "Person", "name": name} for name in source.byline]
    return item


def head_tags(*, title: str, description: str, url: str, site_name: str, language: str,
              kind: str, cited: Sequence[Source] = (), source: Source | None = None,
              outlet_urls: dict[str, str] | None = None) -> str:
    """The tags for one page's head.

    `kind` is 'explainer' (a page whose claims cite sources: a NewsArticle citing them), 'outlet'
    (an outlet's page: an Article based on the original) or 'page'.
    """
    outlet_urls = outlet_urls or {}
    tags = [
        _tag("property", "og:site_name", site_name),
        _tag("property", "og:title", title),
        _tag("property", "og:description", description),
        _tag("property", "og:type", "article" if kind != "page" else "website"),
        _tag("property", "og:locale", language.replace("-", "_")),
        _tag("name", "twitter:card", "summary"),
        _tag("name", "twitter:title", title),
        _tag("name", "twitter:description", description),
    ]
    if url:
        tags.insert(1, _tag("property", "og:url", url))
    data: dict[str, Any] = {"@context": "https://schema.org", "name": title, "headline": title,
                            "description": description, "inLanguage": language}
    if url:
        data["url"] = url
    if kind == "explainer":
        data["@type"] = "NewsArticle"
        articles = [_source_article(s, outlet_urls.get(s.slug)) for s in cited]
        data["citation"] = articles
        data["isBasedOn"] = [a["url"] for a in articles if "url" in a]
    elif kind == "outlet" and source is not None:
        data["@type"] = "Article"
        data["headline"] = source.title
        based = _source_article(source, None)
        data["isBasedOn"] = based
        if source.published.date:
            data["datePublished"] = source.published.date.iso()
        if source.outlet:
            data["publisher"] = {"@type": "Organization", "name": source.outlet}
    else:
        data["@type"] = "WebPage"
    data["isPartOf"] = {"@type": "WebSite", "name": site_name}
    return "\n".join(tags + [_json_ld(data)])
