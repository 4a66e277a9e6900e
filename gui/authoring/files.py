"""Scenario files for the Authoring view: templates, new, duplicate, rename, atomic save.

A new scenario starts as a copy of a template (each bundled scenario is one): its ``id`` and
``title`` become the new ones, and its ``team:`` and ``runbooks:`` paths are rewritten relative
to the new file, so the copy still finds the team and runbooks it was written for. Edits go
through :func:`gui.authoring.yamldoc.edit`, so the template's comments and layout stay.
Saving is atomic (a temporary file in the same folder, then :func:`os.replace`) and keeps the
file's permissions and line endings. Pure Python (no Qt).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from gui.authoring.edits import set_fields
from gui.authoring.yamldoc import CommentedMap, edit

#: Characters a scenario id keeps (others become ``-``).
_ID = re.compile(r"[^a-z0-9]+")


class AuthoringFileError(ValueError):
    """A file operation the author asked for cannot be done; the message says why and how."""


@dataclass(frozen=True)
class Template:
    """A scenario a new one can start from."""

    path: Path
    title: str


def templates() -> list[Template]:
    """The bundled scenarios, by title."""
    from gui.library import scenario_files
    from scenarios import BUNDLED_DIR

    found = []
    for path in scenario_files(BUNDLED_DIR):
        title = path.stem
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("title:"):
                title = line.split(":", 1)[1].strip().strip("\"'")
                break
        found.append(Template(path, title))
    return sorted(found, key=lambda t: t.title.casefold())


def scenario_id(name: str) -> str:
    """An id for a file name or title: ``My New Scenario.yaml`` -> ``my-new-scenario``."""
    stem = name[: -len(Path(name).suffix)] if Path(name).suffix in (".yaml", ".yml") else name
    return _ID.sub("-", stem.casefold()).strip("-") or "scenario"


def _relative(target: Path, folder: Path, keep_slash: bool) -> str:
    try:
        text = os.path.relpath(target, folder)
    except ValueError:  # another drive (Windows): an absolute path still works
        text = str(target)
    text = text.replace(os.sep, "/")
    return text + "/" if keep_slash and not text.endswith("/") else text


def moved(text: str, source: Path, destination: Path) -> str:
    """``text`` (a scenario written at ``source``) with its ``team:`` and ``runbooks:`` paths
    rewritten to work from ``destination``'s folder."""
    source_folder = source.resolve().parent
    folder = destination.resolve().parent
    if source_folder == folder:
        return text

    def change(data: object) -> None:
        if not isinstance(data, CommentedMap):
            return
        for key in ("team", "runbooks"):
            value = data.get(key)
            if isinstance(value, str) and value:
                target = Path(os.path.normpath(source_folder / value))
                data[key] = _relative(target, folder, value.endswith("/"))

    text = edit(text, change)
    schema = re.match(r"(# yaml-language-server: \$schema=)(\S+)", text)
    if schema and not schema.group(2).startswith(("http:", "https:")):
        target = Path(os.path.normpath(source_folder / schema.group(2)))
        text = schema.group(1) + _relative(target, folder, False) + text[schema.end() :]
    return text


def from_template(template: Path, destination: Path, title: str) -> str:
    """The text of a new scenario at ``destination`` copied from ``template``."""
    text = template.read_text(encoding="utf-8")
    text = moved(text, template, destination)
    return set_fields(text, {"id": scenario_id(destination.name), "title": title})


def save_text(path: Path, text: str, newline: str = "\n") -> None:
    """Write ``text`` to ``path`` atomically, keeping the old file's permissions.

    Raises:
        AuthoringFileError: the folder cannot be written (the message names it and why).
    """
    path = Path(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as exc:
        raise AuthoringFileError(
            f"cannot write {path}: {exc.strerror or exc}; choose a folder you can write to"
        ) from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline=newline) as stream:
            stream.write(text)
        if mode is not None:
            os.chmod(temporary, mode)
        else:
            with contextlib.suppress(OSError):
                os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise AuthoringFileError(f"cannot save {path}: {exc.strerror or exc}") from exc


def newline_of(data: bytes) -> str:
    """The line ending a file uses (``\\r\\n`` when its first line ends so)."""
    end = data.find(b"\n")
    return "\r\n" if end > 0 and data[end - 1 : end] == b"\r" else "\n"


def new_scenario(template: Path, destination: Path, title: str) -> None:
    """Create ``destination`` from ``template`` (refusing to overwrite a file)."""
    if destination.exists():
        raise AuthoringFileError(
            f"{destination} already exists; choose another name (or open that file)"
        )
    save_text(destination, from_template(template, destination, title))


def duplicate(source: Path, text: str, destination: Path) -> None:
    """Save ``text`` (the scenario at ``source``, as edited) as a new file ``destination``."""
    if destination.exists():
        raise AuthoringFileError(f"{destination} already exists; choose another name")
    copied = moved(text, source, destination)
    save_text(destination, set_fields(copied, {"id": scenario_id(destination.name)}))


def rename(source: Path, destination: Path) -> None:
    """Rename the file ``source`` to ``destination`` (same folder or another; no overwrite)."""
    if destination.exists():
        raise AuthoringFileError(f"{destination} already exists; choose another name")
    text = source.read_text(encoding="utf-8")
    save_text(destination, moved(text, source, destination) if source.suffix != ".md" else text)
    try:
        source.unlink()
    except OSError as exc:
        raise AuthoringFileError(
            f"saved as {destination} but could not remove {source}: {exc.strerror or exc}"
        ) from exc
