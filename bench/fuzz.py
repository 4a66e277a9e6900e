"""Fuzz every file kind gameday reads, through the commands a user runs (issue 12).

Each case is a seed file of one kind (a bundled scenario, team, runbook, timeline CSV,
Statuspage or PagerDuty export, MSEL, or a real run's journal) mutated at random (seeded): bytes
flipped, lines cut, doubled or swapped, values replaced by hostile ones (huge, negative and
non-finite numbers, hundreds of digits, far dates, tz folders, control characters and bidi
overrides, deep nesting, very long names). The case is fed to ``gameday validate``,
``import-timeline``, ``import-msel`` or ``report`` in this process with ``GAMEDAY_DEBUG=1``, so
an unexpected exception escapes instead of becoming a one-line "internal error".

Prints, per file kind, the cases tried, the internal errors (grouped by exception and the line
that raised it, target 0) and the hangs over 10 s (target 0), then the peak memory (max RSS).

    .venv/bin/python -m bench.fuzz --cases 10000 [--seed 1] [--kinds scenario,journal]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from main import main  # noqa: E402

SCENARIOS = ROOT / "scenarios"
HANG_SECONDS = 10

#: Values an attacker or a slip would write.
HOSTILE = [
    "1.0e+307",
    "-1.0e+308",
    "1e400",
    ".nan",
    ".inf",
    "-.inf",
    "NaN",
    "Infinity",
    "-1",
    "0",
    "9" * 400,
    "99999999999999999999h",
    "1" + "0" * 30 + "s",
    "20000h",
    "-5m",
    "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31",
    "00:01",
    "23:59",
    "America",
    "Europe/",
    "a" * 3000,
    "x/" * 2500,
    "../../../../etc/passwd",
    "/dev/zero",
    "\x1b]0;pwned\x07",
    "\x1b[2J",
    "\u202e",
    "\x00",
    "\r",
    "\t",
    "\ufeff",
    "é" * 50,
    "[" * 5000,
    "{" * 5000,
    "&a [*a, *a]",
    "*nope",
    "!!python/object:os.system",
    "<<: *a",
    "null",
    "~",
    "''",
    '"',
    "- - -",
    ": :",
    "? x",
    "%YAML 1.1",
    "---",
    "...",
]


class Hang(BaseException):
    """Raised by the alarm when a case runs over :data:`HANG_SECONDS`."""


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise Hang


def mutate_text(text: str, rng: random.Random) -> str:
    """``text`` with one to four random edits."""
    lines = text.splitlines(keepends=True) or [""]
    for _ in range(rng.randint(1, 4)):
        choice = rng.random()
        i = rng.randrange(len(lines))
        if choice < 0.35:  # replace a value after ': ' or ',' with a hostile one
            line = lines[i]
            cut = max(line.find(": "), line.rfind(","))
            token = rng.choice(HOSTILE)
            if cut >= 0:
                lines[i] = line[: cut + 2] + token + "\n"
            else:
                lines[i] = token + "\n"
        elif choice < 0.5:
            del lines[i]
            lines = lines or [""]
        elif choice < 0.6:
            lines.insert(i, lines[i] * rng.randint(2, 50))
        elif choice < 0.7:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif choice < 0.8 and lines[i]:  # flip a character
            k = rng.randrange(len(lines[i]))
            lines[i] = lines[i][:k] + chr(rng.randrange(0, 0x3000)) + lines[i][k + 1 :]
        elif choice < 0.9:
            lines.insert(i, rng.choice(HOSTILE) + "\n")
        else:  # cut the file
            lines = lines[:i]
            if lines and rng.random() < 0.5:
                lines[-1] = lines[-1][: rng.randrange(len(lines[-1]) + 1)]
            lines = lines or [""]
    return "".join(lines)


def _hostile_json(rng: random.Random) -> object:
    pick = rng.random()
    if pick < 0.15:
        return 10 ** rng.randint(15, 500)
    if pick < 0.25:
        return -(10 ** rng.randint(1, 30))
    if pick < 0.35:
        nested: object = []
        for _ in range(rng.choice([10, 1000, 3000])):
            nested = [nested]
        return nested
    if pick < 0.45:
        return rng.random() * 1e308
    if pick < 0.55:
        return None
    return rng.choice(HOSTILE)


def mutate_json(value: object, rng: random.Random, depth: int = 0) -> object:
    """``value`` with random leaves (and some containers) replaced by hostile values."""
    if rng.random() < 0.04 or depth > 30:
        return _hostile_json(rng)
    if isinstance(value, dict):
        return {k: mutate_json(v, rng, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [mutate_json(v, rng, depth + 1) for v in value]
    return _hostile_json(rng) if rng.random() < 0.08 else value


def _dump(value: object) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except (ValueError, RecursionError):
        return "[" * 3000


class Fuzzer:
    """The seed files, a scratch folder laid out like the bundled scenarios, and the tally."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.work = Path(tempfile.mkdtemp(prefix="gameday-fuzz-"))
        self.lib = self.work / "lib"
        shutil.copytree(SCENARIOS / "teams", self.lib / "teams")
        shutil.copytree(SCENARIOS / "runbooks", self.lib / "runbooks")
        self.scenarios = [p.read_text(encoding="utf-8") for p in sorted(SCENARIOS.glob("*.yaml"))]
        self.teams = [
            p.read_text(encoding="utf-8") for p in sorted((SCENARIOS / "teams").glob("*.yaml"))
        ]
        self.runbooks = [
            p.read_text(encoding="utf-8") for p in sorted((SCENARIOS / "runbooks").glob("*.md"))
        ]
        self.timelines = [
            p.read_text(encoding="utf-8") for p in sorted((SCENARIOS / "timelines").glob("*.csv"))
        ]
        formats = SCENARIOS / "formats"
        self.statuspage = json.loads((formats / "statuspage-incidents.json").read_text("utf-8"))
        self.pagerduty = json.loads((formats / "pagerduty-log-entries.json").read_text("utf-8"))
        self.msel = (formats / "msel-template.csv").read_text(encoding="utf-8")
        self.journal = self._a_journal()
        self.cases: Counter[str] = Counter()
        self.internal: dict[str, Counter[str]] = {}
        self.hangs: Counter[str] = Counter()
        self.examples: dict[str, Path] = {}

    def _a_journal(self) -> str:
        run = self.work / "seed-run"
        scenario = self.lib / "seed.yaml"
        scenario.write_text(self.scenarios[0], encoding="utf-8")
        self._quiet(["run", str(scenario), "--out", str(run), "--no-history", "--seed", "3"])
        return (run / "journal.jsonl").read_text(encoding="utf-8")

    @staticmethod
    def _quiet(argv: list[str]) -> int:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return main(argv)

    # --------------------------------------------------------------- the kinds
    def scenario(self) -> list[str]:
        path = self.lib / "case.yaml"
        path.write_text(mutate_text(self.rng.choice(self.scenarios), self.rng), encoding="utf-8")
        return ["validate", str(path)]

    def team(self) -> list[str]:
        path = self.lib / "teams" / "case.yaml"
        path.write_text(mutate_text(self.rng.choice(self.teams), self.rng), encoding="utf-8")
        return ["validate", str(path)]

    def runbook(self) -> list[str]:
        path = self.work / "case.md"
        path.write_text(mutate_text(self.rng.choice(self.runbooks), self.rng), encoding="utf-8")
        return ["validate", str(path)]

    def timeline(self) -> list[str]:
        path = self.work / "case.csv"
        path.write_text(mutate_text(self.rng.choice(self.timelines), self.rng), encoding="utf-8")
        return ["import-timeline", str(path), "--out", str(self.work / "out"), "--no-history"]

    def statuspage_json(self) -> list[str]:
        return self._json_case(self.statuspage)

    def pagerduty_json(self) -> list[str]:
        return self._json_case(self.pagerduty)

    def _json_case(self, seed: object) -> list[str]:
        path = self.work / "case.json"
        text = _dump(mutate_json(seed, self.rng))
        if self.rng.random() < 0.3:
            text = mutate_text(text, self.rng)
        path.write_text(text, encoding="utf-8")
        return ["import-timeline", str(path), "--out", str(self.work / "out"), "--no-history"]

    def msel_file(self) -> list[str]:
        path = self.work / "case-msel.csv"
        path.write_text(mutate_text(self.msel, self.rng), encoding="utf-8")
        out = self.work / "msel-out.yaml"
        return ["import-msel", str(path), "--out", str(out), "--force"]

    def journal_file(self) -> list[str]:
        run = self.work / "jrun"
        run.mkdir(exist_ok=True)
        lines = self.journal.splitlines()
        if self.rng.random() < 0.5:  # structured: hostile values in some records
            for _ in range(self.rng.randint(1, 3)):
                i = self.rng.randrange(len(lines))
                with contextlib.suppress(ValueError, RecursionError):  # mutated already
                    lines[i] = _dump(mutate_json(json.loads(lines[i]), self.rng))
            text = "\n".join(lines) + "\n"
        else:
            text = mutate_text(self.journal, self.rng)
        (run / "journal.jsonl").write_text(text, encoding="utf-8")
        return ["report", str(run), "--format", "md,json", "--out", str(self.work / "rep")]

    # --------------------------------------------------------------- running
    def run_case(self, kind: str, make: Callable[[], list[str]]) -> None:
        argv = make()
        self.cases[kind] += 1
        signal.alarm(HANG_SECONDS)
        try:
            code = self._quiet(argv)
            if code not in (0, 1, 2):
                self._internal(kind, f"exit code {code}", argv)
        except Hang:
            self.hangs[kind] += 1
            self._keep(kind, "hang", argv)
        except SystemExit as exc:
            if exc.code not in (0, 1, 2):
                self._internal(kind, f"SystemExit {exc.code}", argv)
        except Exception as exc:
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            where = f"{Path(frame.filename).name}:{frame.lineno}"
            self._internal(kind, f"{type(exc).__name__} at {where}: {str(exc)[:80]}", argv)
        finally:
            signal.alarm(0)

    def _internal(self, kind: str, what: str, argv: list[str]) -> None:
        self.internal.setdefault(kind, Counter())[what] += 1
        self._keep(kind, what, argv)

    def _keep(self, kind: str, what: str, argv: list[str]) -> None:
        """Keep the first case of each finding for a regression test."""
        if what in self.examples:
            return
        source = Path(argv[1])
        target = self.work / "findings" / f"{len(self.examples):03d}-{kind}{source.suffix}"
        target.parent.mkdir(exist_ok=True)
        if source.is_dir():
            shutil.copy(source / "journal.jsonl", target.with_suffix(".jsonl"))
        elif source.exists():
            shutil.copy(source, target)
        self.examples[what] = target


