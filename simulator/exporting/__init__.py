"""Standard formats out: a scenario's injects as an MSEL (CSV, XLSX) or a T3SF MSEL (JSON).

The exporting room reads the model (:mod:`simulator.loading`) and writes other tools'
formats; each exporter's output is read back by its importer in :mod:`simulator.importing`
(the round-trip tests).
"""
