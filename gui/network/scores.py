"""Who held which seat and how each role was played: the game day's part of the debrief.

A tree of the seats of the run (:func:`reports.seats.seat_scores`): each seat names its
player, the person and the roles they held, with the count of ratings; under it, every
objective that judges that person's behaviour with its HSEEP rating.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from reports.scored import ScoredRun
from reports.seats import SeatScore, seat_scores


class SeatScores(QTreeWidget):
    """The seats of a game day and the objectives of each role."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seatScores")
        self.setHeaderLabels(["Seat", "Rating"])
        self.setColumnCount(2)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setMinimumHeight(150)
        self.scores: list[SeatScore] = []

    def show_run(self, run: ScoredRun, name: Callable[[str], str]) -> None:
        """Fill from a scored run."""
        self.show_scores(seat_scores(run, name))

    def show_scores(self, scores: Sequence[SeatScore]) -> None:
        """Fill from seat scores."""
        self.scores = list(scores)
        self.clear()
        for score in scores:
            top = QTreeWidgetItem(
                [f"{score.player} — {score.name} ({score.roles_text})", score.counts]
            )
            for _id, title, rating in score.objectives:
                top.addChild(QTreeWidgetItem([title, rating]))
            self.addTopLevelItem(top)
            top.setExpanded(True)

    def lines(self) -> list[str]:
        """Each seat's line, ``"text | rating"`` (tests read them)."""
        out = []
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            if item is not None:
                out.append(f"{item.text(0)} | {item.text(1)}")
        return out
