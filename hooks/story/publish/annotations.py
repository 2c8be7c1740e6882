"""Every citation as W3C Web Annotations: the claim as the body, the quoted words as the target.

Each quote of each citation is one annotation whose target is the outlet's words, found by a
TextQuoteSelector (exact, prefix, suffix) on the site's outlet page and on the original
article, so any annotation tool can anchor it. The collection is written as
`annotations.jsonld` (https://www.w3.org/TR/annotation-model/).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..citations.claim_support import FactCheck
from ..citations.notes import Citation, CitedQuote

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_AFFIX = 32
"""Characters of prefix and suffix: enough to tell one occurrence of the exact words from another."""


def quote_selector(quote: CitedQuote) -> dict[str, str]:
    """The TextQuoteSelector of a quote: its words as printed, with the text around them in its paragraph."""
    text = quote.match.paragraph.text
    start, end = quote.match.start, quote.match.end
    return {"type": "TextQuoteSelector", "exact": text[start:end], "prefix": text[max(0, start - _AFFIX):start],
            "suffix": text[end:end + _AFFIX]}


def check_data(check: FactCheck) -> dict[str, Any]:
    """One checked fact of a claim: its words, line, verdict, and where each source states it."""
    return {"kind": check.fact.kind, "text": check.fact.shown(), "line": check.line, "status": check.status,
            "found": [{"source": e.source or None, "where": e.where, "text": e.text, "paragraph": e.paragraph,
                       "start": e.start, "end": e.end} for e in check.evidence],
            "missing": [{"source": slug or None, "why": why} for slug, why in check.unsupported]}


def annotation_collection(citations: Sequence[Citation], *, base_url: str, page_url: Callable[[str], str],
                          outlet_url: Callable[[str], str], language: str, label: str) -> dict[str, Any]:
    """The annotations of every citation, as one AnnotationCollection with one page.

    `page_url` gives a written page's address from its path, `outlet_url` an outlet page's from
    a slug; both are made absolute with `base_url` when the site has one. The items are an
    iterator, made as they are written.
    """
    def items() -> Iterator[dict[str, Any]]:
        for citation in citations:
            claim_at = f"{base_url}{page_url(citation.page)}#{citation.anchor}"
            for index, quote in enumerate(citation.quotes, 1):
                selector = quote_selector(quote)
                targets = [{"source": f"{base_url}{outlet_url(quote.source.slug)}#{quote.match.paragraph.anchor}",
                            "selector": selector}]
                if quote.source.url:
                    targets.append({"source": quote.source.url, "selector": selector})
                yield {
                    "id": f"{claim_at}-{index}", "type": "Annotation", "motivation": "linking",
                    "body": [{"type": "TextualBody", "value": citation.claim, "format": "text/plain",
                              "language": language, "purpose": "describing"},
                             {"id": claim_at, "type": "Text", "format": "text/html", "purpose": "linking"}],
                    "target": targets}

    return {"@context": CONTEXT, "id": f"{base_url}annotations.jsonld", "type": "AnnotationCollection",
            "label": label, "total": sum(len(citation.quotes) for citation in citations),
            "first": {"id": f"{base_url}annotations.jsonld#page1", "type": "AnnotationPage", "startIndex": 0,
                      "items": items()}}
