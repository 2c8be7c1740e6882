"""Which sentences of a rendered page lack a citation."""

from __future__ import annotations

import markdown
import pytest
from story.citations.coverage import MARKER, coverage_problems, split_sentences, uncited_sentences

SPLITS = {
    "two sentences": ("One claim. Another claim.", ["One claim.", "Another claim."]),
    "marker before the stop": (f"One claim{MARKER}. Another{MARKER}.", [f"One claim{MARKER}.", f"Another{MARKER}."]),
    "marker after the stop": (f"One claim.{MARKER} Another.", [f"One claim.{MARKER}", "Another."]),
    "abbreviations": ("The U.S. Commerce Department acted on Sept. 29 in Washington. Next.",
                      ["The U.S. Commerce Department acted on Sept. 29 in Washington.", "Next."]),
    "quotes": ("He said “no.” Then left.", ["He said “no.”", "Then left."]),
    "lower case goes on": ("It cost 5 p.m. fees. Then.", ["It cost 5 p.m. fees.", "Then."]),
}


@pytest.mark.parametrize("text, sentences", SPLITS.values(), ids=SPLITS.keys())
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


PAGE = """\
# A heading with no citation

Cited claim[^a]. Uncited claim in a paragraph.

Reading guide, states no fact.
{: .uncited }

- Cited item[^b].
- Uncited item.

| Column |
| --- |
| Uncited cell. |

!!! note "An admonition title"
    Uncited inside a box.

```
Code is not prose.
```

<div class="uncited" markdown>
- Generated list.
</div>

[^a]: The note itself is not checked.
[^b]: Nor is this one.
"""


def test_uncited_sentences_in_rendered_prose() -> None:
    html = markdown.markdown(PAGE, extensions=["footnotes", "attr_list", "tables", "admonition", "fenced_code",
                                               "md_in_html"])
    assert uncited_sentences(html) == ["Uncited claim in a paragraph.", "Uncited item.", "Uncited cell.",
                                       "Uncited inside a box."]


def test_problems_name_the_line_of_each_sentence() -> None:
    file_text = ("---\ncitations: required\n---\n# T\n\nCited[^a]. Not cited *here* at all.\n\nAgain not cited.\n\n"
                 "[^a]: A note.\n")
    html = markdown.markdown(file_text.split("---\n", 2)[2], extensions=["footnotes"])
    assert [str(p) for p in coverage_problems(html, "docs/p.md", file_text)] == [
        "docs/p.md:6: this sentence has no citation: “Not cited here at all.”; cite the source that supports it, "
        "or mark the paragraph {: .uncited } if it states no fact",
        "docs/p.md:8: this sentence has no citation: “Again not cited.”; cite the source that supports it, or mark "
        "the paragraph {: .uncited } if it states no fact"]
