"""One check of the text in the editor: what ``gameday validate`` reports, and the model.

:func:`check` runs in the checker's worker process (:mod:`gui.authoring.checker`), so it is
plain Python that imports no Qt. Its problems are exactly those of
:func:`simulator.loading.validation.validate_text` (the lines ``gameday validate FILE`` prints
if the text were saved), and it hands back what the view needs besides: the scenario (for the
panes and the preview), the team (for completion and the team editor) and the runbook titles.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from simulator.model import Scenario, Team
from simulator.problems import Level, Problem

#: What the text in the editor is, by its ``format:`` key / file suffix.
SCENARIO_KIND = "scenario"
TEAM_KIND = "team"
RUNBOOK_KIND = "runbook"


@dataclass(frozen=True)
class Checked:
    """The result of checking one version (``generation``) of the text."""

    generation: int
    kind: str
    problems: tuple[Problem, ...]
    scenario: Scenario | None = None
    team: Team | None = None
    runbooks: tuple[str, ...] = ()

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(p.level is Level.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return len(self.problems) - self.errors


def kind_of(path: Path, text: str) -> str:
    """``scenario``, ``team`` or ``runbook`` (by suffix and ``format:`` line)."""
    if path.suffix.lower() == ".md":
        return RUNBOOK_KIND
    return TEAM_KIND if "gameday/team@" in text[:4096] else SCENARIO_KIND


def check(path: str, text: str, generation: int = 0, from_disk: bool = False) -> Checked:
    """Check ``text`` as if saved at ``path``: the problems and the loaded model.

    ``from_disk``: the text is the file as it is on disk (nothing edited yet), so the file
    itself is checked — its bytes, encoding and line endings exactly as ``gameday validate``
    reads them (a UTF-16 file is reported as such, not as the text shown).
    """
    from simulator.loading import load_runbooks, load_team
    from simulator.loading.files import read_bytes, scenario_from_bytes, team_from_bytes
    from simulator.loading.validation import validate, validate_text

    where = Path(path)
    data = text.encode("utf-8", "surrogatepass")
    if not from_disk and kind_of(where, text) == SCENARIO_KIND:
        fast = _scenario_bundle(where, data, generation)
        if fast is not None:
            return fast
    if from_disk:
        problems = tuple(validate([where]))
        data = read_bytes(where)[0] or data
    else:
        problems = tuple(validate_text(where, text))
    kind = kind_of(where, text)
    if kind == RUNBOOK_KIND:
        return Checked(generation, kind, problems)
    if kind == TEAM_KIND:
        return Checked(generation, kind, problems, team=team_from_bytes(data, path)[0])
    scenario, _found, refs = scenario_from_bytes(data, path)
    team: Team | None = None
    runbooks: tuple[str, ...] = ()
    if refs.team is not None:
        team_path = (where.parent / refs.team.value).resolve()
        if team_path.is_file():
            team = load_team(team_path)[0]
    if refs.runbooks is not None:
        folder = (where.parent / refs.runbooks.value).resolve()
        if folder.is_dir():
            runbooks = tuple(sorted(load_runbooks(folder)[0]))
    return Checked(generation, kind, problems, scenario, team, runbooks)


def _scenario_bundle(where: Path, data: bytes, generation: int) -> Checked | None:
    """A scenario that loads as a whole exercise, checked in one pass (the problems are
    :func:`~simulator.loading.validation.validate_text`'s: the same steps, taken once); None
    when it does not load, so :func:`check` reads the parts it can."""
    from simulator.loading import load_bundle
    from simulator.loading.documents import read_yaml
    from simulator.loading.files import declared_format, in_order
    from simulator.model import SCENARIO_FORMAT

    root, _found = read_yaml(data, str(where))
    if root is None or declared_format(root) != SCENARIO_FORMAT:
        return None
    bundle, problems = load_bundle(where, data=data)
    if bundle is None:
        return None
    return Checked(
        generation,
        SCENARIO_KIND,
        tuple(in_order(problems)),
        bundle.scenario,
        bundle.team,
        tuple(sorted(bundle.runbooks)),
    )
