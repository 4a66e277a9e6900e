"""The PySide6 desktop app: views over the core, driven from a QTimer in small slices.

Modules, by what they hold:

* ``app`` — ``gameday gui``: the QApplication, its style, the main window.
* ``main_window`` — library -> exercise -> debrief pages, menus and shortcuts.
* ``library`` — the scenario library (bundled + added folders + recent files, problems).
* ``start_dialog`` — team, mode (play / watch / tabletop), speed and seed.
* ``session`` — one running exercise: engine, bridge, clock, journal folder.
* ``bridge`` — the one QObject that turns engine records into Qt signals.
* ``clock`` — the QTimer that advances the engine in small wall-time slices.
* ``exercise_view`` with ``header``, ``feeds`` (inbox, channel, timeline), ``charts``,
  ``investigation`` and ``commands`` — the trainee's screen.
* ``facilitator`` — the facilitator console dock.
* ``debrief`` — truth, phase timings, scorecard, report export.
* ``authoring`` — the Authoring view: write a scenario (editor with live validation,
  structured panes, preview, dry run, runbook and team editors) and its Author menu.
* ``text`` — time stamps, literal tooltips and who sees which records (records are put into
  words by :mod:`reports.describe`, one wording for the app and the reports); ``dialogs`` —
  the one door for modal dialogs.
* ``screenshots`` — regenerates ``docs/screenshots/``.
"""
