"""Plain-language check for status-page posts (guide: "Use clear, non-technical language";
CL-04: avoid excessive detail).

:func:`flag_technical` returns what a customer should not have to read: stack traces, host
names, IP addresses, version strings and commit hashes, internal service ids of the scenario,
internal severity labels and engineering jargon. Each flag names its category and the exact
text, so the report can list what was flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Engineering words a customer-facing post should not need (matched as whole words).
JARGON: tuple[str, ...] = (
    "5xx",
    "4xx",
    "http 500",
    "http 502",
    "http 503",
    "http 504",
    "p50",
    "p95",
    "p99",
    "npe",
    "null pointer",
    "segfault",
    "pod",
    "pods",
    "k8s",
    "kubernetes",
    "container",
    "canary",
    "failover",
    "replica",
    "replication lag",
    "autovacuum",
    "postgres",
    "postgresql",
    "mysql",
    "redis",
    "kafka",
    "cpu",
    "oom",
    "heap",
    "garbage collection",
    "thread pool",
    "deadlock",
    "dns",
    "tls",
    "load balancer",
    "tokenisation",
    "tokenization",
    "bin lookup",
    "configmap",
    "hotfix",
    "argo cd",
    "argocd",
    "stack trace",
    "stacktrace",
    "rca",
)

_STACK = re.compile(
    r"Traceback \(most recent call last\)"
    r"|\bat [\w$.<>]+\([\w.]+:\d+\)"
    r"|File \"[^\"]+\", line \d+"
    r"|\b[A-Z]\w*(?:Exception|Error)\b"
)
_IP = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b")
_HOST = re.compile(
    r"\b(?:[a-z0-9-]+\.)+(?:internal|local|lan|corp|svc|cluster|intra)\b"
    r"|\bip-\d+-\d+-\d+-\d+\b"
    r"|\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+-\d+[a-z]?\b",
    re.I,
)
_VERSION = re.compile(r"\bv\d+\.\d+(?:\.\d+)?\b|\b[0-9a-f]{7,40}\b(?=\W|$)")
_SEVERITY = re.compile(r"\bSEV-?\d\b", re.I)


@dataclass(frozen=True)
class Flag:
    """One piece of technical text found in a post."""

    category: str
    text: str

    def __str__(self) -> str:
        return f"{self.category}: “{self.text}”"


def flag_technical(text: str, service_ids: Iterable[str] = ()) -> list[Flag]:
    """Everything in ``text`` a customer should not have to read, in order of appearance."""
    found: list[tuple[int, Flag]] = []
    taken: list[tuple[int, int]] = []

    def add(category: str, match: re.Match[str]) -> None:
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append((start, Flag(category, match.group(0))))

    for m in _STACK.finditer(text):
        add("stack trace", m)
    for m in _IP.finditer(text):
        add("IP address", m)
    for sid in sorted(set(service_ids), key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w-]){re.escape(sid)}(?![\w-])", text, re.I):
            add("internal service id", m)
    for m in _HOST.finditer(text):
        add("host name", m)
    for m in _VERSION.finditer(text):
        if any(ch.isdigit() for ch in m.group(0)):
            add("version or commit", m)
    for m in _SEVERITY.finditer(text):
        add("internal severity label", m)
    for word in JARGON:
        for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.I):
            add("jargon", m)
    return [flag for _, flag in sorted(found, key=lambda pair: pair[0])]
