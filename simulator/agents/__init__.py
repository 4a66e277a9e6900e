"""The simulated people: every team member the human does not play, behind a small port.

An exercise creates a :class:`~simulator.agents.crew.Crew` and hands it itself as an
:class:`~simulator.agents.port.ExercisePort` (what an agent may see and do); nothing here
imports the engine. ``crew`` runs the people and dispatches records to them, ``picture`` is
what they know together, ``responder`` one person, ``role`` / ``commander`` / ``comms`` /
``scribe`` the roles, ``wording`` the text they write, ``waker`` how a role process sleeps,
``calibration`` the numbers their behaviour is sampled from.
"""
