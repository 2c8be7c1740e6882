"""Split a file into YAML front matter and a verbatim body, keeping the line of every key."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ..problems import Problem

Path_ = tuple[str | int, ...]
"""Where a value sits in the front matter: keys and list indexes from the top."""

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML has it: same marks, faster


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """Safe YAML with dates left as text, so the schema can check them and name the line."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Document:
    """A file's front matter as plain data, the file line of each key, and the body as written."""

    data: dict[str, Any]
    body: str
    body_line: int
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, *path: str | int) -> int | None:
        """The file line of the deepest known key along `path`."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


class FieldChecker:
    """Checks a document's YAML field by field, collecting problems located at each field's line.

    `fallback` is the line a problem names when its field has no line of its own (a missing one).
    """

    def __init__(self, doc: Document, path: str, fallback: int | None = None) -> None:
        self.doc = doc
        self.path = path
        self.fallback = fallback
        self.problems: list[Problem] = []

    def problem(self, where: tuple[str | int, ...], message: str) -> None:
        """Note a problem at the line of the field `where` names."""
        self.problems.append(Problem(self.path, self.doc.line_of(*where) or self.fallback, message))


def split_front_matter(text: str) -> tuple[str, str, int] | str:
    """Return (yaml text, body, body's first line), or what is wrong with the fences."""
    if text.startswith("\ufeff"):
        text = text[1:]
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if first.rstrip("\r") != "---":
        return "the file must start with a '---' line that opens the YAML front matter"
    pos = first_end + 1
    line = 2
    while first_end >= 0 and pos <= len(text):
        end = text.find("\n", pos)
        current = text[pos:] if end < 0 else text[pos:end]
        if current.rstrip("\r") == "---":
            body = "" if end < 0 else text[end + 1 :]
            return text[first_end + 1 : pos], body, line + 1
        if end < 0:
            break
        pos = end + 1
        line += 1
    return "the front matter has no closing '---' line; add one between the YAML and the capture"


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[Document | None, list[Problem]]:
    """Parse YAML whose first line is line `first_line` of its file, keeping the line of every key."""
    loader = _Loader(text)
    offset = first_line  # marks count lines from 0
    doc = Document(data={}, body="", body_line=0)
    problems: list[Problem] = []
    try:
        node = loader.get_single_node()
        if node is None:
            return doc, problems
        if not isinstance(node, yaml.MappingNode):
            return None, [Problem(path, node.start_mark.line + offset,
                                  "the YAML must be a mapping of 'field: value' lines")]
        doc.data = _build(node, loader, (), doc.lines, problems, path, offset)
    except yaml.MarkedYAMLError as err:
        # The context mark is where the unfinished construct began; the problem mark can be
        # the end of the text, which points the contributor at the wrong line.
        mark = err.context_mark or err.problem_mark
        line = mark.line + offset if mark else None
        what = ", ".join(part for part in (err.context, err.problem) if part) or "it cannot be read"
        return None, [Problem(path, line, f"the YAML is not valid: {what}; check the indentation, and quote "
                                          "values that contain ': ' or start with a symbol")]
    except yaml.YAMLError as err:
        return None, [Problem(path, None, f"the YAML is not valid: {err}")]
    finally:
        loader.dispose()
    return (None if problems else doc), problems


def parse_document(text: str, path: str) -> tuple[Document | None, list[Problem]]:
    """Parse `---`-fenced YAML front matter followed by a body kept exactly as written."""
    split = split_front_matter(text)
    if isinstance(split, str):
        return None, [Problem(path, 1, split)]
    yaml_text, body, body_line = split
    doc, problems = parse_yaml(yaml_text, path, first_line=2)
    if doc is None:
        return None, [Problem(p.path, p.line, p.message.replace("the YAML must be", "the front matter must be")
                              .replace("the YAML is not valid", "the front matter is not valid YAML"))
                      for p in problems]
    doc.body, doc.body_line = body, body_line
    return doc, problems


def _build(node: yaml.Node, loader: _Loader, path: Path_, lines: dict[Path_, int],
           problems: list[Problem], file: str, offset: int) -> Any:
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + offset
            key = loader.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                problems.append(Problem(file, line, "a field name must be plain text, like 'outlet:'"))
                continue
            if key in out:
                problems.append(Problem(file, line, f"the field '{key}' is given twice; keep one of them"))
                continue
            lines[path + (key,)] = line
            out[key] = _build(value_node, loader, path + (key,), lines, problems, file, offset)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + offset
            items.append(_build(item, loader, path + (index,), lines, problems, file, offset))
        return items
    return loader.construct_object(node)
