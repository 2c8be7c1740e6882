"""The comparison as a page, as blocks for macros, as lists on outlet pages, and as data."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..citations.notes import outlet_link, text_fragment
from ..comparison.compare import Comparison, Conflict, Group
from ..comparison.facts import Fact
from ..markup import apart, md_text
from .outlet_pages import page_path
from .readable import fact_label, question, side_label

_KIND_OF_ONE = {"count": "Number", "date": "Date", "attribution": "Attribution", "quotation": "Quotation"}
_KINDS = {"count": "Numbers", "date": "Dates", "attribution": "Attributions", "quotation": "Quotations",
          "name": "People and organisations"}


def _quote_for(fact: Fact) -> str:
    """Words to cite a fact by: its sentence, unless that cannot sit inside a citation."""
    start, end = fact.sentence()
    sentence = fact.paragraph.text[start:end].strip()
    if re.search(r"[\"”]\s*[;\]]", sentence) or not sentence:
        return fact.text
    return sentence


def _cite(facts: Sequence[Fact]) -> str:
    seen = dict.fromkeys((f.source, " ".join(_quote_for(f).split())) for f in facts)
    return "[" + "; ".join(f'@{slug} "{quote}"' for slug, quote in seen) + "]"


def _names(facts: Sequence[Fact], names: Mapping[str, str]) -> str:
    return " and ".join(md_text(names.get(s, s)) for s in dict.fromkeys(f.source for f in facts))


def conflict_block(conflict: Conflict, names: Mapping[str, str]) -> str:
    """One conflict: what is in dispute, each side with its outlets and citations, and any note."""
    status = ""
    if conflict.annotation:
        status = {"noted": " (noted by the editors)", "confirmed": " (confirmed by the editors)",
                  "dismissed": " (dismissed by the editors)"}[conflict.annotation.status]
    lines = [f'<div class="story-conflict" id="conflict-{conflict.id}" markdown>',
             f"**{md_text(question(conflict))}**{md_text(status)}"
             f" <small>`{conflict.id}`</small>", ""]
    for index, side in enumerate(conflict.sides):
        lines.append(f"- {md_text(side_label(conflict, index))}: {_names(side.facts, names)} {_cite(side.facts)}")
    if conflict.annotation and conflict.annotation.note:
        lines += ["", f"*Editors' note:* {conflict.annotation.note.replace('<', '&lt;')}"]
    lines += ["", "</div>", ""]
    return "\n".join(lines)


def conflicts_block(comparison: Comparison, names: Mapping[str, str], include_dismissed: bool = False) -> str:
    """Every conflict the build found, for a page or a macro."""
    shown = [c for c in comparison.conflicts if include_dismissed or not c.dismissed]
    if not shown:
        return '<p class="uncited story-made">The outlets do not contradict one another on anything the build ' \
               'compares.</p>\n'
    return '<div class="uncited story-made" markdown>\n\n' + "\n".join(conflict_block(c, names) for c in shown) + \
        "\n</div>\n"


COMPARISON_PAGE = "comparison.md"
"""The docs-relative path of the generated comparison page."""


def disagreement_box(comparison: Comparison, names: Mapping[str, str], page: str) -> str:
    """A short box for the top of a page: what the outlets disagree on, each linked to its conflict on the
    comparison page. It states no fact of its own (the comparison cites each side), so it is exempt."""
    shown = [c for c in comparison.conflicts if not c.dismissed]
    to = posixpath.relpath(COMPARISON_PAGE, posixpath.dirname(page) or ".")
    title = '<p class="admonition-title">What the sources disagree on</p>'
    if not shown:
        return (f'<div class="admonition success story-disagreements uncited story-made" markdown>\n{title}\n\n'
                f"The outlets agree on everything the build compares. [How they compare]({to})\n\n</div>\n")
    lines = []
    for conflict in shown:
        sides = "; ".join(f"{md_text(side_label(conflict, i))} ({_names(side.facts, names)})"
                          for i, side in enumerate(conflict.sides))
        asked = question(conflict)
        lines.append(f"- [{md_text(asked)}]({to}#conflict-{conflict.id}){'' if asked.endswith('?') else ':'} {sides}")
    return (f'<div class="admonition warning story-disagreements uncited story-made" markdown>\n{title}\n\n'
            + "\n".join(lines) + f"\n\nEach side is cited on [the comparison page]({to}).\n\n</div>\n")


def wording_block(comparison: Comparison, names: Mapping[str, str]) -> str:
    """The quotations that outlets word differently, each wording cited."""
    if not comparison.wording:
        return '<p class="uncited story-made">Every quotation that two outlets print is worded the same.</p>\n'
    return '<div class="uncited story-made" markdown>\n\n' + \
        "\n".join(conflict_block(c, names) for c in comparison.wording) + "\n</div>\n"


def _first_facts(group: Group) -> dict[str, Fact]:
    """The first fact of the group that each outlet reports, by outlet."""
    first: dict[str, Fact] = {}
    for fact in group.facts:
        first.setdefault(fact.source, fact)
    return first


def _cell(fact: Fact | None, page: str, outlets_dir: str, mark: str, excerpts: bool) -> str:
    """A link to where an outlet reports a fact (its first fact of the group), or nothing if it does not."""
    if fact is None:
        return ""
    if excerpts:  # the paragraph may not be published: link to the page, quote nothing
        return f"[{md_text(mark)}]({outlet_link(page, outlets_dir, fact.source)})"
    link = outlet_link(page, outlets_dir, fact.source, fact.paragraph.anchor)
    return f"[{md_text(mark)}]({link} \"{md_text(fact.text)}\")"


def matrix_block(comparison: Comparison, names: Mapping[str, str], page: str, outlets_dir: str,
                 kinds: Sequence[str] = ("count", "date", "attribution", "quotation", "name"),
                 excerpts: bool = False, uncited: bool = False) -> str:
    """An outlet-by-fact table for each kind of fact reported by two outlets or more; every cell links. With
    `uncited`, each table (or list) is marked as text that cites nothing, and its heading stays at the top level
    of the page, where a search index reads it as a section of its own (in the block, it would be nested)."""
    slugs = [s.slug for s in comparison.sources]
    if len(slugs) > MATRIX_COLUMNS:
        return _fact_lists(comparison, names, page, outlets_dir, kinds, excerpts, uncited)
    shared = comparison.shared_groups()
    out = []
    for kind in kinds:
        groups = [g for g in shared if g.kind == kind
                  and not (kind == "name" and g.key.startswith(("place:", "name:")))]
        if not groups:
            continue
        groups.sort(key=lambda g: (-len(g.outlets), g.label))
        header = "| " + " | ".join(["Fact"] + [md_text(names.get(s, s)) for s in slugs]) + " |"
        rows = [header, "| --- |" + " :---: |" * len(slugs)]
        for group in groups:
            label = _label(group)
            first = _first_facts(group)
            cells = [_cell(first.get(s), page, outlets_dir, "✓", excerpts) for s in slugs]
            rows.append("| " + " | ".join([md_text(label[:90] + ("…" if len(label) > 90 else ""))] + cells) + " |")
        out += [f"### {_KINDS[kind]}", _marked(apart("\n".join(rows)), uncited)]
    return "\n".join(out) + "\n"


def _marked(block: str, uncited: bool) -> str:
    return f'<div class="uncited" markdown>\n{block}</div>\n' if uncited else block


def _label(group: Group) -> str:
    """A matrix row's fact: what a count counts, or what happened on a date."""
    if group.kind == "date":
        return f"{group.key.removeprefix('date of the ').capitalize()}: {group.label}"
    return fact_label(group)


