"""Build speed and memory: the real site, and synthetic stories with and without the story hooks.

Run it with `./dev bench`; it writes bench/results/build.md. Every build runs in its own process,
so its peak memory (maximum resident set) is its own, but for the rebuilds with nothing changed,
which run one after another in one process as `mkdocs serve` runs them. Nothing here is a test:
the budgets are reported as met or not, with the numbers.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1721088000"}


SERVE_TMPDIR = os.environ.get("STORY_SERVE_TMPDIR") or None
"""Where `./dev serve` would put `mkdocs serve`'s site folder (in memory, if it can): `./dev bench` passes the
answer of its rule, `memory_tmpdir` in ./dev, so the benchmark's servers and rebuilds write where a contributor's do."""
SERVE_ENV = {**ENV, **({"TMPDIR": SERVE_TMPDIR} if SERVE_TMPDIR else {})}
SIZES = (10, 100, 1000)
SYNTHETIC_RUNS = 5
"""Warm builds of each synthetic story, each followed by a build of its plain pages."""
BUDGETS = {"overhead": 0.10, "growth": 11.0, "memory": 1.5, "rebuild": 0.5, "large rebuild": 3.0, "warm": 3.0}


def run_build(config: Path, site: Path, **env: str) -> tuple[float, float]:
    """Seconds and peak memory (MiB) of one `mkdocs build` in a process of its own."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                               env={**ENV, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build of {config} failed: {process.stderr.read().decode() if process.stderr else ''}")
    return seconds, usage.ru_maxrss / 1024


def median_build(config: Path, site: Path, runs: int) -> tuple[float, float]:
    results = [run_build(config, site) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def phases() -> tuple[float, dict[str, float]]:
    """The real site built in this process, with the seconds the story's work took in each phase."""
    code = textwrap.dedent("""
        import json, sys, time
        sys.path.insert(0, "hooks")
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        start = time.perf_counter()
        config = load_config("mkdocs.yml", site_dir=sys.argv[1])
        build(config)
        total = time.perf_counter() - start
        print(json.dumps({"total": total, "phases": dict(config["story_timings"])}))
    """)
    with tempfile.TemporaryDirectory() as site:
        done = subprocess.run([sys.executable, "-c", code, site], cwd=REPO, env=ENV, capture_output=True, text=True,
                              check=True)
    import json
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return data["total"], data["phases"]


def rebuilds(config: Path, runs: int = 3) -> tuple[float, list[float]]:
    """Seconds of a first build with no cache and of `runs` rebuilds with nothing changed, all in one process, as
    `mkdocs serve` builds: a rebuild has MkDocs, the theme and the hooks loaded already, and the site folder is
    where `./dev serve` puts it (in memory, if it can)."""
    code = textwrap.dedent("""
        import json, sys, time
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        times = []
        for _ in range(int(sys.argv[3]) + 1):
            start = time.perf_counter()
            build(load_config(sys.argv[1], site_dir=sys.argv[2]))
            times.append(time.perf_counter() - start)
        print(json.dumps(times))
    """)
    shutil.rmtree(config.parent / ".cache", ignore_errors=True)
    with tempfile.TemporaryDirectory(dir=SERVE_TMPDIR) as site:
        done = subprocess.run([sys.executable, "-c", code, str(config), site, str(runs)], cwd=config.parent, env=ENV,
                              capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"rebuilding {config} failed: {done.stderr}")
    import json
    first, *again = json.loads(done.stdout.strip().splitlines()[-1])
    return first, again


# Synthetic stories: deterministic, made from the words of the real captures.

def _words() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8").split("---\n", 2)[2]
                    for p in sorted((REPO / "sources" / "articles").glob("*.txt")))
    return sorted({w for w in re.findall(r"[A-Za-z]{3,}", text) if w.islower()})


