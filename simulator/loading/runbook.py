"""Parsing runbooks: Markdown in the guide's runbook structure.

::

    # <AlertName>                      the title links the runbook to the alert of that name
    ## Overview
    ## Severity Assessment
    ## Initial Investigation           numbered steps: 1. ... 2. ...
    ## Common Causes and Fixes
    ### Cause 1: <description>
    **Symptoms:** <what you see>
    **Fix:** <remediation>
    ## Escalation
    ## Related Resources               a bullet list

Overview, Initial Investigation and Common Causes and Fixes are required (errors when
missing); a missing Severity Assessment, Escalation or Related Resources is a warning. Any
other heading or stray text is an error, located by line. The mitigation strategies a runbook
recommends (:attr:`~simulator.model.Runbook.strategies`) are read from its fix texts
(:func:`simulator.vocabulary.strategies_in`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from simulator.loading.reader import suggest
from simulator.model import Runbook, RunbookCause
from simulator.problems import Level, Problem
from simulator.vocabulary import strategies_in

OVERVIEW = "Overview"
SEVERITY = "Severity Assessment"
INVESTIGATION = "Initial Investigation"
CAUSES = "Common Causes and Fixes"
ESCALATION = "Escalation"
RESOURCES = "Related Resources"
#: Sections in the guide's order.
SECTIONS = (OVERVIEW, SEVERITY, INVESTIGATION, CAUSES, ESCALATION, RESOURCES)
REQUIRED = (OVERVIEW, INVESTIGATION, CAUSES)

_TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_SECTION = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_SUBSECTION = re.compile(r"^###\s+(.*?)\s*#*\s*$")
_CAUSE = re.compile(r"^cause\s+(\d+)\s*[:.\-–]\s*(.+)$", re.I)
_STEP = re.compile(r"^\s*(\d+)[.)]\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_LABEL = re.compile(
    r"^(?:[-*+]\s+)?(\*\*|__)?\s*(symptoms|fix)\s*(:)?\s*(\*\*|__)?\s*(:)?\s*(.*)$", re.I
)


def _label(line: str) -> tuple[str, str] | None:
    """``**Symptoms:** text`` (also ``Fix: text``, ``- **Fix**: text``, ``__Fix:__``) as
    (label, text); None for anything else (``Fix the pool`` is prose, not a label)."""
    match = _LABEL.match(line)
    if match is None:
        return None
    bold_open, name, colon_in, bold_close, colon_out, rest = match.groups()
    if bool(bold_open) != bool(bold_close) or not (colon_in or colon_out):
        return None
    return name, rest


#: A setext heading's underline (``Title`` then ``=====``: the title; ``-----``: a section).
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
#: A number before a section name: ``## 1. Overview``.
_NUMBERED = re.compile(r"^\d+[.)]\s*")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class _Section:
    """A ``## `` section: its heading line and body lines (number, text)."""

    name: str
    line: int
    body: list[tuple[int, str]] = field(default_factory=list)


