"""The timeline's own page: every cited event, then the same events grouped by outlet and by precision.

The groups are native `<details>` with an anchor each, so the filters work without JavaScript:
a filter link opens its group (browsers open a closed `<details>` that holds the target) and
a reader can open any group by hand. Each group lists its events by date and title, linked to
the event in the full list, which carries the citations.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from ..markup import md_text
from ..timeline.events import Event, Timeline
from .timeline_blocks import timeline_block

PRECISIONS = {"day": "To the day", "month": "To the month", "year": "To the year", "period": "A period"}
"""How precisely an event is dated, in the order the filters list them."""


def precision(event: Event) -> str:
    """'day', 'month' or 'year' for a single date; 'period' for a range."""
    date = event.date
    return "period" if date.end is not None and date.end != date.start else date.start.precision


def _plural(count: int) -> str:
    return f"{count} {'event' if count == 1 else 'events'}"


def _group(anchor: str, title: str, events: Sequence[Event], lead: str) -> str:
    """One closed group: its summary, then `lead` with the anchor (reaching it opens the group), then its events."""
    items = [f"- [{md_text(event.date.human())}: {md_text(event.title)}](#event-{event.id})" for event in events]
    return "\n".join(['<details class="story-filter" markdown>',
                      f"<summary>{html.escape(title)}: {_plural(len(events))}</summary>", "",
                      md_text(lead), f"{{: #{anchor} }}", "", *items, "", "</details>", ""])


def _links(groups: Sequence[tuple[str, str, Sequence[Event]]]) -> str:
    return " · ".join(f"[{md_text(title)} ({len(events)})](#{anchor})" for anchor, title, events in groups)


def timeline_page(timeline: Timeline, names: Mapping[str, str]) -> str:
    """The Markdown of the timeline page; its events' citations are verified like any page's."""
    events = timeline.events
    by_outlet: dict[str, list[Event]] = {slug: [] for slug in names}
    for event in events:
        for slug in dict.fromkeys(quote.source.slug for quote in event.citations):
            by_outlet[slug].append(event)
    outlets = [(f"outlet-{slug}", names[slug], found) for slug, found in by_outlet.items() if found]
    precisions = [(f"precision-{name}", label, [e for e in events if precision(e) == name])
                  for name, label in PRECISIONS.items()]
    precisions = [group for group in precisions if group[2]]
    title = f"{md_text(timeline.title)}: " if timeline.title else ""
    return "\n".join([
        "# Timeline\n",
        f"{title}{_plural(len(events))}, each dated from the outlets' own words and cited to them.\n"
        "{: .uncited }\n",
        f"**By outlet:** {_links(outlets)}\n{{: .uncited .story-filters }}\n",
        f"**By precision:** {_links(precisions)}\n{{: .uncited .story-filters }}\n",
        "The same events as data: [timeline.json](timeline.json), in the JSON format of "
        "[TimelineJS](https://timeline.knightlab.com/docs/json-format.html), and "
        "[events.json](events.json), with every citation.\n{: .uncited }\n",
        "## Every event { #events }\n",
        timeline_block(timeline, events),
        "## By outlet { #by-outlet }\n",
        '<div class="uncited" markdown>\n',
        *(_group(*group, f"Events cited from {group[1]}:") for group in outlets),
        "</div>\n",
        "## By precision { #by-precision }\n",
        '<div class="uncited" markdown>\n',
        *(_group(*group, f"Events dated {group[1].lower()}:") for group in precisions),
        "</div>\n",
    ])
