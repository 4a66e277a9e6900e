"""Entry point: ``gameday`` with no arguments opens the GUI; sub-commands run headless.

The parser lives here; each sub-command lives in the command-line layer beside it, :mod:`cli`
(``cli.validate``, ``cli.schema``, ``cli.run``, ``cli.batch``, ``cli.timeline``; ``cli.report``
for ``report`` and for the ``--report`` step that follows run / batch / import-timeline), which
prints and exits over the library in ``simulator`` and ``reports``. Each is imported lazily so
``gameday validate`` never pays for Qt or matplotlib.
Exit codes: 0 success, 1 the input had errors (or the run failed), 2 usage errors.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from simulator import __version__


def _lazy(module: str, function: str) -> Callable[[argparse.Namespace], int]:
    """A command handler that imports ``module`` only when the command runs."""

    def run(args: argparse.Namespace) -> int:
        handler: Callable[[argparse.Namespace], int] = getattr(
            importlib.import_module(module), function
        )
        return handler(args)

    return run


def build_parser() -> argparse.ArgumentParser:
    """The ``gameday`` command line."""
    parser = argparse.ArgumentParser(
        prog="gameday",
        description="Incident-response game days: run, score and report tabletop exercises.",
    )
    parser.add_argument("--version", action="version", version=f"gameday {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", help="open the desktop app (the default with no command)")
    gui.add_argument(
        "scenario", nargs="?", help="a scenario file to select, or a journal.jsonl to debrief"
    )
    gui.set_defaults(func=_lazy("gui.app", "cmd_gui"))

    validate = sub.add_parser(
        "validate", help="check scenario, team and runbook files and report every problem"
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    validate.add_argument("--format", choices=["text", "json"], default="text")
    validate.add_argument(
        "--allow-outside-paths",
        action="store_true",
        help="let a scenario's team: and runbooks: name files outside its folder tree",
    )
    validate.set_defaults(func=_lazy("cli.validate", "cmd_validate"))

    schema = sub.add_parser("schema", help="write JSON Schemas for the scenario and team formats")
    schema.add_argument("--out", required=True, metavar="DIR")
    schema.set_defaults(func=_lazy("cli.schema", "cmd_schema"))

    run = sub.add_parser("run", help="run a scenario fully simulated and write its journal")
    run.add_argument("scenario", metavar="SCENARIO")
    run.add_argument("--team", metavar="TEAM", help="team file (default: the scenario's)")
    run.add_argument("--seed", type=int, default=1)
    run.add_argument("--out", metavar="DIR", default="runs/latest")
    run.add_argument("--report", action="store_true", help="also write the post-mortem report")
    run.add_argument("--format", default="html,md,json", help="report formats with --report")
    run.add_argument(
        "--no-history", action="store_true", help="do not add the run to the exercise history"
    )
    run.add_argument(
        "--allow-outside-paths",
        action="store_true",
        help="let a scenario's team: and runbooks: name files outside its folder tree",
    )
    run.set_defaults(
        func=_lazy("cli.run", "cmd_run"),
        after=_lazy("cli.report", "report_after_run"),
        before=_lazy("cli.report", "check_report_format"),
    )

    batch = sub.add_parser("batch", help="run many replications and compare teams or variants")
    batch.add_argument(
        "scenario", metavar="SCENARIO", nargs="+", help="scenario files, or folders of them"
    )
    batch.add_argument("--team", action="append", metavar="TEAM", default=[])
    batch.add_argument(
        "--variant",
        action="append",
        metavar="NAME=OVERRIDE",
        default=[],
        help="a what-if variant, e.g. no-runbook=remove-runbook:PaymentsAPIHighErrorRate",
    )
    batch.add_argument("--runs", type=int, required=True)
    batch.add_argument("--jobs", type=int, default=0, help="processes (default: all cores)")
    batch.add_argument(
        "--cluster",
        metavar="ADDRESS|local:N",
        help="run on a dask.distributed scheduler, or a local cluster of N workers "
        "(pip install 'gameday-simulator[cluster]')",
    )
    batch.add_argument("--seed", type=int, default=1, help="base seed")
    batch.add_argument("--out", metavar="DIR", default="runs/batch")
    batch.add_argument("--report", action="store_true", help="also write the batch report")
    batch.set_defaults(
        func=_lazy("cli.batch", "cmd_batch"),
        after=_lazy("cli.report", "report_after_batch"),
    )

    report = sub.add_parser("report", help="render the post-mortem report of a run")
    report.add_argument("source", metavar="RUN_DIR_OR_JOURNAL")
    report.add_argument("--format", default="html,md,pdf,json")
    report.add_argument("--out", metavar="DIR")
    report.add_argument(
        "--allow-large",
        action="store_true",
        help="read a journal over 64 MiB (a genuine journal of a very long run)",
    )
    report.add_argument(
        "--allow-outside-paths",
        action="store_true",
        help="read the scenario and team a journal header names even outside the journal's "
        "folder and the bundled scenarios",
    )
    report.set_defaults(func=_lazy("cli.report", "cmd_report"))

    resume = sub.add_parser(
        "resume", help="continue a headless run that was killed, where its journal stops"
    )
    resume.add_argument("run_dir", metavar="RUN_DIR")
    resume.set_defaults(func=_lazy("cli.resume", "cmd_resume"))

    timeline = sub.add_parser(
        "import-timeline",
        help="turn a real incident's record (timeline CSV, Statuspage JSON, PagerDuty log) "
        "into a journal",
    )
    timeline.add_argument("csv", metavar="FILE")
    timeline.add_argument(
        "--incident", metavar="ID_OR_NAME", help="which incident of a file that holds several"
    )
    timeline.add_argument("--out", required=True, metavar="DIR")
    timeline.add_argument(
        "--allow-large",
        action="store_true",
        help="import a file over 16 MiB (a genuine export that large)",
    )
    timeline.add_argument("--report", action="store_true", help="also write the report")
    timeline.add_argument("--format", default="html,md,json", help="report formats with --report")
    timeline.add_argument(
        "--no-history", action="store_true", help="do not add the timeline to the history"
    )
    timeline.set_defaults(
        func=_lazy("cli.timeline", "cmd_import_timeline"),
        after=_lazy("cli.report", "report_after_run"),
        before=_lazy("cli.report", "check_report_format"),
    )

    team = sub.add_parser(
        "import-team", help="turn a PagerDuty escalation policy (and schedules) into a team file"
    )
    team.add_argument("policy", metavar="POLICY.json")
    team.add_argument("--schedules", metavar="SCHEDULES.json", help="the policy's schedules")
    team.add_argument("--out", required=True, metavar="TEAM.yaml")
    team.add_argument("--force", action="store_true", help="replace the file if it exists")
    team.set_defaults(func=_lazy("cli.formats", "cmd_import_team"))

    msel_in = sub.add_parser(
        "import-msel", help="turn an MSEL (CSV, XLSX or T3SF JSON) into a scenario skeleton"
    )
    msel_in.add_argument("msel", metavar="FILE.csv|.xlsx|.json")
    msel_in.add_argument("--out", required=True, metavar="SCENARIO.yaml")
    msel_in.add_argument("--team", metavar="TEAM.yaml", help="the team the scenario names")
    msel_in.add_argument("--force", action="store_true", help="replace the file if it exists")
    msel_in.set_defaults(func=_lazy("cli.formats", "cmd_import_msel"))

    msel_out = sub.add_parser(
        "export-msel", help="write a scenario's injects as an MSEL (CSV, XLSX or T3SF JSON)"
    )
    msel_out.add_argument("scenario", metavar="SCENARIO.yaml")
    msel_out.add_argument("--format", choices=("csv", "xlsx", "t3sf"), default="csv")
    msel_out.add_argument("--out", required=True, metavar="FILE")
    msel_out.add_argument("--force", action="store_true", help="replace the file if it exists")
    msel_out.set_defaults(func=_lazy("cli.formats", "cmd_export_msel"))

    history = sub.add_parser(
        "history", help="list past exercises (the app's, gameday run's and imported ones)"
    )
    history.add_argument("--format", choices=["table", "json", "csv"], default="table")
    history.add_argument("--rebuild", action="store_true", help="read every journal again")
    history.add_argument("--scenario", metavar="ID", help="only this scenario (its id)")
    history.add_argument("--team", metavar="ID", help="only this team (its id)")
    history.add_argument("--trainee", metavar="NAME", help="only this trainee (their name)")
    history.add_argument(
        "--outcome", choices=["resolved", "time_limit", "stopped", "not finished"]
    )
    history.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    history.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    history.add_argument("--search", metavar="TEXT", help="words to look for in any column")
    history.set_defaults(func=_lazy("cli.history", "cmd_history"))

    join = sub.add_parser(
        "join", help="take a seat in a game day hosted on another screen (opens the app)"
    )
    join.add_argument("address", metavar="HOST:PORT", help="the address the host's lobby shows")
    join.add_argument("--code", required=True, help="the join code the host's lobby shows")
    join.add_argument(
        "--name", default="", help="your name as the debrief shows it (asked if left out)"
    )
    join.add_argument(
        "--seat", default="", metavar="PERSON", help="the person id to play (default: a free seat)"
    )
    # cli never imports the GUI: the app that joins is handed in, imported when it runs
    join.set_defaults(
        func=_lazy("cli.join", "cmd_join"), open_app=_lazy("gui.network.launch", "open_join")
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``gameday``; returns the process exit code."""
    args = build_parser().parse_args(argv)
    if args.command is None:
        args = build_parser().parse_args(["gui", *(argv or [])])
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        # With --report, a bad --format is a usage error before anything runs (exit 2).
        before: Callable[[argparse.Namespace], int] | None = getattr(args, "before", None)
        if getattr(args, "report", False) and before is not None and (code := before(args)):
            return code
        code = func(args)
        after: Callable[[argparse.Namespace], int] | None = getattr(args, "after", None)
        if code == 0 and getattr(args, "report", False) and after is not None:
            code = after(args)
        return code
    except KeyboardInterrupt:
        print("gameday: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last resort: a user never sees a bare traceback
        if os.environ.get("GAMEDAY_DEBUG"):
            raise
        print(
            f"gameday: internal error: {type(exc).__name__}: {exc} "
            "(please report it; set GAMEDAY_DEBUG=1 to see the traceback)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
