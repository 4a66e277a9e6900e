"""The PDF report: the view-model rendered by QTextDocument onto a QPdfWriter (A4, offscreen).

This is the only module of :mod:`reports` that imports Qt (enforced by tests/test_layering.py).
Charts are embedded as PNG images; the text stays text, so it can be searched and copied.
A Qt application object is needed for fonts: when none exists a ``QApplication`` is created
(not a bare QGuiApplication, so a GUI started later in the same process still works), on the
``offscreen`` platform when no display is available.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication

from reports.errors import RenderError
from reports.figures import RunFigures
from reports.templating import html_environment
from reports.viewmodel import ReportModel

#: Width of a chart on the page, in document pixels (the page body is about 680 wide).
CHART_WIDTH = 660


@dataclass(frozen=True)
class _Chart:
    name: str
    caption: str
    width: int


def _ensure_application() -> None:
    if QGuiApplication.instance() is not None:
        return
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    QApplication(sys.argv[:1] or ["gameday"])


#: Space kept at the bottom of each page for the footer, in document pixels.
FOOTER = 28.0


def _paint(document: QTextDocument, writer: QPdfWriter, footer: str) -> None:
    """Lay the document out on the writer's page body and paint it page by page, with a
    footer ``<title> — page n of N`` (QTextDocument.print_ drops page numbers once the page
    size is set, and the page size must be set for the text to span the page width)."""
    body = writer.pageLayout().paintRectPixels(writer.resolution())
    screen = QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInch() if screen is not None else 96.0
    scale = writer.resolution() / dpi
    width = body.width() / scale
    height = body.height() / scale - FOOTER
    document.setPageSize(QSizeF(width, height))
    pages = document.pageCount()
    if pages < 1 or not document.toPlainText().strip():
        raise RenderError(
            "cannot render the PDF: the laid-out report has no pages or no text; "
            "write --format html or md instead (and report this as a bug)"
        )
    painter = QPainter(writer)
    try:
        for page in range(pages):
            if page:
                writer.newPage()
            painter.save()
            painter.scale(scale, scale)
            painter.translate(0, -page * height)
            document.drawContents(painter, QRectF(0, page * height, width, height))
            painter.restore()
            painter.save()
            painter.scale(scale, scale)
            font = QFont("DejaVu Sans")
            font.setPixelSize(9)
            painter.setFont(font)
            painter.setPen(QColor("#57606a"))
            box = QRectF(0, height + 8, width, FOOTER - 8)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft), footer[:90])
            painter.drawText(box, int(Qt.AlignmentFlag.AlignRight), f"page {page + 1} of {pages}")
            painter.restore()
    finally:
        painter.end()


def render_pdf(model: ReportModel, figures: RunFigures | None = None) -> bytes:
    """The report as the bytes of an A4 PDF (charts from ``figures``, shared, if given)."""
    _ensure_application()
    shared = figures if figures is not None else RunFigures(model)
    made = (
        ("chart-phases.png", "Phase timeline", "phases"),
        ("chart-cadence.png", "Communication cadence", "cadence"),
        ("chart-impact.png", "Impact over time with mitigations", "impact"),
    )
    document = QTextDocument()
    document.setDefaultFont(QFont("DejaVu Sans", 9))
    charts = []
    for name, caption, chart in made:
        image = QImage()
        image.loadFromData(shared.png(chart, dpi=150))
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        charts.append(_Chart(name, caption, CHART_WIDTH))
    html = html_environment().get_template("report.qt.html.j2").render(m=model, charts=charts)
    document.setHtml(html)
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, model.title)

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(model.title)
    writer.setCreator("Game Day Simulator")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    _paint(document, writer, footer=model.incident_title)
    del writer
    buffer.close()
    pdf = bytes(data.data())
    if not pdf.startswith(b"%PDF") or b"/Font" not in pdf:
        raise RenderError(
            "cannot render the PDF: Qt wrote a file without text (no fonts in it); "
            "write --format html or md instead (and report this as a bug)"
        )
    return pdf
