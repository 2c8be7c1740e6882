"""Compared facts as a reporter would write them: "more than 400 million users", not "over 400,000,000 user".

The comparison keeps its normalised values (and comparison.json publishes them); only what
readers see goes through here.
"""

from __future__ import annotations

from ..comparison.compare import Conflict, Group
from ..comparison.facts import Fact

_QUALIFIER_WORDS = {"over": "more than ", "under": "fewer than ", "about": "about ", "": ""}
_IRREGULAR = {"person": "people", "child": "children", "man": "men", "woman": "women"}
_SCALES = ((1e9, "billion"), (1e6, "million"))


def plural(noun: str) -> str:
    """The plural of a noun phrase's last word: 'senior person' -> 'senior people', 'company' -> 'companies'."""
    head, _, last = noun.rpartition(" ")
    if last in _IRREGULAR:
        word = _IRREGULAR[last]
    elif last.endswith("y") and last[-2:-1] not in tuple("aeiou"):
        word = last[:-1] + "ies"
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        word = last + "es"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def number_words(value: float) -> str:
    """A number as news copy prints it: '400 million', '1.5 billion', '12,000', '12'."""
    for scale, name in _SCALES:
        if value >= scale and (value / scale * 10) == int(value / scale * 10):
            return f"{value / scale:g} {name}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def count_phrase(fact: Fact) -> str:
    """A count fact in words: qualifier, number and the plural (or singular) of what it counts."""
    unit = fact.key.removeprefix("count of ")
    if fact.qualifier == "vague":
        return f"{fact.value} {plural(unit)}"
    if fact.qualifier == "list":
        return f"{fact.value.removesuffix(' named')} {plural(unit)}, named one by one"
    value = float(fact.value)
    noun = unit if value == 1 and not fact.qualifier else plural(unit)
    return f"{_QUALIFIER_WORDS.get(fact.qualifier, '')}{number_words(value)} {noun}"


def fact_label(group: Group) -> str:
    """What a group of equal facts says, for readers."""
    return count_phrase(group.facts[0]) if group.kind == "count" else group.label


def side_label(conflict: Conflict, index: int) -> str:
    """One side of a conflict, for readers."""
    side = conflict.sides[index]
    return count_phrase(side.facts[0]) if conflict.kind == "count" else side.value


def question(conflict: Conflict) -> str:
    """What a conflict is about, as a question: 'How many senior people?', 'The date of the ban'."""
    text = conflict.question
    if text.startswith("how many: "):
        return f"How many {plural(text.removeprefix('how many: '))}?"
    if text.startswith("when: "):
        return f"The date of {text.removeprefix('when: ')}"
    return text[:1].upper() + text[1:]
