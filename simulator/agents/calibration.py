"""Behaviour profiles of simulated responders, calibrated from public figures.

Every number here is either taken from ``docs/reference/responder_calibration_parameters.csv``
(cited by its ``parameter`` row name) or is a modelling assumption derived from one, said so
in the comment next to it. Durations are drawn from lognormal distributions (the csv row
``duration_distribution_shape``: incident durations are approximately lognormal), written
here as a median and a log-space sigma so the numbers read as "typical" values.

The doctrine rules the profiles shape (IC-01, IC-06, IC-07, CL-01, ...) are the ids of
``docs/reference/scorable_behaviours.csv``; ``docs/engine.md`` explains the whole model.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from simulator.model import Experience


@dataclass(frozen=True)
class Profile:
    """How one experience level behaves. Times are seconds (medians of lognormals).

    Attributes:
        ack_median: time from a page to its acknowledgement by day.
        miss_page: chance a page goes unanswered (asleep through it, phone on silent).
        triage_median: time from acknowledging to declaring the incident.
        investigate_median: time one investigation task takes without a runbook.
        think_median: the incident commander's time between two decisions.
        adherence: chance of following a doctrine rule when it applies (IC-01, IC-06, IC-07,
            CL-01, IC-15 ...); a rule not followed is reconsidered later.
        severity_accuracy: chance of declaring the true severity.
        mitigation_skill: chance of choosing a mitigation that addresses the cause with no
            findings and no runbook.
        timebox: the time-box given with a task (IC-06).
        monitor_window: how long the IC watches recovered metrics before resolving.
        comms_delay_median: time a communications lead takes to post (CL-01: within 5 min).
        act_median: time to carry out a mitigation once told to.
    """

    ack_median: float
    miss_page: float
    triage_median: float
    investigate_median: float
    think_median: float
    adherence: float
    severity_accuracy: float
    mitigation_skill: float
    timebox: float
    monitor_window: float
    comms_delay_median: float
    act_median: float


#: Log-space spread of every lognormal draw (a 0.6 sigma puts the 90th percentile at 2.2x the
#: median). Shape from ``duration_distribution_shape`` (lognormal, approx.).
SIGMA = 0.6

#: Acknowledgement medians are set so a senior acknowledges within the 5-minute target of
#: ``paging_response_time_target_user_facing`` about 98% of the time, an intermediate
#: about 88% and a novice about 65% (assumption: the target is met by experienced on-callers).
#: ``pd_notification_rule_pattern`` ("unanswered by 3rd call => likely cannot respond") is
#: why a page can go unanswered at all: ``miss_page`` per page.
PROFILES: dict[Experience, Profile] = {
    Experience.SENIOR: Profile(
        ack_median=90.0,
        miss_page=0.03,
        triage_median=180.0,
        investigate_median=300.0,
        think_median=20.0,
        adherence=0.95,
        severity_accuracy=0.85,
        mitigation_skill=0.6,
        timebox=600.0,
        monitor_window=600.0,
        comms_delay_median=120.0,
        act_median=60.0,
    ),
    Experience.INTERMEDIATE: Profile(
        ack_median=150.0,
        miss_page=0.05,
        triage_median=300.0,
        investigate_median=480.0,
        think_median=40.0,
        adherence=0.8,
        severity_accuracy=0.7,
        mitigation_skill=0.45,
        timebox=900.0,
        monitor_window=600.0,
        comms_delay_median=180.0,
        act_median=90.0,
    ),
    Experience.NOVICE: Profile(
        ack_median=240.0,
        miss_page=0.08,
        triage_median=600.0,
        investigate_median=720.0,
        think_median=75.0,
        adherence=0.5,
        severity_accuracy=0.5,
        mitigation_skill=0.3,
        timebox=1200.0,
        monitor_window=180.0,
        comms_delay_median=360.0,
        act_median=150.0,
    ),
}

#: ``playbook_mttr_gain`` (~3x MTTR with a playbook vs 'winging it'): a runbook covering a
#: firing alert divides investigation time by this and a wrong mitigation choice becomes
#: this many times less likely.
PLAYBOOK_GAIN = 3.0

#: ``declare_incident_unsolved_after`` (60 min, SRE ch.14; ORG-02): nobody takes longer than
#: this from acknowledging to declaring.
DECLARE_AT_LATEST = 3600.0

#: ``sleep_inertia`` ("impairment minutes to several hours; worst when woken in biological
#: night"). The csv notes no IT-specific night-time MTTA dataset exists, so these are
#: assumptions: between 23:00 and 07:00 local time (the person's ``timezone``) an
#: acknowledgement takes this factor longer plus a wake-up delay, pages are missed more
#: often, and work for the first hour after waking is slower.
NIGHT_START_HOUR = 23
NIGHT_END_HOUR = 7
NIGHT_ACK_FACTOR = 2.0
NIGHT_WAKE_MEDIAN = 180.0
NIGHT_EXTRA_MISS = 0.10
NIGHT_WORK_FACTOR = 1.3
NIGHT_WORK_HOURS = 3600.0

#: Monitoring re-notifies a firing, unacknowledged alert this often; the value is
#: ``pd_team_escalation_timeout_recommended`` (5 min) so a re-notification lines up with an
#: escalation step.
ALERT_RENOTIFY = 300.0

#: A mitigation applied to a strategy/target the scenario does not describe does nothing,
#: visible after this long.
UNKNOWN_MITIGATION_TAKES = 120.0

#: The incident commander gives a mitigation this long to show in the metrics before
#: judging it failed (assumption: longer than most rollbacks; the runbook example says
#: "if the rate does not fall within 15 minutes of the first mitigation").
MITIGATION_PATIENCE = 600.0

#: CL-03: public updates at least every 20 minutes during the first two hours.
STATUS_PAGE_EVERY = 1200.0

#: A stakeholder asks for an update this long after the severity's cadence lapsed
#: (ORG-01 tolerates 20-30 min cadences; IL-01 roughly every 30 min).
STAKEHOLDER_GRACE = 300.0

#: A responder who has proposed a mitigation asks the incident commander again after this
#: long without a decision (IC-09: "making the wrong decision is better than no decision";
#: T = 5 min proposal).
DECISION_NUDGE = 300.0

#: The incident commander pages the next candidate for a role when the one paged has not
#: answered within this long (``pd_team_escalation_timeout_recommended``, 5 min).
REPAGE_AFTER = 300.0
#: A comms lead or scribe still missing this long after declaring SEV-1/2 is improvised from
#: the people already in the incident (IC-04: named within 5 minutes of declaring).
ROLE_IMPROVISE_AFTER = 120.0

#: A responder who joined without an assignment checks in with the IC after this long
#: (ORG-08: responders act only once mobilized and receive an assignment).
CHECK_IN_AFTER = 60.0

#: Median seconds a person in the incident takes to answer a message addressed to them in the
#: channel (an assumption: a glance at the channel between two commands, about half a minute).
CHAT_REPLY_MEDIAN = 30.0
#: A stakeholder who asked for news and got no update this long after asks again, more
#: sharply (an assumption: one more grace period, STAKEHOLDER_GRACE).
STAKEHOLDER_AGAIN = 600.0


def profile(experience: Experience) -> Profile:
    """The profile of an experience level."""
    return PROFILES[experience]


#: ``random.NV_MAGICCONST`` (Kinderman and Monahan's constant of ``normalvariate``).
_NV_MAGICCONST = 4 * math.exp(-0.5) / math.sqrt(2.0)
_log = math.log
_exp = math.exp


def lognormal(rng: random.Random, median: float, sigma: float = SIGMA) -> float:
    """A lognormal draw with the given median (seconds) and log-space sigma."""
    if median <= 0:
        return 0.0
    # rng.lognormvariate(log(median), sigma) with its normalvariate inlined: the same draws
    # and the same result in one call instead of three (responders draw on every step)
    random = rng.random
    while True:
        u1 = random()
        u2 = 1.0 - random()
        z = _NV_MAGICCONST * (u1 - 0.5) / u2
        if z * z / 4.0 <= -_log(u2):
            break
    return _exp(_log(median) + z * sigma)


def is_night(hour: int) -> bool:
    """True for local hours in the biological night (23:00-07:00, see ``sleep_inertia``)."""
    if NIGHT_START_HOUR > NIGHT_END_HOUR:
        return hour >= NIGHT_START_HOUR or hour < NIGHT_END_HOUR
    return NIGHT_START_HOUR <= hour < NIGHT_END_HOUR