def make_story(root: Path, size: int) -> Path:
    """A story of `size` articles: two citations per article on claim pages of twenty, and an event
    per five articles on a timeline page; every five articles share a wire paragraph."""
    rng = random.Random(size)
    vocabulary = _words()
    wire = [" ".join(rng.choice(vocabulary) for _ in range(18)).capitalize() + "." for _ in range(size // 5 + 1)]
    docs = root / "docs"
    (docs / "claims").mkdir(parents=True)
    folder = root / "sources" / "articles"
    folder.mkdir(parents=True)
    claims: list[str] = []
    timeline = ["events:"]
    for number in range(size):
        slug = f"a{number:04d}"
        paragraphs = []
        for _ in range(8):
            words = [rng.choice(vocabulary) for _ in range(rng.randint(20, 40))]
            paragraphs.append(" ".join(words).capitalize() + ".")
        day = number % 28 + 1
        paragraphs[2] = f"The agency said on July {day}, 2024 that over {number + 2} million users were affected."
        paragraphs[5] = f"“{' '.join(rng.choice(vocabulary) for _ in range(8))},” the company said on Monday."
        paragraphs[7] = wire[number // 5]
        front = (f"---\noutlet: Outlet {slug}\ncountry: null\nurl: https://example.com/{slug}\npublished:\n"
                 f"  date: 2024-07-16\nbyline: []\nagency: null\nheadline: Story {slug}\n"
                 f"capture:\n  method: Generated for the benchmark.\n---\n")
        (folder / f"{slug}.txt").write_text(front + "\n".join(paragraphs) + "\n")
        for index in (0, 4):
            claims.append(f'A claim drawn from {slug} [@{slug} "{" ".join(paragraphs[index].split()[3:9])}"].')
        if number % 5 == 0:
            timeline += [f"  - date: 2024-07-{day:02d}", f"    title: Event of {slug}", "    kind: government",
                         "    cite:", f"      - {slug}: The agency said on July {day}, 2024"]
    for page in range(0, len(claims), 20):
        (docs / "claims" / f"page-{page // 20:03d}.md").write_text(
            f"# Claims {page // 20}\n\n" + "\n\n".join(claims[page:page + 20]) + "\n")
    (root / "sources" / "timeline.yml").write_text("\n".join(timeline) + "\n")
    (docs / "index.md").write_text("# A synthetic story\n")
    shutil.copytree(REPO / "docs" / "stylesheets", docs / "stylesheets")
    config = (REPO / "mkdocs.yml").read_text().replace("hooks/", str(REPO / "hooks") + "/")
    config = config.replace("custom_dir: docs/overrides", "custom_dir: " + str(REPO / "docs" / "overrides"))
    config = re.sub(r"^site_name: .*$", "site_name: Synthetic story", config, flags=re.M)
    config = config.replace("  - hooks\n", "").replace("omitted_files: warn", "omitted_files: info")
    (root / "mkdocs.yml").write_text(config)
    return root / "mkdocs.yml"


def plain_copy(story: Path, root: Path) -> Path:
    """The same pages as `story` builds, recorded after every hook ran, as a plain site: no hooks, no macros."""
    record = root / "docs"
    recording = story.parent / "mkdocs-record.yml"
    recording.write_text(story.read_text().replace(
        "hooks:\n", f"hooks:\n  - {REPO / 'bench' / 'record_pages.py'}\n", 1))
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(recording), "-d",
                           str(root / "recording-site")],  # every page rendered, none left empty by the cache
                          env={**ENV, "BENCH_RECORD_DIR": str(record), "STORY_RENDER_CACHE": "0"},
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"recording {story} failed: {done.stderr}")
    for assets in ("stylesheets", "overrides"):
        if (story.parent / "docs" / assets).is_dir():
            shutil.copytree(story.parent / "docs" / assets, record / assets)
    config = story.read_text()
    config = re.sub(r"hooks:\n(  - .*\n)+", "", config)
    config = re.sub(r"  - macros:\n(      .*\n)+", "", config)
    config = re.sub(r"watch:\n(  - .*\n)+", "", config)
    outlets = len(list((story.parent / "sources" / "articles").glob("*.txt")))
    if outlets > 30:  # the hooks leave outlet pages out of the navigation past nav_outlets: so does the copy
        config += "not_in_nav: |\n  /outlets/*.md\n  !/outlets/index.md\n"
    (root / "mkdocs.yml").write_text(config)
    return root / "mkdocs.yml"


# Rebuild latency in `mkdocs serve`.

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


Edit = tuple[str, Callable[[str, str], str], str, str]
"""A file to edit, how to put a marker in its text, the page that shows it, and words of that page."""
REAL_EDITS: dict[str, Edit] = {
    "one source file": ("sources/articles/dawn.txt",
                        lambda text, marker: re.sub(r"^notes: >-\n", f"notes: >-\n  {marker}.\n", text, count=1,
                                                    flags=re.M), "outlets/dawn/", "Kaspersky"),
    "the explainer": ("docs/index.md",
                      lambda text, marker: text.replace("Every sentence below", f"{marker}. Every sentence below", 1),
                      "", "Kaspersky"),
}
PLAIN_REAL_EDITS: dict[str, Edit] = {  # the real site's pages as plain Markdown: the floor of a rebuild
    "one outlet page": ("docs/outlets/dawn.md", lambda text, marker: f"{text}\n{marker}.\n", "outlets/dawn/",
                        "Kaspersky"),
    "the explainer": ("docs/index.md", lambda text, marker: f"{text}\n{marker}.\n", "", "Kaspersky"),
}
SYNTHETIC_EDITS: dict[str, Edit] = {  # the source edits go from what no check nor comparison reads to a fact
    "one source file, its headline": (
        "sources/articles/a0000.txt",
        lambda text, marker: text.replace("headline: Story a0000", f"headline: Story a0000 {marker}", 1),
        "outlets/a0000/", "Story a0000"),
    "one source file, words of a paragraph that states no fact": (
        "sources/articles/a0000.txt",
        lambda text, marker: re.sub(r"^(---\n.*?\n---\n[^\n]*\n[^\n]*)\.$", rf"\1, {marker}.", text, count=1,
                                    flags=re.S | re.M),
        "outlets/a0000/", "Story a0000"),
    "one source file, the sentence of a count": (
        "sources/articles/a0000.txt",
        lambda text, marker: re.sub(r"over (\d+) million users were affected[^.\n]*",
                                    lambda m: f"over {int(m[1]) + 1} million users were affected, {marker}", text,
                                    count=1),
        "outlets/a0000/", "Story a0000"),
    "the explainer": ("docs/index.md",
                      lambda text, marker: text.replace("# A synthetic story\n", f"# A synthetic story\n\n{marker}.\n", 1),
                      "", "A synthetic story"),
}


def rebuild_latency(project: Path, edit: Edit, runs: int = 3) -> list[float]:
    """Seconds from saving a file to the served page showing the change, for each of `runs` edits."""
    path, change, page, ready = edit
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "site"
        shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "bench"))
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr",
                                   f"127.0.0.1:{port}"], cwd=copy, env=SERVE_ENV, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            target = f"http://127.0.0.1:{port}/{page}"
            deadline = time.monotonic() + 900
            while ready not in _page(target):
                if time.monotonic() > deadline:
                    raise SystemExit(f"mkdocs serve did not start in {project}")
                time.sleep(0.2)
            times = []
            for run in range(runs):
                time.sleep(1.5)
                marker = f"benchmark edit {run}"
                file = copy / path
                file.write_text(change(file.read_text(), marker))
                start = time.perf_counter()
                while marker not in _page(target):
                    if time.perf_counter() - start > 600:
                        raise SystemExit(f"the edit of {path} never showed")
                    time.sleep(0.02)
                times.append(time.perf_counter() - start)
            return times
        finally:
            server.send_signal(signal.SIGINT)  # as Ctrl-C: MkDocs deletes its site folder, which may be in memory
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _spread(results: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """Median, fastest and slowest seconds, and the highest peak memory, of several builds."""
    times = [r[0] for r in results]
    return statistics.median(times), min(times), max(times), max(r[1] for r in results)


def _cold_and_warm(config: Path, site: Path, runs: int) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """One build with an empty source cache, then `runs` builds that find every source in it."""
    shutil.rmtree(config.parent / ".cache", ignore_errors=True)
    cold = run_build(config, site)
    return cold, [run_build(config, site) for _ in range(runs)]


def main() -> None:
    out: list[str] = []
    say = out.append
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        real = work / "real-project"
        shutil.copytree(REPO, real, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "bench",
                                                                   ".cache", "site-properdocs"))
        real_cold_runs = []
        real_warm_runs: list[tuple[float, float]] = []
        for _ in range(3):
            cold, warm = _cold_and_warm(real / "mkdocs.yml", work / "real", 1)
            real_cold_runs.append(cold)
            real_warm_runs += warm
        total, spent = phases()
        plain_real = plain_copy(real / "mkdocs.yml", work / "plain-real")
        plain_edits = {name: rebuild_latency(plain_real.parent, edit) for name, edit in PLAIN_REAL_EDITS.items()}
        results = {}
        for size in SIZES:
            hooks = make_story(work / f"hooks-{size}", size)
            plain = plain_copy(hooks, work / f"plain-{size}")
            cold, warm = _cold_and_warm(hooks, work / f"hooks-{size}" / "site", 0)
            plain_runs, afresh = [], []
            for run in range(SYNTHETIC_RUNS):  # in turns, so that a slow spell of the machine weighs on all
                warm.append(run_build(hooks, work / f"hooks-{size}" / "site"))
                plain_runs.append(run_build(plain, work / f"plain-{size}" / "site"))
                if run < 3:
                    afresh.append(run_build(hooks, work / f"hooks-{size}" / "site", STORY_RENDER_CACHE="0"))
            results[size] = (cold, _spread(warm), _spread(plain_runs), _spread(afresh))
        in_process = {"the real site": rebuilds(real / "mkdocs.yml"),
                      f"{SIZES[-1]:,} articles": rebuilds(work / f"hooks-{SIZES[-1]}" / "mkdocs.yml")}
        large_edits = {name: rebuild_latency(work / f"hooks-{SIZES[-1]}", edit)
                       for name, edit in SYNTHETIC_EDITS.items()}
    real_edits = {name: rebuild_latency(REPO, edit) for name, edit in REAL_EDITS.items()}

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    real_cold, real_warm = _spread(real_cold_runs), _spread(real_warm_runs)
    say("# Build benchmark\n")
    say(f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores ({cpu}), Python "
        f"{platform.python_version()}, {platform.system()} {platform.machine()}. Command: `./dev bench` "
        "(which runs `bench/build_bench.py`). Each build runs in a process of its own; times are wall-clock "
        "medians with the fastest and slowest of three runs (five for the synthetic stories, whose warm and "
        "plain builds take turns, so that a slower spell of the machine weighs on both), memory is the process's "
        "peak resident set. A *cold* build starts with no cache (`.cache/`); a *warm* one finds every source "
        "and every page there, as a build with nothing changed does.\n")
    say("## The real site\n")
    say(f"Full `mkdocs build`, cold: **{real_cold[0]:.2f} s** ({real_cold[1]:.2f}–{real_cold[2]:.2f}), warm: "
        f"**{real_warm[0]:.2f} s** ({real_warm[1]:.2f}–{real_warm[2]:.2f}); peak memory {real_warm[3]:.0f} MiB.\n")
    say("| Phase (one in-process build, warm) | Seconds |")
    say("| --- | ---: |")
    story = sum(spent.values())
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        say(f"| {name} | {seconds:.3f} |")
    say(f"| MkDocs and theme rendering (the rest) | {total - story:.3f} |")
    say(f"| **total** | **{total:.3f}** |\n")
    say("## Synthetic stories\n")
    say("Generated deterministically from the words of the real captures: per article eight paragraphs, two "
        "citations on claim pages of twenty, a date, a count and a quotation; an event per five articles on a "
        "timeline page; every five articles share a wire paragraph. The baseline is the same pages: every "
        "page's final Markdown, recorded after the hooks ran (bench/record_pages.py), built as plain files "
        "through the same MkDocs, Material and extensions, without hooks or macros. A warm build takes the "
        "pages it rendered before from the render cache (`.cache/rendered.sqlite`), which a plain build does "
        "not have, so it is faster than the plain build; the *afresh* column (three runs) renders every page "
        "again (`STORY_RENDER_CACHE=0`), so its difference from the plain build is what the story's own work "
        "costs: loading, cleaning, citing, checking claims, the timeline, the comparison and the data files.\n")
    say("| Articles | Cold (s) | Warm (s) | Plain (s) | Overhead, warm | Afresh (s) | Story's work | "
        "Peak memory, warm (MiB) | Plain (MiB) |")
    say("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, (cold, warm, plain, afresh) in results.items():
        say(f"| {size:,} | {cold[0]:.2f} | {warm[0]:.2f} ({warm[1]:.2f}–{warm[2]:.2f}) | {plain[0]:.2f} "
            f"({plain[1]:.2f}–{plain[2]:.2f}) | {warm[0] / plain[0] - 1:+.0%} | {afresh[0]:.2f} "
            f"({afresh[1]:.2f}–{afresh[2]:.2f}) | {afresh[0] / plain[0] - 1:+.0%} | {warm[3]:.0f} | {plain[3]:.0f} |")
    say("\n## A rebuild with nothing changed\n")
    say("In one process, as `mkdocs serve` rebuilds: the first build finds no cache, the next three find "
        "everything in it. Unlike the builds above, none pays for starting Python and importing MkDocs, the "
        "theme and the hooks" + (f"; the site folder is in {SERVE_TMPDIR}, as `./dev serve` puts it"
                                 if SERVE_TMPDIR else "") + ".\n")
    say("| Site | First build, cold (s) | Rebuild (s) | Faster |")
    say("| --- | ---: | ---: | ---: |")
    for site, (first, again) in in_process.items():
        say(f"| {site} | {first:.2f} | {statistics.median(again):.2f} ({min(again):.2f}–{max(again):.2f}) | "
            f"{first / statistics.median(again):.1f} times |")
    say("\n## Rebuild in `mkdocs serve`\n")
    say("From saving a file to the served page showing the change, median of three edits with the fastest and "
        "slowest. The hooks have `mkdocs serve` notice a save through the system's file events (inotify here) "
        "and start the rebuild 0.02 s after the last change (`hooks/watching.py`); MkDocs alone polls every "
        "0.5 s and waits 0.1 s. The *plain* rows serve the real site's pages recorded as plain Markdown, "
        "without hooks or macros, with MkDocs's own watching: the same edit with no story work at all. "
        + (f"As `./dev serve` does, every server writes its site folder in {SERVE_TMPDIR}.\n"
           if SERVE_TMPDIR else "Every server writes its site folder in the system's temporary folder.\n"))
    say("| Site | Edit | Seconds |")
    say("| --- | --- | ---: |")
    for site, edits in (("the real site", real_edits), ("the real site, plain", plain_edits),
                        (f"{SIZES[-1]:,} articles", large_edits)):
        for name, times in edits.items():
            say(f"| {site} | {name} | {statistics.median(times):.2f} ({min(times):.2f}–{max(times):.2f}) |")
    say("")
    real_rebuild = max(statistics.median(times) for times in real_edits.values())
    plain_rebuild = max(statistics.median(times) for times in plain_edits.values())
    large_rebuild = max(statistics.median(times) for times in large_edits.values())
    (_, w1000, p1000, a1000), (_, w100, p100, _) = results[1000], results[100]
    first, again = in_process["the real site"]
    checks = [
        (f"hooks add at most {BUDGETS['overhead']:.0%} to the plain build at 1,000 articles",
         w1000[0] / p1000[0] - 1 <= BUDGETS["overhead"],
         f"{w1000[0] / p1000[0] - 1:+.0%} (the story's own work, every page rendered afresh: "
         f"{a1000[0] / p1000[0] - 1:+.0%})"),
        (f"1,000 articles cost at most {BUDGETS['growth']:.0f} times 100", w1000[0] / w100[0] <= BUDGETS["growth"],
         f"{w1000[0] / w100[0]:.1f} times (the plain build: {p1000[0] / p100[0]:.1f} times)"),
        (f"peak memory at 1,000 articles at most {BUDGETS['memory']} times the plain build's",
         w1000[3] / p1000[3] <= BUDGETS["memory"], f"{w1000[3] / p1000[3]:.2f} times"),
        (f"a serve rebuild after a one-file edit of the real site takes under {BUDGETS['rebuild']} s",
         real_rebuild < BUDGETS["rebuild"], f"{real_rebuild:.2f} s (the plain pages: {plain_rebuild:.2f} s)"),
        (f"a serve rebuild at {SIZES[-1]:,} articles takes under {BUDGETS['large rebuild']:.0f} s",
         large_rebuild < BUDGETS["large rebuild"], f"{large_rebuild:.2f} s"),
        (f"a warm rebuild with nothing changed is at least {BUDGETS['warm']:.0f} times faster than a cold one",
         first / statistics.median(again) >= BUDGETS["warm"],
         f"{first / statistics.median(again):.1f} times in one process (as separate processes: "
         f"{real_cold[0] / real_warm[0]:.1f} times; at 1,000 articles: {results[1000][0][0] / w1000[0]:.1f} times)"),
    ]
    say("## Budgets\n")
    say("| Budget | Result | Met |")
    say("| --- | --- | --- |")
    for label, met, value in checks:
        say(f"| {label} | {value} | {'yes' if met else '**no**'} |")
    text = "\n".join(out) + "\n"
    (REPO / "bench" / "results").mkdir(exist_ok=True)
    (REPO / "bench" / "results" / "build.md").write_text(text)
    print(text)
    missed = [label for label, met, _ in checks if not met]
    if missed:
        raise SystemExit("bench: budgets missed: " + "; ".join(missed))


if __name__ == "__main__":
    main()
