"""Errors a report raises when it cannot be written as asked, with a message to act on."""

from __future__ import annotations


class RenderError(ValueError):
    """A report format came out unusable (for example a PDF without text): never written.

    The message names the format, what went wrong and what to do instead; the command line
    prints it and exits 1 rather than leaving a blank file behind with exit 0; a ValueError,
    so the window's export shows it in its "Export failed" warning.
    """
