"""The built-site link checker, on small sites of the tests' own."""

from __future__ import annotations

from pathlib import Path

import pytest
from story.publish.linkcheck import check_site


def site(tmp_path: Path, pages: dict[str, str]) -> Path:
    for name, body in pages.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!doctype html><html><head><title>t</title></head><body>\n{body}\n</body></html>")
    return tmp_path


OTHER = '<p id="p1">The wind-down starts <em>on</em> 20 July.</p><h2 id="more">More</h2>'

LINKS = {
    "good file and fragment": ('<a href="other/#p1">x</a>', []),
    "good text fragment": ('<a href="other/#p1:~:text=The%20wind%2Ddown%20starts,20%20July">x</a>', []),
    "prefix and suffix are not words": ('<a href="other/#p1:~:text=The-,wind%2Ddown,-starts">x</a>', []),
    "external is not fetched": ('<a href="https://example.invalid/x">x</a> <a href="mailto:a@b.c">m</a>', []),
    "self fragment": ('<a href="#top" id="top">x</a>', []),
    "missing file": ('<a href="nowhere/">x</a>', ["index.html:2: no such file in the site: nowhere/"]),
    "missing anchor": ('<a href="other/#p9">x</a>',
                       ["index.html:2: the target page has no element with the id 'p9': other/#p9"]),
    "text not there": ('<a href="other/#p1:~:text=starts%20on%2021%20July">x</a>',
                       ["index.html:2: the text fragment's words are not in the target element 'p1': "
                        "other/#p1:~:text=starts%20on%2021%20July"]),
    "text in another element": ('<a href="other/#more:~:text=wind">x</a>',
                                ["index.html:2: the text fragment's words are not in the target element 'more': "
                                 "other/#more:~:text=wind"]),
    "javascript": ('<a href="javascript:alert(1)">x</a>', ["index.html:2: a javascript: address: javascript:alert(1)"]),
    "image in raw HTML": ('<img src="missing.png" alt="">', ["index.html:2: no such file in the site: missing.png"]),
    "out of the site": ('<a href="../../x/">x</a>', ["index.html:2: a link out of the site: ../../x/"]),
    "root path to nothing": ('<a href="/elsewhere/">x</a>', ["index.html:2: no such file in the site: /elsewhere/"]),
}


@pytest.mark.parametrize("body, expected", LINKS.values(), ids=LINKS.keys())
def test_links(tmp_path: Path, body: str, expected: list[str]) -> None:
    root = site(tmp_path, {"index.html": body, "other/index.html": OTHER})
    broken, checked = check_site(root)
    assert [str(b) for b in broken] == expected
    assert checked >= 1


def test_root_paths_resolve_in_the_published_folder(tmp_path: Path) -> None:
    root = site(tmp_path, {"index.html": '<link rel="canonical" href="https://o.github.io/story/">',
                           "404.html": '<a href="/story/other/#p1">x</a><a href="/other/">y</a>',
                           "other/index.html": OTHER})
    assert [str(b) for b in check_site(root)[0]] == [
        "404.html:2: a path from the server root outside the site's folder /story/; use a relative link: /other/"]