def peak_mib() -> float:
    """Peak resident memory of this process, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(cases: int, seed: int, kinds: list[str]) -> int:
    """Fuzz ``cases`` cases spread over ``kinds``; print the tally; 1 when anything was found."""
    os.environ["GAMEDAY_DEBUG"] = "1"
    os.environ.setdefault("GAMEDAY_HISTORY", str(Path(tempfile.mkdtemp()) / "history.sqlite"))
    signal.signal(signal.SIGALRM, _alarm)
    fuzzer = Fuzzer(seed)
    makers: dict[str, Callable[[], list[str]]] = {
        "scenario": fuzzer.scenario,
        "team": fuzzer.team,
        "runbook": fuzzer.runbook,
        "timeline CSV": fuzzer.timeline,
        "Statuspage JSON": fuzzer.statuspage_json,
        "PagerDuty JSON": fuzzer.pagerduty_json,
        "MSEL": fuzzer.msel_file,
        "journal": fuzzer.journal_file,
    }
    chosen = [k for k in makers if not kinds or k in kinds]
    started = time.perf_counter()
    print(f"fuzzing {cases} cases (seed {seed}); peak memory at start {peak_mib():.0f} MiB")
    for n in range(cases):
        kind = chosen[n % len(chosen)]
        fuzzer.run_case(kind, makers[kind])
        if (n + 1) % 1000 == 0:
            print(
                f"  {n + 1} cases, {sum(map(sum, (c.values() for c in fuzzer.internal.values())))}"
                f" internal errors, {sum(fuzzer.hangs.values())} hangs, "
                f"peak {peak_mib():.0f} MiB, {time.perf_counter() - started:.0f} s",
                flush=True,
            )
    print(f"\n{'kind':<18}{'cases':>7}{'internal errors':>17}{'hangs > 10 s':>14}")
    for kind in chosen:
        internal = sum(fuzzer.internal.get(kind, Counter()).values())
        print(f"{kind:<18}{fuzzer.cases[kind]:>7}{internal:>17}{fuzzer.hangs[kind]:>14}")
    total_internal = sum(sum(c.values()) for c in fuzzer.internal.values())
    total_hangs = sum(fuzzer.hangs.values())
    print(f"{'total':<18}{sum(fuzzer.cases.values()):>7}{total_internal:>17}{total_hangs:>14}")
    print(f"\npeak memory (max RSS): {peak_mib():.0f} MiB; {time.perf_counter() - started:.0f} s")
    for kind, found in fuzzer.internal.items():
        for what, count in found.most_common():
            print(f"  {kind}: {count} x {what} (e.g. {fuzzer.examples.get(what)})")
    return 1 if total_internal or total_hangs else 0


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kinds", default="", help="comma-separated kinds (default: all)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    options = _parse(None)
    kinds = [k.strip() for k in options.kinds.split(",") if k.strip()]
    sys.exit(run(options.cases, options.seed, kinds))