MATRIX_COLUMNS = 12
"""Past this many outlets a table of them is unreadable (and grows with the square): list the facts instead."""


def _fact_lists(comparison: Comparison, names: Mapping[str, str], page: str, outlets_dir: str,
                kinds: Sequence[str], excerpts: bool, uncited: bool) -> str:
    """For a story with many outlets: each shared fact with the outlets that report it, linked."""
    shared = comparison.shared_groups()
    out = []
    for kind in kinds:
        groups = sorted((g for g in shared if g.kind == kind
                         and not (kind == "name" and g.key.startswith(("place:", "name:")))),
                        key=lambda g: (-len(g.outlets), g.label))
        if not groups:
            continue
        items = []
        for group in groups:
            label = _label(group)
            first = _first_facts(group)
            links = ", ".join(_cell(fact, page, outlets_dir, names.get(slug, slug), excerpts)
                              for slug, fact in first.items())
            items.append(f"- {md_text(label[:90])} ({len(group.outlets)}): {links}")
        out += [f"### {_KINDS[kind]}", _marked(apart("\n".join(items)), uncited)]
    return "\n".join(out) + "\n"


_OUTLETS_A_PART = 25
"""How many outlets' lists of what only they report make one part of the comparison page, rendered and kept
on its own (`markup.apart`): an edit to one outlet renders its part again, not the list of every outlet."""


