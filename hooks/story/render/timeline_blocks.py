"""The timeline as a page block, as TimelineJS JSON, as the site's own data, and as a contributors' page."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import markdown as python_markdown

from ..citations.notes import CitedQuote, outlet_link, text_fragment
from ..cleaning.date_mentions import DateMention
from ..cleaning.dates import PartialDate
from ..markup import md_text
from ..timeline.events import Event, EventDate, Timeline
from .outlet_pages import page_path


def _time(date: PartialDate, text: str) -> str:
    return f'<time datetime="{date.iso()}">{html.escape(text)}</time>'


def _when(date: EventDate) -> str:
    if date.end is None:
        return _time(date.start, date.start.human())
    shown = date.human()
    first, _, last = shown.partition(" to ")
    return f"{_time(date.start, first)} to {_time(date.end, last)}"


def _citation(quotes: Sequence[CitedQuote]) -> str:
    """Citation syntax for verified quotes, for the hook to render as notes like any other."""
    seen: dict[tuple[str, str], None] = {}
    for quote in quotes:
        seen.setdefault((quote.source.slug, " ".join(quote.quote.split())), None)
    return "[" + "; ".join(f'@{slug} "{text}"' for slug, text in seen) + "]"


def _markdown(text: str) -> str:
    """A contributor's Markdown, with raw HTML shown as text."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def event_block(event: Event, kinds: Mapping[str, str]) -> str:
    """One event as a list item of the timeline."""
    kind = html.escape(kinds.get(event.kind, event.kind))
    lines = [f'<li class="story-event story-kind-{event.kind}" id="event-{event.id}" markdown>',
             f'<p class="story-event-when">{_when(event.date)} <span class="story-event-kind">{kind}</span></p>',
             f'<p class="story-event-title" markdown>**{md_text(event.title)}**</p>']
    body = _markdown(event.description) if event.description else ""
    lines.append(f'<p class="story-event-text" markdown>{body}{_citation(event.citations)}</p>')
    if event.disputed:
        sides = []
        for side in event.disputed:
            names = sorted({quote.source.name for quote, _ in side.mentions})
            sides.append(f"{md_text(side.label)} according to {md_text(' and '.join(names))}"
                         f"{_citation([quote for quote, _ in side.mentions])}")
        lines.append(f'<p class="story-event-dispute" markdown><strong>Date disputed:</strong> {"; ".join(sides)}.</p>')
    lines.append("</li>")
    return "\n".join(lines)


def timeline_block(timeline: Timeline, events: Sequence[Event]) -> str:
    """The timeline as an ordered list, for a macro to put in a page.

    Events carry their own verified citations, so the list is marked `uncited` for the check
    that every sentence of a page is cited.
    """
    if not events:
        return '<p class="story-timeline-empty uncited">No event of the timeline matches.</p>\n'
    items = "\n".join(event_block(event, timeline.kinds) for event in events)
    return f'\n<ol class="story-timeline uncited" markdown>\n{items}\n</ol>\n'


def _html(text: str) -> str:
    return python_markdown.markdown(_markdown(text)) if text else ""


def _link(quote: CitedQuote, url_of: Mapping[str, str], outlets_dir: str, base: str) -> str:
    page = url_of.get(page_path(outlets_dir, quote.source.slug), "")
    return f"{base}{page}#{quote.match.paragraph.anchor}:~:{text_fragment(quote.match.text)}"


def _tjs_date(date: PartialDate, display: str | None = None) -> dict[str, str]:
    out = {"year": str(date.year)}
    if date.month:
        out["month"] = str(date.month)
    if date.day:
        out["day"] = str(date.day)
    if display:
        out["display_date"] = display
    return out


def timelinejs(timeline: Timeline, title: str, url_of: Mapping[str, str], outlets_dir: str,
               base: str = "") -> dict[str, Any]:
    """The timeline in TimelineJS's JSON format, so a newsroom can load it into that tool."""
    events = []
    for event in timeline.events:
        sources = ", ".join(
            f'<a href="{html.escape(_link(q, url_of, outlets_dir, base))}">{html.escape(q.source.name)}</a> '
            f"(“{html.escape(q.match.text)}”)" for q in event.citations)
        text = _html(event.description) + f"<p>Sources: {sources}.</p>"
        if event.disputed:
            sides = "; ".join(f"{html.escape(s.label)} ({html.escape(', '.join(sorted({q.source.name for q, _ in s.mentions})))})"
                              for s in event.disputed)
            text += f"<p>Date disputed: {sides}.</p>"
        slide: dict[str, Any] = {
            "unique_id": event.id,
            "start_date": _tjs_date(event.date.start),
            "display_date": event.date.human(),
            "group": timeline.kinds.get(event.kind, event.kind),
            "text": {"headline": html.escape(event.title), "text": text},
        }
        if event.date.end:
            slide["end_date"] = _tjs_date(event.date.end)
        events.append(slide)
    return {"title": {"text": {"headline": html.escape(timeline.title or title), "text": ""}}, "events": events}


