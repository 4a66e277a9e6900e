"""Game Day Simulator domain core: models, loading, the SimPy engine, the journal, scoring.

Pure Python: nothing in this package imports Qt, matplotlib, :mod:`reports` or :mod:`gui`
(enforced by ``tests/test_layering.py``).
"""

__version__ = "0.1.0"
