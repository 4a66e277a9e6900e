"""Report of a very large run: a timeline of 5,000 same-minute rows, html + pdf + md.

Writes the issue 12 reproduction (an impact start, ``--rows`` notes at one minute, then a
declaration, a mitigation and a resolution), imports it, and times ``gameday report --format
html,pdf,md`` in a fresh process ``--rounds`` times. Prints the median wall time, the child's
peak memory, the file sizes, the PDF's page count and the timeline rows the HTML shows;
asserts nothing. Before the bounded timeline (issue 12) this took about 13 s here and wrote
a 2.7 MB HTML and a 116-page PDF.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bigreport.py [--rows 5000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_timeline(path: Path, rows: int) -> None:
    """The reproduction: ``rows`` notes at 10:05 between the incident's milestones."""
    lines = ["time,kind,actor,text", "2024-03-01T10:00:00Z,impact_start,ops,Checkout fails"]
    lines += [f"2024-03-01T10:05:00Z,note,ops,Pager alert {i} fired" for i in range(rows)]
    lines += [
        "2024-03-01T10:06:00Z,declare,ops,Incident declared",
        "2024-03-01T10:30:00Z,mitigated,ops,Rolled back",
        "2024-03-01T10:45:00Z,resolved,ops,Resolved",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def gameday(*args: str) -> float:
    """Wall seconds of one ``gameday`` process (it must succeed)."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"bench/bigreport.py: gameday {' '.join(args)} failed:\n{done.stderr}")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gameday-bigreport-") as name:
        csv = Path(name) / "big.csv"
        run = Path(name) / "run"
        write_timeline(csv, args.rows)
        gameday("import-timeline", str(csv), "--out", str(run), "--no-history")
        times = [gameday("report", str(run), "--format", "html,pdf,md") for _ in range(args.rounds)]
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        html = (run / "report.html").read_text(encoding="utf-8")
        shown = html.split('<section id="timeline">')[1].split("</section>")[0].count("<tr id=")
        pdf = (run / "report.pdf").read_bytes()
        from pypdf import PdfReader  # a test dependency: bench/ runs in the dev environment

        reader = PdfReader(run / "report.pdf")
        pages = len(reader.pages)
        text = len(reader.pages[0].extract_text().strip())
        print(
            f"report --format html,pdf,md of a {args.rows:,}-row same-minute timeline: "
            f"median {statistics.median(times):.2f} s, max {max(times):.2f} s over "
            f"{len(times)} runs; peak memory of a child {peak:.0f} MiB"
        )
        print(
            f"sizes: report.html {len(html.encode()) / 1024:.0f} kB, report.pdf "
            f"{len(pdf) / 1024:.0f} kB ({pages} pages, {text} characters of text on page 1), "
            f"report.md "
            f"{(run / 'report.md').stat().st_size / 1024:.0f} kB; timeline rows shown: {shown}"
        )


if __name__ == "__main__":
    main()
