"""Report link rot: fetch the original (and archived) address of every source and say which fail.

This is the one part of the project that uses the network, and only when asked (the weekly
workflow, or `./dev link-rot`); builds and tests never fetch anything outside the machine.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .load import Source

_AGENT = "explainer-link-rot/1 (+https://github.com)"


@dataclass(frozen=True)
class AddressCheck:
    """One address of one source and how it answered."""

    slug: str
    kind: str
    url: str
    status: int | None
    problem: str | None


def fetch_status(url: str, timeout: float = 20) -> tuple[int | None, str | None]:
    """The HTTP status of a HEAD (or, if refused, GET) request, or the error that stopped it."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": _AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only)
                return response.status, None
        except urllib.error.HTTPError as err:
            if method == "HEAD" and err.code in (403, 405, 501):
                continue
            return err.code, None
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            reason = getattr(err, "reason", err)
            return None, str(reason)
    return None, "no answer"


def check_addresses(sources: Sequence[Source],
                    fetch: Callable[[str], tuple[int | None, str | None]] = fetch_status) -> list[AddressCheck]:
    """Check the original and archived address of every source that has one."""
    checks = []
    for source in sources:
        for kind, url in (("original", source.url), ("archive", source.archive_url)):
            if url:
                status, problem = fetch(url)
                checks.append(AddressCheck(source.slug, kind, url, status, problem))
    return checks


def report(checks: Sequence[AddressCheck]) -> str:
    """A Markdown report for the workflow summary: the failures first, then a count."""
    failing = [c for c in checks if c.problem or (c.status or 0) >= 400]
    lines = ["## Link rot in the sources", ""]
    if failing:
        lines += ["| Source | Address | Answer |", "| --- | --- | --- |"]
        lines += [f"| {c.slug} ({c.kind}) | {c.url} | {c.problem or f'HTTP {c.status}'} |" for c in failing]
        lines.append("")
        lines.append("Sources whose original has rotted can add `archive_url:` to their front matter; their "
                     "pages then offer the archived copy.")
    lines.append(f"{len(checks)} addresses checked, {len(failing)} failing.")
    return "\n".join(lines) + "\n"
