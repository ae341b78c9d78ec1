"""What changed between two snapshots of a record, field by field, as line diffs (difflib).

Apps keep a JSON snapshot per revision (the atlas's records, the community's cases); their revision
pages show, for each field that changed, the lines removed and added. The app says which fields, in
which order, and how a field that is not plain text reads as lines (`as_lines`: links to other
records as their titles, for instance)."""

import difflib
import json
from collections.abc import Callable, Iterable, Mapping

LineMaker = Callable[[object], list[str]]

_KINDS = {"+": "added", "-": "removed", "@": "context"}


def value_lines(value) -> list[str]:
    """A field's value as lines: text split on line ends, anything else as indented JSON."""
    if value is None:  # an empty field, or a field of a record that did not exist yet
        return [""]
    if isinstance(value, str):
        return value.splitlines() or [""]
    return json.dumps(value, ensure_ascii=False, indent=1).splitlines()


def line_diff(old_lines: list[str], new_lines: list[str]) -> list[dict]:
    """[{"kind": "added" | "removed" | "context" | "same", "text": ...}] with one line of context."""
    diff = list(difflib.unified_diff(old_lines, new_lines, lineterm="", n=1))[2:]  # no ---/+++ header
    return [{"kind": _KINDS.get(line[:1], "same"), "text": line} for line in diff]


def snapshot_diff(before: Mapping, after: Mapping, fields: Iterable[str], *,
                  as_lines: Mapping[str, LineMaker] | None = None,
                  labels: Mapping[str, str] | None = None) -> list[dict]:
    """Per changed field, in the order of `fields`: {"field", "label", "lines"}.

    A field with a function in `as_lines` is compared by the lines it gives (an empty list reads as
    one empty line); the others by value, then shown with `value_lines`."""
    as_lines = as_lines or {}
    labels = labels or {}
    changes = []
    for key in fields:
        old, new = before.get(key), after.get(key)
        if key in as_lines:
            old, new = as_lines[key](old), as_lines[key](new)
            if old == new:
                continue
            old_lines, new_lines = old or [""], new or [""]
        else:
            if old == new:
                continue
            old_lines, new_lines = value_lines(old), value_lines(new)
        changes.append({"field": key, "label": str(labels.get(key, key)), "lines": line_diff(old_lines, new_lines)})
    return changes
