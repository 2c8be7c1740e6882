"""Turn Lighthouse JSON reports into the results table of bench/results/lighthouse.md."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

STOCK = {"performance": 91, "accessibility": 92, "best-practices": 100, "seo": 90, "kib": 277}
"""A stock MkDocs + Material page of these captures, measured as the issue reports it."""


def main(runs: Path, chrome: str) -> None:
    rows = []
    for path in sorted(runs.glob("*.json")):
        report = json.loads(path.read_text())
        scores = {key: round((report["categories"][key]["score"] or 0) * 100)
                  for key in ("performance", "accessibility", "best-practices", "seo")}
        kib = report["audits"]["total-byte-weight"]["numericValue"] / 1024
        failing = sorted(a["id"] for a in report["audits"].values()
                         if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary")
        rows.append((path.stem, scores, kib, report["lighthouseVersion"], failing))
    version = subprocess.run([chrome, "--version"], capture_output=True, text=True).stdout.strip()
    print("# Lighthouse results\n")
    print(f"Measured {dt.date.today().isoformat()} with Lighthouse {rows[0][3] if rows else '?'} (mobile profile, "
          f"simulated throttling) on {version}, {os.cpu_count()} cores, {platform.machine()}, serving the built "
          "site on 127.0.0.1 gzip-compressed, as GitHub Pages serves it (bench/serve.py).\n")
    print("Command: `bench/lighthouse.sh`\n")
    print("| Page | Performance | Accessibility | Best practices | SEO | Transfer (KiB) | Failing binary audits |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, s, kib, _, failing in rows:
        print(f"| {name} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} | "
              f"{kib:.0f} | {', '.join(failing) or '—'} |")
    print(f"| *stock Material page (issue 7)* | {STOCK['performance']} | {STOCK['accessibility']} | "
          f"{STOCK['best-practices']} | {STOCK['seo']} | {STOCK['kib']} | |")
    goal = all(s[k] == 100 for _, s, _, _, _ in rows for k in s)
    lighter = all(kib < STOCK["kib"] for _, _, kib, _, _ in rows)
    print(f"\nGoal of 100 in all four categories: {'met' if goal else 'not met'}. "
          f"Lighter than the stock page on every page type: {'yes' if lighter else 'no'}.")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
