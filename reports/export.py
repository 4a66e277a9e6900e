"""Write a run's report files: ``write_report(records, bundle, out_dir, formats)``.

Formats and file names: ``html`` -> report.html, ``md`` -> report.md, ``pdf`` -> report.pdf,
``json`` -> report.json (``{"format": "gameday/report@1", "scorecard": ..., "report": ...}``).
Every file is written atomically (a temp file in the same folder, then ``os.replace``), so a
reader never sees half a report. The GUI's export buttons call :func:`write_model` with the
report the debrief already built.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from reports.figures import RunFigures
from reports.scored import score_run
from reports.viewmodel import ReportModel, build_report
from simulator.bundle import Bundle
from simulator.journal import Record, normal_mode
from simulator.problems import did_you_mean
from simulator.scoring import Scorecard

FORMATS: dict[str, str] = {
    "html": "report.html",
    "md": "report.md",
    "pdf": "report.pdf",
    "json": "report.json",
}
REPORT_FORMAT = "gameday/report@1"


def parse_formats(text: str | Iterable[str]) -> list[str]:
    """``"html,md"`` (or a list) -> ``["html", "md"]``, in order, without duplicates.

    Raises:
        ValueError: naming the unknown format, the choices and a likely fix.
    """
    items = text.split(",") if isinstance(text, str) else list(text)
    wanted: list[str] = []
    for item in items:
        name = item.strip().lower()
        if name == "markdown":
            name = "md"
        if not name:
            continue
        if name not in FORMATS:
            hint = did_you_mean(name, FORMATS)
            raise ValueError(
                f"unknown report format {item.strip()!r}; expected html, md, pdf or json"
                + (f" ({hint})" if hint else "")
            )
        if name not in wanted:
            wanted.append(name)
    if not wanted:
        raise ValueError("no report format given; expected html, md, pdf or json")
    return wanted


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file and ``os.replace`` (the file gets the
    normal mode of a new file; a symbolic link at ``path`` is replaced, never written
    through)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, normal_mode())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def report_json(card: Scorecard, model: ReportModel) -> str:
    """The JSON export: the scorecard and the view-model."""
    doc = {"format": REPORT_FORMAT, "scorecard": card.to_json(), "report": model.to_json()}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def render(
    fmt: str, card: Scorecard, model: ReportModel, figures: RunFigures | None = None
) -> bytes:
    """One format's bytes.

    Each format imports only what it needs (Markdown and JSON: no matplotlib, no Qt; HTML:
    no Qt); ``figures`` shares the charts between the formats of one call.
    """
    if fmt == "html":
        from reports.html import render_html

        return render_html(model, figures).encode("utf-8")
    if fmt == "md":
        from reports.markdown import render_markdown

        return render_markdown(model).encode("utf-8")
    if fmt == "pdf":
        from reports.pdf import render_pdf

        return render_pdf(model, figures)
    if fmt == "json":
        return report_json(card, model).encode("utf-8")
    raise ValueError(f"unknown report format {fmt!r}")


def write_report(
    records: Sequence[Record],
    bundle: Bundle | None,
    out_dir: Path,
    formats: Iterable[str] | str,
) -> list[Path]:
    """Score ``records``, build the post-mortem and write it in ``formats`` into ``out_dir``.

    Returns the written paths in format order. Raises ValueError for an unknown format (before
    writing anything) and OSError when a file cannot be written.
    """
    wanted = parse_formats(formats)
    run = score_run(records, bundle)
    return write_model(run.scorecard, build_report(run), out_dir, wanted)


def write_model(
    card: Scorecard, model: ReportModel, out_dir: Path, formats: Iterable[str] | str
) -> list[Path]:
    """Write a report already built (the debrief's) in ``formats`` into ``out_dir``.

    Args:
        card: The run's scorecard (the JSON export holds it).
        model: The report built from the same run.
        out_dir: The folder to write into (created when missing).
        formats: ``"html,md"`` or a list of format names.

    Returns:
        The written paths, in format order.

    Raises:
        ValueError: for an unknown format, before anything is written.
        OSError: when a file cannot be written.
    """
    wanted = parse_formats(formats)
    out = Path(out_dir)
    figures = RunFigures(model)  # each chart built once for every format of this call
    contents = [(out / FORMATS[fmt], render(fmt, card, model, figures)) for fmt in wanted]
    write_set(out, [(path.name, data) for path, data in contents])
    return [path for path, _ in contents]


#: The prefix of the temporary folder a report set is written into.
_SET_PREFIX = ".report-set-"


def write_set(out: Path, files: Sequence[tuple[str, bytes]]) -> None:
    """Write ``files`` (name, bytes) into ``out`` as a set: each is written in full and synced
    into a temporary folder inside ``out``, then all are moved into place one rename after
    another, so a kill never leaves a new ``report.html`` beside an old ``report.md`` from a
    half-rendered set, and no ``.tmp`` file is left behind. A symbolic link planted where a
    file goes is replaced by the file, never written through; files get the normal mode.

    Raises:
        OSError: when ``out`` or a file cannot be written (the temporary folder is removed).
    """
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(_SET_PREFIX + "*"):  # left by a run killed while moving
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=_SET_PREFIX, dir=out))
    try:
        for name, data in files:
            fd = os.open(staging / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, normal_mode())
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for name, _ in files:
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
