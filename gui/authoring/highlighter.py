"""Syntax highlighting for YAML scenarios and Markdown runbooks (one block = one line).

Each ``highlightBlock`` looks at one line only (no state carried between lines except for
block scalars, which are shown as plain text), so typing re-highlights just the line typed on
— part of keeping keystrokes fast in a 5,000-inject file.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument


def _format(color: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


#: Colours readable on the light and the dark palette alike.
KEY = _format("#2a6fb0", bold=True)
COMMENT = _format("#6f7b86", italic=True)
STRING = _format("#2e8540")
NUMBER = _format("#b25d00")
DURATION = _format("#8e44ad")
LITERAL = _format("#b3261e")
PUNCTUATION = _format("#6f7b86")

_KEY = re.compile(r"^(\s*(?:-\s+)*)([^\s#'\"{}\[\],][^:#]*?)\s*:(?=\s|$)")
_COMMENT = re.compile(r"(^|\s)#.*$")
_STRING = re.compile(r"\"(?:[^\"\\]|\\.)*\"?|'(?:[^']|'')*'?")
#: A whole value (after ``key: ``, ``- ``, ``[`` or ``, `` and before the end, ``,``, ``]`` or
#: ``}``): digits inside prose ("24/7") are not numbers.
_VALUE_START = r"(?:(?<=: )|(?<=- )|(?<=\[)|(?<=\{)|(?<=, )|(?<=\[ ))"
_VALUE_END = r"(?=\s*(?:[,\]}]|$))"
_DURATION = re.compile(_VALUE_START + r"\d+(?:h\d+m|h|m\d+s|m|s|h\d+m\d+s)" + _VALUE_END)
_NUMBER = re.compile(_VALUE_START + r"-?\d+(?:\.\d+)?" + _VALUE_END)
_LITERAL = re.compile(r"(?<![\w-])(true|false|null|~)(?![\w-])")
_DASH = re.compile(r"^\s*(-)(?=\s)")


class YamlHighlighter(QSyntaxHighlighter):
    """Keys, comments, strings, numbers, durations and true/false/null."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)

    def highlightBlock(self, text: str) -> None:
        """Colour one line."""
        comment_at = len(text)
        for match in _COMMENT.finditer(text):
            if not _inside_string(text, match.start()):
                comment_at = match.start() + (1 if match.group(1) else 0)
                self.setFormat(comment_at, len(text) - comment_at, COMMENT)
                break
        code = text[:comment_at]
        for match in _DASH.finditer(code):
            self.setFormat(match.start(1), 1, PUNCTUATION)
        key = _KEY.match(code)
        value_from = 0
        if key:
            self.setFormat(key.start(2), key.end(2) - key.start(2), KEY)
            value_from = key.end()
        for pattern, fmt in (
            (_LITERAL, LITERAL),
            (_NUMBER, NUMBER),
            (_DURATION, DURATION),
            (_STRING, STRING),
        ):
            for match in pattern.finditer(code, value_from):
                self.setFormat(match.start(), match.end() - match.start(), fmt)


def _inside_string(text: str, position: int) -> bool:
    """True when ``position`` is inside a quoted string of ``text``."""
    return any(m.start() < position < m.end() for m in _STRING.finditer(text[: position + 1]))


HEADING = _format("#2a6fb0", bold=True)
_HEADING = re.compile(r"^#{1,6}\s.*$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+\.)\s")
_CODE = re.compile(r"`[^`]*`")
_EMPHASIS = re.compile(r"\*\*[^*]+\*\*|\*[^*]+\*")


class MarkdownHighlighter(QSyntaxHighlighter):
    """Headings (the guide's runbook sections), list markers, code spans and emphasis."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)

    def highlightBlock(self, text: str) -> None:
        """Colour one line."""
        if _HEADING.match(text):
            self.setFormat(0, len(text), HEADING)
            return
        bullet = _BULLET.match(text)
        if bullet:
            self.setFormat(0, bullet.end(), PUNCTUATION)
        for match in _CODE.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), STRING)
        for match in _EMPHASIS.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), DURATION)