class _Parser:
    """Splits a runbook into sections and reads each one, collecting located problems."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self.problems: list[Problem] = []
        self.misspelt: set[str] = set()

    def problem(
        self, line: int, path: str, message: str, hint: str = "", level: Level = Level.ERROR
    ) -> None:
        self.problems.append(Problem(self.name, line, 1 if line else 0, path, message, level, hint))

    def parse(self) -> Runbook | None:
        title, sections = self.split()
        if title is None:
            return None
        for section_name in SECTIONS:
            if section_name in sections or section_name in self.misspelt:
                continue
            level = Level.ERROR if section_name in REQUIRED else Level.WARNING
            self.problem(
                title[0],
                section_name,
                f"missing section '## {section_name}'",
                hint="the guide's runbook structure: " + ", ".join(SECTIONS),
                level=level,
            )
        overview = self.prose(sections.get(OVERVIEW))
        severity = self.prose(sections.get(SEVERITY))
        investigation = self.steps(sections.get(INVESTIGATION))
        causes = self.causes(sections.get(CAUSES))
        escalation = self.prose(sections.get(ESCALATION))
        resources = self.bullets(sections.get(RESOURCES))
        if any(p.level is Level.ERROR for p in self.problems):
            return None
        fixes = " ".join(c.fix for c in causes)
        return Runbook(
            title=title[1],
            overview=overview,
            severity_assessment=severity,
            investigation=investigation,
            causes=causes,
            escalation=escalation,
            resources=resources,
            source=self.name,
            strategies=strategies_in(fixes),
        )

    def front_matter(self, lines: list[str]) -> int | None:
        """The number of lines a YAML front matter block (``---`` ... ``---``, as wikis and
        static-site generators write) takes at the top, 0 for none, None when it is not
        closed (a problem is recorded)."""
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None or lines[first].strip() != "---":
            return 0
        for index in range(first + 1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                return index + 1
        self.problem(
            first + 1,
            "",
            "the front matter that starts here ('---') is never closed",
            hint="end it with a '---' line before the '# <AlertName>' title, or remove it",
        )
        return None

    def split(self) -> tuple[tuple[int, str] | None, dict[str, _Section]]:
        """The ``# title`` (line, text) and the ``## `` sections by canonical name."""
        title: tuple[int, str] | None = None
        sections: dict[str, _Section] = {}
        current: _Section | None = None
        fenced = False
        lines = self.text.splitlines()
        skip = self.front_matter(lines)
        if skip is None:
            return None, {}
        for number, raw in enumerate(lines, start=1):
            if number <= skip:
                continue
            line = raw.rstrip()
            if _FENCE.match(line):
                fenced = not fenced
            heading = None if fenced or _FENCE.match(line) else line
            if heading is not None and title is None:
                if not line.strip() or line.lstrip().startswith("<!--"):
                    continue
                match = _TITLE.match(line)
                if match is None:
                    self.no_title(number, line)
                    return None, {}
                title = (number, match[1])
                continue
            if heading is not None and (match := _SECTION.match(line)):
                current = self.section(number, match[1], sections)
                continue
            if heading is not None and _TITLE.match(line):
                self.problem(
                    number,
                    "",
                    "a runbook has one '# ' title",
                    hint="use '## ' for sections and '### ' for causes",
                )
                continue
            if current is None:
                if line.strip():
                    self.problem(
                        number,
                        "",
                        "text before the first '## ' section",
                        hint="put it under '## Overview'",
                    )
                continue
            current.body.append((number, line))
        if title is None:
            self.problem(0, "", "the runbook is empty; expected '# <AlertName>' and its sections")
        return title, sections

    def prose(self, section: _Section | None) -> str:
        """A free-text section, trimmed."""
        if section is None:
            return ""
        text = "\n".join(line for _, line in section.body).strip()
        if not text:
            self.problem(section.line, section.name, f"section '## {section.name}' is empty")
        return text

    def steps(self, section: _Section | None) -> tuple[str, ...]:
        """Numbered steps; continuation lines join their step."""
        if section is None:
            return ()
        steps: list[str] = []
        fenced = False
        for number, line in section.body:
            if _FENCE.match(line):
                fenced = not fenced
            match = None if fenced else _STEP.match(line)
            if match:
                steps.append(match[2].strip())
            elif not line.strip():
                continue
            elif steps:
                steps[-1] += ("\n" if fenced or _FENCE.match(line) else " ") + line.strip()
            else:
                self.problem(
                    number,
                    section.name,
                    "expected numbered steps (1. ..., 2. ...)",
                    hint="number each diagnostic step",
                )
                return ()
        if not steps:
            self.problem(
                section.line, section.name, "no steps; expected numbered steps (1. ..., 2. ...)"
            )
        return tuple(steps)

    def bullets(self, section: _Section | None) -> tuple[str, ...]:
        """A bullet list; continuation lines join their bullet."""
        if section is None:
            return ()
        items: list[str] = []
        for number, line in section.body:
            match = _BULLET.match(line)
            if match:
                items.append(match[1].strip())
            elif not line.strip():
                continue
            elif items:
                items[-1] += " " + line.strip()
            else:
                self.problem(
                    number,
                    section.name,
                    "expected a bullet list (- ...)",
                    hint="start each resource with '- '",
                )
                return ()
        if not items:
            self.problem(section.line, section.name, "no resources; expected a bullet list")
        return tuple(items)

    def no_title(self, number: int, line: str) -> None:
        """The problem of a runbook whose first line (``number``) is not its ``# `` title."""
        words = line.lstrip("#").strip()
        shown = f"'{line.strip()[:60]}'"
        self.problem(
            number,
            "",
            f"a runbook starts with '# <AlertName>' (its title), got {shown}",
            hint=(
                f"add the title line '# <AlertName>' above {shown}; it links the "
                "runbook to the alert of that name"
                if words.casefold() in {x.casefold() for x in SECTIONS}
                or not line.lstrip().startswith("#")
                or not words
                else f"write '# {words}': one '#' and a space"
            ),
        )

    def section(self, number: int, heading: str, sections: dict[str, _Section]) -> _Section:
        """The section a ``## heading`` starts (kept in ``sections`` under its canonical name
        unless it is unknown or repeated, which are problems)."""
        canonical = {s.casefold(): s for s in SECTIONS}.get(
            " ".join(_NUMBERED.sub("", heading).split()).casefold()
        )
        if canonical is None:
            hint = suggest(heading, SECTIONS)
            if hint:
                self.misspelt.add(hint.split("'")[1])
            self.problem(
                number,
                heading,
                f"unknown section '## {heading}'; expected one of " + ", ".join(SECTIONS),
                hint=hint,
            )
            return _Section(heading, number)
        if canonical in sections:
            self.problem(
                number,
                canonical,
                f"section '## {canonical}' appears twice "
                f"(first at line {sections[canonical].line})",
            )
        current = _Section(canonical, number)
        sections.setdefault(canonical, current)
        return current

    def cause_heading(self, number: int, heading: str, section: str, count: int) -> dict[str, str]:
        """The entry a ``### heading`` starts after ``count`` causes (a heading that is not
        ``Cause N: ...``, or is numbered out of order, is a problem)."""
        match = _CAUSE.match(heading)
        if match is None:
            self.problem(
                number,
                f"{section}[{count}]",
                f"expected '### Cause {count + 1}: <description>', got '### {heading}'",
            )
            return {"description": heading}
        if int(match[1]) != count + 1:
            self.problem(
                number,
                f"{section}[{count}]",
                f"cause {match[1]} is cause number {count + 1}",
                hint="number the causes 1, 2, 3 in order",
                level=Level.WARNING,
            )
        return {"description": match[2].strip()}

    def causes(self, section: _Section | None) -> tuple[RunbookCause, ...]:
        """``### Cause N: ...`` entries with their **Symptoms:** and **Fix:**."""
        if section is None:
            return ()
        causes: list[RunbookCause] = []
        entry: dict[str, str] | None = None
        heading_line = section.line
        part = ""

        def close() -> None:
            if entry is None:
                return
            index = len(causes)
            path = f"{section.name}[{index}]"
            for label in ("Symptoms", "Fix"):
                if not entry.get(label, "").strip():
                    self.problem(
                        heading_line,
                        path,
                        f"cause '{entry['description']}' has no **{label}:**",
                        hint=f"add a line '**{label}:** ...'",
                    )
            causes.append(
                RunbookCause(
                    entry["description"],
                    entry.get("Symptoms", "").strip(),
                    entry.get("Fix", "").strip(),
                )
            )

        for number, line in section.body:
            sub = _SUBSECTION.match(line)
            if sub:
                close()
                heading_line, part = number, ""
                entry = self.cause_heading(number, sub[1], section.name, len(causes))
                continue
            if not line.strip():
                continue
            if entry is None:
                self.problem(
                    number,
                    section.name,
                    "text before the first '### Cause 1: ...' heading",
                    hint="start each cause with '### Cause N: <description>'",
                )
                entry = None
                continue
            label = _label(line.strip())
            if label:
                part = label[0].capitalize()
                if part in entry:
                    self.problem(
                        number,
                        f"{section.name}[{len(causes)}].{part}",
                        f"**{part}:** appears twice in one cause",
                    )
                entry[part] = label[1].strip()
                continue
            if not part:
                self.problem(
                    number,
                    f"{section.name}[{len(causes)}]",
                    "expected '**Symptoms:** ...' after the cause heading",
                )
                part = "Symptoms"
                entry.setdefault(part, "")
                continue
            entry[part] = (entry[part] + "\n" + line.strip()).strip()
        close()
        if not causes:
            self.problem(
                section.line,
                section.name,
                "no causes; expected '### Cause 1: <description>' entries",
            )
        return tuple(causes)


