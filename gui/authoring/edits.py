"""The structured panes' changes to a scenario or team, as edits of its YAML text.

Each function takes the text and returns the new text (through :func:`gui.authoring.yamldoc.edit`,
so comments, key order and layout stay). Indexes are positions in the file's lists (the
loader keeps file order, so row ``i`` of a pane is item ``i`` of the list). Durations are
written the way authors write them (``5m``, ``1h30m``).

Pure Python (no Qt).
"""

from __future__ import annotations

from typing import Any, cast

from gui.authoring.yamldoc import CommentedMap, edit, mapping_at, put, sequence_of
from simulator.durations import format_duration

#: Where a new key of an inject goes relative to the keys it usually follows.
_INJECT_ORDER = ("id", "at", "when", "kind", "sender", "channel", "service", "alert", "text")
_MITIGATION_ORDER = ("strategy", "target", "effect", "amount", "takes")
_CLUE_ORDER = ("id", "tool", "service", "match", "available_after", "relevant", "misleading")


def duration_text(seconds: float) -> str:
    """``seconds`` as an author writes it: ``90s`` -> ``1m30s``, ``3600`` -> ``1h``."""
    text = format_duration(seconds)
    return text[:-3] if text.endswith("h00m") else text


def _item(data: Any, key: str, index: int) -> CommentedMap:
    item = mapping_at(data, key, index)
    if not isinstance(item, dict):
        raise IndexError(f"{key}[{index}] is not in the file")
    return cast(CommentedMap, item)


def retime_inject(text: str, index: int, seconds: float) -> str:
    """Inject ``index`` fires at ``seconds`` (a condition it had is replaced by the time)."""

    def change(data: Any) -> None:
        inject = _item(data, "injects", index)
        value = duration_text(seconds)
        if "when" in inject and "at" not in inject:
            position = list(inject).index("when")
            del inject["when"]
            inject.insert(position, "at", value)
        else:
            put(inject, "at", value, ("id",))

    return edit(text, change)


def set_inject_field(text: str, index: int, key: str, value: str) -> str:
    """Set one text field (``sender``, ``channel``, ``text``, ``kind`` ...) of inject ``index``."""

    def change(data: Any) -> None:
        inject = _item(data, "injects", index)
        position = _INJECT_ORDER.index(key) if key in _INJECT_ORDER else len(_INJECT_ORDER)
        put(inject, key, value, _INJECT_ORDER[:position])

    return edit(text, change)


def add_inject(text: str, inject_id: str, seconds: float) -> str:
    """Append a chat inject ``inject_id`` at ``seconds`` (the author fills in the rest)."""

    def change(data: Any) -> None:
        injects = sequence_of(data, "injects")
        item = CommentedMap()
        item["id"] = inject_id
        item["at"] = duration_text(seconds)
        item["kind"] = "internal_report"
        item["sender"] = "Facilitator"
        item["channel"] = "chat"
        item["text"] = "What the players read."
        injects.append(item)

    return edit(text, change)


def remove_item(text: str, key: str, index: int) -> str:
    """Remove item ``index`` of the top-level list ``key`` (``injects``, ``clues``)."""

    def change(data: Any) -> None:
        _item(data, key, index)
        del data[key][index]

    return edit(text, change)


def set_mitigation(
    text: str, strategy: str, target: str, effect: str, amount: float = 0.0, takes: float = 300.0
) -> str:
    """Model ``strategy`` on ``target``: ``effect`` (``resolves``, ``reduces``, ``none``,
    ``worsens``) with ``amount`` percent; ``effect == ""`` removes the entry."""

    def change(data: Any) -> None:
        mitigations = sequence_of(data, "truth", "mitigations")
        found = next(
            (
                i
                for i, m in enumerate(mitigations)
                if isinstance(m, dict)
                and m.get("strategy") == strategy
                and m.get("target") == target
            ),
            None,
        )
        if not effect:
            if found is not None:
                del mitigations[found]
            return
        if found is None:
            item = CommentedMap()
            item["strategy"] = strategy
            item["target"] = target
            item["effect"] = effect
            if effect in ("reduces", "worsens"):
                item["amount"] = _number(amount)
            item["takes"] = duration_text(takes)
            mitigations.append(item)
            return
        item = mitigations[found]
        put(item, "effect", effect, _MITIGATION_ORDER[:2])
        if effect in ("reduces", "worsens"):
            put(item, "amount", _number(amount), _MITIGATION_ORDER[:3])
        elif "amount" in item:
            del item["amount"]

    return edit(text, change)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def set_clue_field(text: str, index: int, key: str, value: Any) -> str:
    """Set one field of clue ``index`` (``match`` takes a list of words; durations seconds)."""

    def change(data: Any) -> None:
        clue = _item(data, "clues", index)
        written: Any = value
        if key == "available_after":
            written = duration_text(float(value))
        elif key == "match":
            from ruamel.yaml.comments import CommentedSeq

            written = CommentedSeq(value)
            written.fa.set_flow_style()
        position = _CLUE_ORDER.index(key) if key in _CLUE_ORDER else len(_CLUE_ORDER)
        put(clue, key, written, _CLUE_ORDER[:position])

    return edit(text, change)


def add_clue(text: str, clue_id: str, tool: str) -> str:
    """Append a clue ``clue_id`` of ``tool`` that matches every query (the author narrows it)."""

    def change(data: Any) -> None:
        from ruamel.yaml.comments import CommentedSeq

        clues = sequence_of(data, "clues")
        item = CommentedMap()
        item["id"] = clue_id
        item["tool"] = tool
        match = CommentedSeq()
        match.fa.set_flow_style()
        item["match"] = match
        item["reveals"] = "What the tool shows for the query."
        clues.append(item)

    return edit(text, change)


def set_scalar(text: str, path: tuple[str | int, ...], value: Any) -> str:
    """Set the value at ``path`` (its parent must exist): the team editor's fields."""

    def change(data: Any) -> None:
        parent = mapping_at(data, *path[:-1])
        if parent is None:
            raise IndexError(f"{'.'.join(map(str, path[:-1]))} is not in the file")
        parent[path[-1]] = value

    return edit(text, change)


def set_fields(text: str, values: dict[str, Any]) -> str:
    """Set top-level keys (``id``, ``title`` ...) of a document."""

    def change(data: Any) -> None:
        for key, value in values.items():
            put(data, key, value, ("format", "id", "title"))

    return edit(text, change)
