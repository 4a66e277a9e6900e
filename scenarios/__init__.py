"""The bundled scenario library: scenarios/*.yaml, teams/*.yaml, runbooks/*.md, timelines/*.csv."""

from pathlib import Path

#: The folder holding the bundled files (also inside an installed wheel).
BUNDLED_DIR = Path(__file__).resolve().parent

#: The scenario ``make run`` opens.
DEFAULT_SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"