def _atx_headings(text: str) -> str:
    """Setext headings (``Title`` over ``=====``, ``Section`` over ``-----``) rewritten as
    ``# Title`` / ``## Section``, line numbers kept (the underline becomes a blank line).
    Front matter, fenced code and a rule after a blank line or a list are left alone."""
    lines = text.split("\n")
    start = 1
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].strip() == "---":  # front matter: not headings
        close = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == "---"), None)
        start = len(lines) if close is None else close + 2
    fenced = False
    for index in range(start, len(lines)):
        if _FENCE.match(lines[index - 1]):
            fenced = not fenced
        above = lines[index - 1].strip()
        underline = _SETEXT.match(lines[index])
        if fenced or underline is None or not above:
            continue
        if above.startswith(("#", "-", "*", "+", ">", "|", "```", "~~~", "<!--")) or _STEP.match(
            above
        ):
            continue
        if underline[1].startswith("-") and len(underline[1]) < 3:
            continue
        lines[index - 1] = ("# " if underline[1].startswith("=") else "## ") + above
        lines[index] = ""
    return "\n".join(lines)


def parse_runbook(text: str, name: str) -> tuple[Runbook | None, list[Problem]]:
    """The runbook in Markdown ``text`` (None on any error) and every problem found."""
    parser = _Parser(_atx_headings(text), name)
    runbook = parser.parse()
    return runbook, parser.problems
