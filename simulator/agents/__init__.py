"""The simulated people: every team member the human does not play, behind a small port.

``crew`` runs them; ``calibration`` holds the numbers their behaviour is sampled from.
"""