def comparison_facts_sections(comparison: Comparison, names: Mapping[str, str], page: str, outlets_dir: str,
                              excerpts: bool = False) -> tuple[str, str, str]:
    """What the 'How the outlets compare' page makes of the facts: the part with its citations (the conflicts
    and the quotations worded differently), then the lists of what several and what one outlet reports, which
    cite nothing and so have nothing to verify, and the section of the notes that close the page (if it has
    any). Its section on shared text (`shared_section`) goes between the last two. With `excerpts`, the page
    quotes no article text but its citations."""
    out = ["# How the outlets compare\n",
           "The build reads every article and lists what each one reports: numbers and what they count, "
           "dates and what happened on them, people and organisations, who reported the story first, and "
           "words in quotation marks. It then lines the outlets up, fact by fact.\n{: .uncited }\n",
           "## Where the outlets disagree\n",
           "Each conflict has an id; editors annotate or dismiss one in `sources/comparison.yml`.\n{: .uncited }\n",
           conflicts_block(comparison, names)]
    dismissed = [c for c in comparison.conflicts if c.dismissed]
    if dismissed:
        out += ["### Dismissed by the editors\n",
                '<div class="uncited" markdown>\n\n' + "\n".join(conflict_block(c, names) for c in dismissed)
                + "\n</div>\n"]
    out += ["## Quoted differently\n",
            "Where outlets quote the same statement in different words. This is not a disagreement about facts; "
            "each wording is cited, so a reader can compare them with the statement.\n{: .uncited }\n",
            wording_block(comparison, names)]
    cited, out = "\n".join(out), []
    out += ["## What several outlets report\n",
            "A tick means the outlet reports the fact; it links to the paragraph.\n{: .uncited }\n",
            matrix_block(comparison, names, page, outlets_dir, excerpts=excerpts, uncited=True),
            "## What only one outlet reports\n", '<div class="uncited" markdown>\n']
    entries = [f"**{md_text(source.name)}**\n\n"
               + (unique_list(comparison.unique(source.slug), page, outlets_dir, source.slug, excerpts)
                  or "Nothing the build compares.\n") for source in comparison.sources]
    out += [apart("\n".join(entries[start:start + _OUTLETS_A_PART]))
            for start in range(0, len(entries), _OUTLETS_A_PART)]
    out += ["</div>\n"]
    notes = ""
    if comparison.conflicts or comparison.wording:  # the notes close the page: a section of their own,
        # in the table of contents, and in search apart from the shared text
        notes = ("\n## Notes\n\nEach note gives an outlet's words for a side of a disagreement or a wording above, "
                 "with a link to its paragraph.\n{: .uncited }\n")
    return cited, "\n".join(out) + "\n", notes


def shared_section(comparison: Comparison, names: Mapping[str, str], page: str, outlets_dir: str,
                   excerpts: bool = False) -> str:
    """The comparison page's section on shared text."""
    return "\n".join(["## Shared text\n",
                      "Passages of eight words or more that outlets print the same (ignoring case, punctuation "
                      "and \"U.S.\" against \"US\") show which accounts are independent and which carry the same "
                      "copy.\n{: .uncited }\n", shared_block(comparison, names, page, outlets_dir, excerpts)])


def shared_block(comparison: Comparison, names: Mapping[str, str], page: str, outlets_dir: str,
                 excerpts: bool = False) -> str:
    """Each outlet's share of words that others print too, then each shared passage once, with its places.

    One row per outlet and one item per passage, however many pairs of outlets share it: the
    page grows with the outlets and the copy they share, not with the pairs of outlets.
    """
    shared = comparison.shared
    if not shared.passages:
        return "No two outlets print the same passage.\n"

    def name(slug: str) -> str:
        return md_text(names.get(slug, slug))

    slugs = [s.slug for s in comparison.sources]
    order = {slug: n for n, slug in enumerate(slugs)}
    closest: dict[str, tuple[float, int, str]] = {}  # ties go to the first in the order of the sources
    for (slug, other), share in shared.pairs.items():
        closest[slug] = min(closest.get(slug, (1.0, len(slugs), "")), (-share, order[other], other))
    rows = ["| Outlet | Its words other outlets print too | Shares most with |", "| --- | ---: | --- |"]
    for slug in sorted((s for s in slugs if s in shared.by_outlet), key=lambda s: -shared.by_outlet[s]):
        most, _, other = closest[slug]
        rows.append(f"| {name(slug)} | {shared.by_outlet[slug]:.0%} | {name(other)} ({-most:.0%}) |")
    out = ['<div class="uncited" markdown>\n', apart("\n".join(rows))]
    alone = [slug for slug in slugs if slug not in shared.by_outlet]
    if alone:
        out += ["", "No passage of " + ", ".join(name(slug) for slug in alone) + " is printed by another outlet."]
    out += ["", "</div>\n", '<div class="uncited" markdown>\n']
    items = []
    paragraphs = {(s.slug, p.number): p.text for s in comparison.sources for p in s.cleaned.paragraphs}
    for passage in shared.passages:
        by_outlet: dict[str, list[int]] = {}
        for slug, number, _, _ in passage.spans:
            by_outlet.setdefault(slug, []).append(number)
        if excerpts:
            places = "; ".join(f"{name(slug)} paragraph {', '.join(map(str, numbers))}"
                               for slug, numbers in by_outlet.items())
            items.append(f"- {passage.words} words: {places}")
            continue
        places = "; ".join(name(slug) + " " + ", ".join(f"[¶{n}]({outlet_link(page, outlets_dir, slug, f'p{n}')})"
                                                       for n in numbers) for slug, numbers in by_outlet.items())
        slug, number, start, end = passage.spans[0]
        items.append(f"- {passage.words} words, printed by {places}: “{md_text(paragraphs[(slug, number)][start:end])}”")
    out += [apart("\n".join(items)), "</div>\n"]
    return "\n".join(out)


