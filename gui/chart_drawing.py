"""A full draw of a matplotlib figure spread over the event loop, one axes at a time.

The live charts blit their lines onto a cached background, but when their limits grow the
background itself (axes, ticks, labels, thresholds) must be drawn again. Drawn at once that
costs 100-200 ms for four small charts: a freeze a trainee feels while typing. A
:class:`SteppedDraw` draws the figure's background patch and then each axes on its own turn of
the event loop (a zero-delay timer between turns), so the longest single stall is one axes'
draw, and calls ``finished`` once the whole figure is in the canvas's buffer - where the
charts cache it as their new background and blit the lines on top.

The canvas shows its buffer only when it is blitted or repainted, so the half-drawn figure
stays off screen unless the window happens to be exposed in those few milliseconds. A
restart (the limits grew again, or the canvas was resized) begins from the first step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matplotlib.figure import Figure
from PySide6.QtCore import QObject, QTimer

__all__ = ["SteppedDraw"]


class SteppedDraw(QObject):
    """Draws ``figure`` on ``canvas`` in steps, then calls ``finished``.

    Args:
        canvas: a ``FigureCanvasQTAgg`` (Any: matplotlib's Qt canvas is untyped).
        figure: the figure it shows.
        finished: called after the last step, with the whole figure in the buffer.
        parent: the owner (the timer lives and dies with it).
    """

    def __init__(
        self,
        canvas: Any,
        figure: Figure,
        finished: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._canvas = canvas
        self._figure = figure
        self._finished = finished
        self._queue: list[Any] = []
        self._renderer: Any = None
        self._timer = QTimer(self)
        self._timer.setObjectName("chartStepTimer")
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)
        #: Steps taken (one per event-loop turn), for tests and benchmarks.
        self.steps = 0

    @property
    def running(self) -> bool:
        """True while a draw is under way."""
        return bool(self._queue)

    def start(self) -> None:
        """Begin (or begin again) a full draw: the background patch first, then each axes."""
        parts = [a for a in self._figure.get_children() if a is not self._figure.patch]
        parts.sort(key=lambda artist: artist.get_zorder())
        self._queue = [self._figure.patch, *parts]
        self._renderer = None
        self._timer.start()

    def cancel(self) -> None:
        """Stop a draw under way (the widget is going away)."""
        self._queue = []
        self._timer.stop()

    def _step(self) -> None:
        """Draw the next part; after the last one, hand over to ``finished``."""
        renderer = self._canvas.get_renderer()
        if self._renderer is not renderer:  # first step, or the canvas was resized: restart
            if self._renderer is not None:
                self.start()
                return
            self._renderer = renderer
            self._canvas.renderer = renderer
            renderer.clear()
        if not self._queue:
            return
        part = self._queue.pop(0)
        if part is self._figure.patch and self._queue:
            part.draw(renderer)  # the patch alone is cheap: draw the first axes with it
            part = self._queue.pop(0)
        part.draw(renderer)
        self.steps += 1
        if self._queue:
            self._timer.start()
            return
        self._renderer = None
        self._figure.stale = False
        self._finished()