def _mention(m: DateMention) -> dict[str, Any]:
    return {"source": m.source, "paragraph": m.paragraph.number, "text": m.text, "sentence": m.sentence,
            "form": m.form, "date": m.date.iso() if m.date else None,
            "until": m.last.iso() if m.last and m.last != m.date else None,
            "weekday": m.weekday, "unresolved": m.unresolved}


def events_data(timeline: Timeline, url_of: Mapping[str, str], outlets_dir: str) -> dict[str, Any]:
    """The site's own timeline data (schema 'story-timeline/1'), documented in the README; its events and
    mentions are iterators, made as they are written."""
    return {
        "schema": "story-timeline/1",
        "title": timeline.title,
        "kinds": timeline.kinds,
        "events": ({
            "id": e.id, "date": e.date.iso(), "start": e.date.start.iso(),
            "end": e.date.end.iso() if e.date.end else None, "precision": e.date.start.precision,
            "kind": e.kind, "title": e.title, "description": e.description,
            "citations": [{"source": q.source.slug, "quote": q.quote, "printed": q.match.text,
                           "paragraph": q.match.paragraph.number, "link": _link(q, url_of, outlets_dir, "")}
                          for q in e.citations],
            "dated_by": [_mention(m) for m in e.support],
            "disputed": [{"side": s.label, "date": s.date.iso() if s.date else None, "weekday": s.weekday,
                          "mentions": [_mention(m) for _, m in s.mentions]} for s in e.disputed],
        } for e in timeline.events),
        "mentions": ({**_mention(m), "events": [e.id for e in timeline.covering(m)]} for m in timeline.mentions),
    }


def mentions_page(timeline: Timeline, names: Mapping[str, str], page: str, outlets_dir: str) -> str:
    """The contributors' page: every date the sources mention, and which no event covers yet."""
    def where(m: DateMention) -> str:
        link = outlet_link(page, outlets_dir, m.source, m.paragraph.anchor)
        return f"{md_text(names.get(m.source, m.source))}, [¶{m.paragraph.number}]({link})"

    candidates = timeline.candidates()
    unresolved = [m for m in timeline.mentions if m.date is None]
    covered = [m for m in timeline.mentions if m.date is not None and timeline.covering(m)]
    out = ["# Date mentions\n",
           "Every date the articles mention, as the build found and resolved it. Relative dates "
           "(\"on Monday\", \"last month\") are resolved against the article's publication date. "
           "A mention that no event of the timeline covers is a candidate for a new event.\n",
           f"## Candidates for the timeline ({len(candidates)})\n"]
    if candidates:
        out += ["| Date | Where | Mention | Sentence |", "| --- | --- | --- | --- |"]
        out += [f"| {md_text(m.human())} | {where(m)} | {md_text(m.text)} | {md_text(m.sentence)} |" for m in candidates]
    else:
        out.append("Every resolved date mention is covered by an event of the timeline.")
    out += ["", f"## Could not be resolved ({len(unresolved)})\n"]
    if unresolved:
        out += ["| Where | Mention | Why | Sentence |", "| --- | --- | --- | --- |"]
        out += [f"| {where(m)} | {md_text(m.text)} | {md_text(m.unresolved or '')} | {md_text(m.sentence)} |"
                for m in unresolved]
    else:
        out.append("Every date mention could be resolved.")
    out += ["", f"## Covered by the timeline ({len(covered)})\n"]
    if covered:
        rows = ["| Date | Where | Mention | Events |", "| --- | --- | --- | --- |"]
        rows += [f"| {md_text(m.human())} | {where(m)} | {md_text(m.text)} | "
                 f"{md_text('; '.join(e.title for e in timeline.covering(m)))} |" for m in covered]
        out += [f'??? note "The {len(covered)} covered mentions"', ""] + ["    " + row for row in rows]
    return "\n".join(out) + "\n"