def unique_list(groups: Sequence[Group], page: str, outlets_dir: str, slug: str, excerpts: bool = False,
                published: set[str] | None = None) -> str:
    """A list of facts one outlet alone reports, each linked to its paragraph.

    With `excerpts`, a fact's words are quoted, and its paragraph linked, only if that
    paragraph is in `published`.
    """
    seen: dict[str, tuple[Group, Fact]] = {}
    for group in groups:
        fact = group.facts[0]
        seen.setdefault(f"{group.kind}: {fact.text}", (group, fact))
    lines = []
    for group, fact in seen.values():
        kind = _KIND_OF_ONE[group.kind] if group.kind != "name" else group.key.split(":", 1)[0].capitalize()
        label = fact_label(group)
        extra = f" ({md_text(label)})" if group.kind in ("count", "date") and label != fact.text.strip() else ""
        if excerpts and fact.paragraph.anchor not in (published or set()):
            lines.append(f"- {kind}{extra}, in paragraph {fact.paragraph.number} (not republished)")
            continue
        link = outlet_link(page, outlets_dir, slug, fact.paragraph.anchor)
        words = fact.text.strip("“”\"")
        lines.append(f"- {kind}: [“{md_text(words)}”]({link}){extra}")
    return "\n".join(lines) + "\n" if lines else ""


def comparison_data(comparison: Comparison, url_of: Mapping[str, str], outlets_dir: str) -> dict[str, Any]:
    """The contents of comparison.json (schema 'story-comparison/1'); its long lists are iterators, made as
    they are written."""
    def passage(fact: Fact) -> dict[str, Any]:
        page = url_of.get(page_path(outlets_dir, fact.source), "")
        return {"source": fact.source, "paragraph": fact.paragraph.number, "text": fact.text,
                "link": f"{page}#{fact.paragraph.anchor}:~:{text_fragment(fact.text)}"}

    def conflict(c: Conflict) -> dict[str, Any]:
        return {"id": c.id, "kind": c.kind, "question": c.question,
                "status": c.annotation.status if c.annotation else None,
                "note": c.annotation.note if c.annotation else None,
                "reads": question(c),
                "sides": [{"value": side.value, "reads": side_label(c, i), "outlets": list(dict.fromkeys(f.source for f in side.facts)),
                           "passages": [passage(f) for f in side.facts]} for i, side in enumerate(c.sides)]}

    return {
        "schema": "story-comparison/1",
        "outlets": [s.slug for s in comparison.sources],
        "facts": ({"kind": g.kind, "key": g.key, "label": g.label, "reads": fact_label(g), "outlets": list(g.outlets),
                   "passages": [passage(f) for f in g.facts]} for g in comparison.groups),
        "conflicts": [conflict(c) for c in comparison.conflicts],
        "quoted_differently": [conflict(c) for c in comparison.wording],
        "unique": {s.slug: [g.label for g in comparison.unique(s.slug)] for s in comparison.sources},
        "shared_text": ({"words": p.words, "places": [{"source": slug, "paragraph": n, "start": a, "end": b}
                                                       for slug, n, a, b in p.spans]} for p in comparison.shared.passages),
        "shared_share": ({"outlet": a, "with": b, "share": round(v, 4)} for (a, b), v in comparison.shared.pairs.items()),
        "shared_by_outlet": {slug: round(v, 4) for slug, v in comparison.shared.by_outlet.items()},
    }
