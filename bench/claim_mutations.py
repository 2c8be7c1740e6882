"""Mutation benchmark of the claim check: change one fact at a time in a cited sentence, count what is caught.

    .venv/bin/python bench/claim_mutations.py                       # this project's story
    .venv/bin/python bench/claim_mutations.py --story tests/stories/ferry
    .venv/bin/python bench/claim_mutations.py --build               # confirm each catch with mkdocs build

For every page of the story that cites, the check first runs on the page as written (it must
report nothing). Then, for each checkable fact of each cited clause, one mutant page changes
that fact and nothing else (quotes and citations untouched): a number (+2, or doubled), a
day (+4), a month (the next), a year (+1), a weekday (+2), a name (another name of the story
that the cited paragraphs do not print), a count of outlets (+1), a negation dropped, or one
added after the clause's first auxiliary verb. A mutant is caught when the check reports a
problem on a line of the mutated clause. With `--build`, each mutant page is also built with
`mkdocs build --strict -q` in a copy of the project, and caught only if that build fails too.
The results are written as Markdown (default: bench/results/claims.md for this project's story).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from story.citations.syntax import find_citations  # noqa: E402
from story.citations.notes import Library, verify_quote  # noqa: E402
from story.citations.claim_facts import Checkable, canonical_name, find_names  # noqa: E402
from story.citations.claim_support import site_names  # noqa: E402
from story.citations.claims import CheckedClaim, check_claims  # noqa: E402
from story.sources.frontmatter import split_front_matter  # noqa: E402
from story.sources.load import load_sources  # noqa: E402

_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_AUXILIARY = re.compile(r"\b(is|are|was|were|will|would|can|could|has|have|had|does|did|should|may|might|must)\b")
_DROP = [(r"\bno longer\b", "still"), (r"\bcannot\b", "can"), (r"\bcan['’]t\b", "can"), (r"\bwon['’]t\b", "will"),
         (r"\b(\w+)n['’]t\b", r"\1"), (r"\bnot\b\s*", ""), (r"\bnever\b", "once"), (r"\bdenies\b", "admits"),
         (r"\bdenied\b", "admitted"), (r"\bdeny\b", "admit"), (r"\bno\b", "some"), (r"\bnone\b", "all")]


@dataclass(frozen=True)
class Mutant:
    """One changed fact: the page, the kind of change, where, the words before and after."""

    page: str
    kind: str
    line: int
    before: str
    after: str
    text: str           # the whole mutated page
    lines: tuple[int, int]


def _number(text: str, qualifier: str = "") -> str | None:
    """The number changed the way that makes it false: an upper bound lowered, anything else raised."""
    words = re.search(r"\b(" + "|".join(_WORDS) + r")\b", text, re.I)
    if words:
        index = _WORDS.index(words.group(1).lower()) + (-2 if qualifier == "under" else 2)
        new = _WORDS[index] if 0 <= index < len(_WORDS) else str(index)
        new = new.capitalize() if words.group(1)[0].isupper() else new
        return text[:words.start()] + new + text[words.end():]
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if not digits:
        return None
    value = float(digits.group().replace(",", ""))
    if qualifier == "under":
        changed = value / 2 if value > 10 else value - 2
    else:
        changed = value * 2 if value > 10 else value + 2
    shown = f"{changed:,.0f}" if "," in digits.group() else f"{changed:g}"
    return text[:digits.start()] + shown + text[digits.end():]


def _date_mutants(fact: Checkable) -> list[tuple[str, str]]:
    text, out = fact.text, []
    if fact.day is not None:
        day = fact.day + 4 if fact.day <= 24 else fact.day - 4
        out.append(("day", re.sub(rf"\b{fact.day}(?=\D|$)", str(day), text, count=1)))
    if fact.month is not None:
        month = re.search(r"[A-Z][a-z]+", text)
        if month:
            following = _MONTHS[fact.month % 12]
            out.append(("month", text[:month.start()] + following + text[month.end():]))
    if fact.year is not None:
        out.append(("year", text.replace(str(fact.year), str(fact.year + 1), 1)))
    return out


def _story_names(library: Library) -> list[str]:
    """The story's names as printed, most used first: the pool a name is replaced from."""
    counts: Counter[str] = Counter()
    for source in library.sources.values():
        for paragraph in source.cleaned.paragraphs:
            counts.update(n.text for n in find_names(paragraph.text, library.proper) if len(n.text) > 2)
    return [name for name, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _cited_names(claim: CheckedClaim, library: Library) -> set[str]:
    """Every name the claim's cited paragraphs print, and what the site knows of its sources."""
    found, _ = find_citations(claim.text)
    names: set[str] = set()
    for raw in found:
        for item in raw.items:
            cited, _ = verify_quote(library, item.key, item.quote)
            if cited:
                names |= {n.name for n in find_names(cited.match.paragraph.text, None)} | site_names([cited.source])
    return names


def mutants(page: str, text: str, claims: list[CheckedClaim], library: Library) -> list[Mutant]:
    """One mutant page for each fact of each cited clause (two for dates that print a year)."""
    pool = _story_names(library)
    found: list[Mutant] = []
    masked = text
    for raw in find_citations(text)[0]:  # a mutant changes the claim, never its quotes
        masked = masked[:raw.start] + " " * (raw.end - raw.start) + masked[raw.end:]

    def add(kind: str, line: int, start: int, end: int, new: str | None, lines: tuple[int, int]) -> None:
        if new is not None and new != text[start:end]:
            found.append(Mutant(page, kind, line, text[start:end], new, text[:start] + new + text[end:], lines))

    for claim in claims:
        facts = [c.fact for c in claim.checks if c.fact.start >= 0]
        avoid = _cited_names(claim, library) | {f.name for f in facts if f.kind == "name"}
        for check in claim.checks:
            fact = check.fact
            if fact.start < 0 or check.status == "synthesis":  # the writer vouches for it, not the check
                continue
            span = (fact.start, fact.end)
            if fact.kind in ("number", "outlets"):
                add(fact.kind, check.line, *span, _number(fact.text, fact.qualifier), claim.lines)
            elif fact.kind == "date":
                for kind, new in _date_mutants(fact):
                    add(kind, check.line, *span, new, claim.lines)
            elif fact.kind == "weekday":
                add("weekday", check.line, *span, _WEEKDAYS[((fact.weekday or 0) + 2) % 7], claim.lines)
            elif fact.kind == "name":
                other = next((n for n in pool if canonical_name(n) not in avoid), None)
                add("name", check.line, *span, other, claim.lines)
        negations = [f for f in facts if f.kind == "negation"]
        begin, end = claim.span
        clause = masked[begin:end]
        if negations:
            first = negations[0]
            for pattern, replacement in _DROP:
                new = re.sub(pattern, replacement, first.text, count=1, flags=re.I)
                if new != first.text:
                    add("negation dropped", check_line(claims, claim, first), first.start, first.end, new, claim.lines)
                    break
        elif (verb := _AUXILIARY.search(clause)) is not None:
            at = begin + verb.end()
            found.append(Mutant(page, "negation added", _line(text, at), verb.group(), verb.group() + " not",
                                text[:at] + " not" + text[at:], claim.lines))
    return found


def check_line(claims: list[CheckedClaim], claim: CheckedClaim, fact: Checkable) -> int:
    """The line a fact of a claim was reported to be on."""
    return next(c.line for c in claim.checks if c.fact == fact)


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _body_line(text: str) -> int:
    split = split_front_matter(text)
    return 1 if isinstance(split, str) else split[2]


@dataclass
class Report:
    """What a run found: the problems on the pages as written, and each mutant with whether it was caught."""

    baseline: list[str]
    results: list[tuple[Mutant, bool]]

    def caught(self) -> float:
        return sum(ok for _, ok in self.results) / max(1, len(self.results))


def run(story: Path, build: bool = False) -> Report:
    """Run the benchmark on the story in `story` (its sources/ and docs/)."""
    sources, problems = load_sources(story / "sources" / "articles", story)
    if problems:
        raise SystemExit("\n".join(map(str, problems)))
    library = Library(sources)
    baseline: list[str] = []
    results: list[tuple[Mutant, bool]] = []
    with tempfile.TemporaryDirectory() as folder:
        copy = _project(story, Path(folder)) if build else story
        if build and _build_fails(copy, copy / "docs" / "index.md", (copy / "docs" / "index.md").read_text("utf-8")):
            raise SystemExit("claims: the story does not build as written; run mkdocs build --strict in it first")
        for path in sorted((story / "docs").rglob("*.md")):
            _run_page(story, path, library, baseline, results, copy if build else None)
    return Report(baseline, results)


def _run_page(story: Path, path: Path, library: Library, baseline: list[str], results: list[tuple[Mutant, bool]],
              copy: Path | None) -> None:
    """Check one page as written, then each of its mutants."""
    text = path.read_text(encoding="utf-8")
    if "[@" not in text:
        return
    shown = path.relative_to(story).as_posix()
    claims, problems = check_claims(text, _body_line(text), library, shown)
    baseline += [str(p) for p in problems]
    for mutant in mutants(shown, text, list(claims.values()), library):
        _, found = check_claims(mutant.text, _body_line(mutant.text), library, shown)
        caught = any(p.line is not None and mutant.lines[0] <= p.line <= mutant.lines[1] for p in found)
        if caught and copy is not None:
            caught = _build_fails(copy, copy / path.relative_to(story), mutant.text)
        results.append((mutant, caught))


def _project(story: Path, folder: Path) -> Path:
    """A copy of the story to build: a story without its own mkdocs.yml gets this project's, as the tests do."""
    copy = folder / "story"
    shutil.copytree(story, copy, ignore=shutil.ignore_patterns("site", ".venv", "node_modules", ".git", ".cache"))
    if not (copy / "mkdocs.yml").exists():
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        config = config.replace("hooks/", f"{ROOT / 'hooks'}/").replace("  - hooks\n", "")
        (copy / "mkdocs.yml").write_text(config, encoding="utf-8")
        for folder_name in ("stylesheets", "overrides"):
            shutil.copytree(ROOT / "docs" / folder_name, copy / "docs" / folder_name, dirs_exist_ok=True)
    return copy


def _build_fails(copy: Path, page: Path, text: str) -> bool:
    """Whether `mkdocs build --strict -q` fails on the copy with the page replaced (and then put back)."""
    original = page.read_text(encoding="utf-8")
    page.write_text(text, encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(copy / "site")],
                              cwd=copy, capture_output=True, text=True, timeout=300)
    finally:
        page.write_text(original, encoding="utf-8")
    return done.returncode != 0


