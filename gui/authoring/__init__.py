"""Authoring: write a scenario in the app.

The Authoring view (:mod:`gui.authoring.view`) holds a YAML editor with live validation
(:mod:`~gui.authoring.code_editor`, :mod:`~gui.authoring.highlighter`,
:mod:`~gui.authoring.completion`, :mod:`~gui.authoring.checker`), structured panes editing the
same text (:mod:`~gui.authoring.panes`), a preview of how the incident unfolds
(:mod:`~gui.authoring.preview`), a dry run by the simulated team (:mod:`~gui.authoring.dry_run`),
and the runbook and team editors (:mod:`~gui.authoring.side_editors`).

Pure-Python helpers (no Qt), also imported by the checker's worker process:
:mod:`~gui.authoring.yamldoc` (round-trip edits that keep comments, key order and layout),
:mod:`~gui.authoring.checking` (one check of the text, as ``gameday validate`` reports it),
:mod:`~gui.authoring.curves` (what the preview draws), :mod:`~gui.authoring.dry_runs` (the
dry run's replications and summary) and :mod:`~gui.authoring.files` (templates, duplicate,
rename, atomic save).

This package imports nothing at import time, so the worker process starts light.
"""
