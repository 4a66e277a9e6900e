"""The command-line layer of ``gameday``: it parses, prints and exits; the core only returns.

``main.py`` holds the argument parser and imports each command lazily from here, so
``gameday validate`` never pays for Qt or matplotlib. Each module is one command, named by
its noun: :mod:`cli.validate`, :mod:`cli.schema`, :mod:`cli.run`, :mod:`cli.batch`,
:mod:`cli.timeline` (``import-timeline``) and :mod:`cli.report` (``report`` and the
``--report`` step after run, batch and import-timeline). :mod:`cli.output` is what they
share: how problems and errors are printed, and the check of an ``--out`` folder.

Everything below ``simulator/`` and ``reports/`` is a library: it returns values and raises
typed exceptions, and never prints, exits or reads an :class:`argparse.Namespace`
(``tests/cli/test_core_is_a_library.py`` checks). Exit codes: 0 success, 1 the input had
errors (or the run failed), 2 usage errors.
"""
