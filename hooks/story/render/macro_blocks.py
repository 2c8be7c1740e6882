"""What the macros put into pages: the outlet list, the comparison blocks and the timeline, with their problems."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..citations.notes import outlet_link
from ..cleaning.dates import PartialDate, parse_partial_date
from ..comparison.compare import Comparison
from ..markup import md_link, md_text
from ..problems import Problem
from ..sources.load import Source
from ..timeline.events import Timeline
from .comparison_blocks import conflicts_block, disagreement_box, matrix_block
from .timeline_blocks import timeline_block


def outlet_list(sources: Iterable[Source], page: str, outlets_dir: str) -> str:
    """A bulleted list of the outlets, each linked to its page and to the original, with country and date.

    The details come from the sources' provenance, not from claims, so the list is marked
    `uncited` for the check that every sentence of a page is cited.
    """
    lines = []
    for source in sorted(sources, key=lambda s: (s.published.date is None, s.published.human(), s.name)):
        details = [md_text(source.country or "country unknown"), md_text(source.published.human())]
        link = md_link(source.name, outlet_link(page, outlets_dir, source.slug))
        original = f": {md_link('the original article', source.url)}" if source.url else ""
        archived = f" ({md_link('archived copy', source.archive_url)})" if source.archive_url else ""
        lines.append(f"- {link} ({', '.join(details)}){original}{archived}")
    return '<div class="uncited story-made" markdown>\n\n' + "\n".join(lines) + "\n\n</div>\n"


class MacroProblems:
    """Problems macros found, by page, with the text that finds each call, until the page's hook logs them."""

    def __init__(self) -> None:
        self._found: dict[str, list[tuple[Problem, str]]] = {}

    def keep(self, page: str, result: tuple[str, list[tuple[Problem, str]]]) -> str:
        """Keep a macro's problems; return what the macro puts in the page."""
        self._found.setdefault(page, []).extend(result[1])
        return result[0]

    def take(self, page: str, file_text: str | None) -> list[Problem]:
        """The problems macros found on a page, each on the line of the file where its macro is called."""
        found = []
        lines = (file_text or "").splitlines()
        for problem, needle in self._found.pop(page, []):
            call = problem.message.split("(", 1)[0] + "("
            line = next((n for n, text in enumerate(lines, 1) if call in text and needle in text), None)
            found.append(Problem(problem.path, line, problem.message))
        return found


def _macro_error(what: str) -> str:
    return f'<mark class="story-cite-error">timeline: {md_text(what)}, see the build log</mark>\n'


def comparison_macro(comparison: Comparison | None, names: Mapping[str, str], page: str, outlets_dir: str,
                     excerpts: bool, what: str) -> tuple[str, list[tuple[Problem, str]]]:
    """The conflicts, the box of disagreements or the outlet-by-fact matrix: `conflicts()`, `disagreements()`
    or `comparison_matrix()`."""
    if comparison is None:
        return _macro_error("no comparison"), []
    if what == "conflicts":
        return conflicts_block(comparison, names), []
    if what == "disagreements":
        return disagreement_box(comparison, names, page), []
    block = matrix_block(comparison, names, page, outlets_dir, excerpts=excerpts)
    return '<div class="uncited story-made" markdown>\n\n' + block + "\n</div>\n", []


def timeline_macro(timeline: Timeline | None, shown: str, timeline_file: str, kinds: Any = None, start: Any = None,
                   end: Any = None) -> tuple[str, list[tuple[Problem, str]]]:
    """The timeline block a page asked for with `timeline(kinds=..., start=..., end=...)`.

    Problems come with the text that finds the offending call in the page file, `shown`.
    """
    if timeline is None:
        return _macro_error("there is no timeline"), [(Problem(shown, None, f"timeline() needs {timeline_file}; "
                                                                            "create it (see the README) or remove "
                                                                            "the macro"), "timeline(")]
    wanted = [k.strip() for k in kinds.split(",")] if isinstance(kinds, str) else kinds
    if wanted is not None and (not isinstance(wanted, (list, tuple)) or any(k not in timeline.kinds for k in wanted)):
        return _macro_error("unknown kind"), [(Problem(shown, None, f"timeline(kinds={kinds!r}): the kinds are "
                                                                    f"{', '.join(timeline.kinds)}"), str(kinds))]
    bounds: list[PartialDate | None] = []
    for name, value in (("start", start), ("end", end)):
        try:
            bounds.append(None if value is None else parse_partial_date(value))
        except ValueError as err:
            return _macro_error(f"bad {name}"), [(Problem(shown, None, f"timeline({name}={value!r}): {err}"),
                                                  str(value))]
    return timeline_block(timeline, timeline.select(wanted, bounds[0], bounds[1])), []