def _named(story: Path) -> str:
    if story == ROOT:
        return "this project's story"
    return f"`{story.relative_to(ROOT).as_posix()}`" if story.is_relative_to(ROOT) else f"`{story}`"


def markdown(story: Path, report: Report, command: str) -> str:
    """The results as a Markdown page."""
    kinds: dict[str, list[bool]] = {}
    for mutant, ok in report.results:
        kinds.setdefault(mutant.kind, []).append(ok)
    lines = [f"# Claim check: mutation results for {_named(story)}",
             "", f"Made by `{command}`. Each mutant changes one fact of one cited sentence and nothing else; it "
             "is caught when the claim check reports a problem on a line of that sentence"
             + (", and `mkdocs build --strict -q` of the changed site fails." if "--build" in command else "."), "",
             f"- Reports on the pages as written: **{len(report.baseline)}**",
             f"- Mutants caught at a line of their sentence: **{sum(ok for _, ok in report.results)} of "
             f"{len(report.results)} ({report.caught():.1%})**", "",
             "| change | mutants | caught |", "| --- | ---: | ---: |"]
    lines += [f"| {kind} | {len(oks)} | {sum(oks)} |" for kind, oks in sorted(kinds.items())]
    missed = [m for m, ok in report.results if not ok]
    lines += ["", "## Missed", ""]
    lines += [f"- {m.page}:{m.line}: {m.kind}: “{m.before}” → “{m.after}”" for m in missed] or ["None."]
    if report.baseline:
        lines += ["", "## Reports on the pages as written", "", *[f"- {p}" for p in report.baseline]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--story", type=Path, default=ROOT, help="a folder with sources/ and docs/ (default: this project)")
    parser.add_argument("--build", action="store_true", help="confirm each caught mutant with a strict mkdocs build")
    parser.add_argument("--out", type=Path, help="where to write the results (default: bench/results/claims[-NAME].md)")
    args = parser.parse_args()
    story = args.story.resolve()
    report = run(story, args.build)
    name = "" if story == ROOT else f"-{story.name}"
    out = args.out or ROOT / "bench" / "results" / f"claims{name}.md"
    command = "./dev bench-claims" + (f" --story {args.story}" if story != ROOT else "") + \
        (" --build" if args.build else "")
    out.write_text(markdown(story, report, command), encoding="utf-8")
    print(f"claims: {len(report.baseline)} reports on the pages as written; "
          f"{sum(ok for _, ok in report.results)} of {len(report.results)} mutants caught ({report.caught():.1%}); "
          f"written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    if report.baseline or report.caught() < 0.95:
        raise SystemExit("claims: below the goal (0 reports on the real text, 95% of mutants caught)")


if __name__ == "__main__":
    main()
