"""Writing the files the user asks for: whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from iro_tui.errors import BadInput
from iro_tui.permissions import create_private_file


def typed_file(typed: str, default_name: str) -> Path:
    """The file an IRO means by what they typed in a File box: a folder typed (one that
    exists, or anything ending in /) means the default name inside it. It was written
    beside the folder instead, named after it (/tmp/letters became /tmp/letters.docx)."""
    path = Path(typed).expanduser()
    try:
        is_folder = path.is_dir()
    except OSError:  # a name too long: said when it is written (check_target)
        is_folder = False
    if typed.endswith(("/", os.sep)) or is_folder:
        return path / default_name
    return path


def typed_folder(typed: str) -> Path:
    """The folder an IRO means by what they typed in a Folder box: quotes and spaces
    around it dropped, and the spaces a folder dragged into the terminal comes with
    escaped ("my\\ stick") put back."""
    bare = typed.strip().strip('"').strip("'")
    return Path(bare.replace("\\ ", " ")).expanduser()


class AskBeforeReplacing:
    """A save form's guard: a file already at the path is named, and replaced only when
    the IRO saves to the same path again (an earlier letter, with its address, was
    replaced without a word). The command line replaces as asked: its --out is explicit."""

    def __init__(self) -> None:
        self.warned: Path | None = None

    def check(self, path: Path) -> None:
        try:
            there = path.is_file()
        except OSError:  # a name too long for the disk: check_target says so
            return
        if path != self.warned and there:
            self.warned = path
            raise BadInput(
                f"{path.name} is already in {path.parent}: save again (F2) to replace it, "
                "or give another name"
            )


def with_extension(path: Path, suffix: str) -> Path:
    """`path` ending in `suffix` (".ics"): a calendar or a report is opened by its
    extension, so one typed without it gets it; a name with a dotted part of its own
    ("review.2026") keeps that part. A name that is already there (a file, a link,
    /dev/null) is left as typed, for check_target to judge: /dev/null became
    /dev/null.ics, a new file beside the device."""
    if path.suffix.lower() == suffix or path.exists() or path.is_symlink():
        return path
    return path.with_name(f"{path.name.rstrip('.')}{suffix}")  # "trail." not "trail..ics"


def not_another_kind(path: Path, suffix: str, what: str) -> Path:
    """Refuse to write a `what` over a file already there that is another kind of file:
    `export ics report.md` wrote a calendar over the IRO's edited report draft. A
    folder, a link or a device is left to check_target, which says what it is."""
    if path.suffix.lower() != suffix and path.is_file() and not path.is_symlink():
        raise BadInput(
            f"{path} is already there and is not a {what} ({suffix}): give a name ending "
            f"in {suffix}, or another name"
        )
    return path


def check_target(path: Path | str, what: str) -> Path:
    """The file to write, refused in plain words if it cannot be a file."""
    path = Path(path).expanduser()
    try:
        if path.is_dir():
            raise BadInput(f"{path} is a folder: give a file name for the {what}")
        if not path.parent.is_dir():
            raise BadInput(f"the folder {path.parent} does not exist")
        refuse_special(path)
    except OSError as exc:  # a name too long for the disk (ENAMETOOLONG), and the like
        raise BadInput(f"cannot write {path.name[:40]}…: {exc.strerror}") from None
    return path


def refuse_special(path: Path) -> None:
    """An export replaces a regular file only: renaming over a symlink or a device
    (/dev/sda, a FIFO) would destroy it, or write where the link points."""
    if path.is_symlink():
        raise BadInput(f"{path} is a symbolic link: give the path of an ordinary file")
    if path.exists() and not path.is_file():
        raise BadInput(f"{path} is a device or special file, not an ordinary file")


def write_atomically(path: Path, write: Callable[[Path], object]) -> Path:
    """`write` fills a temporary file beside `path`, which is then renamed into place,
    so a crash or a full disk never leaves half a file (or an old file half-replaced)."""
    # mkstemp makes the file 0600, and writing into it keeps that: an export holds
    # children's details, so only the user may read it.
    try:
        # Inside the try: a read-only folder refuses the temporary file itself.
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".iro-", suffix=path.suffix)
    except OSError as exc:
        raise BadInput(f"could not write {path}: {exc.strerror}") from None
    os.close(handle)
    try:
        write(Path(temp))
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise BadInput(f"could not write {path}: {exc.strerror}") from None
    return path


def write_text_atomically(path: Path, text: str) -> Path:
    return write_atomically(path, lambda temp: temp.write_text(text, encoding="utf-8"))


def write_texts_together(folder: Path, files: dict[str, str], what: str) -> None:
    """Several files that belong together (a 903 return): every one is written in full
    before any is renamed into place, so a full disk or a failed write leaves the
    folder as it was, never a mix of old and new."""
    for name in files:
        refuse_special(folder / name)
    temps: list[tuple[Path, Path]] = []
    try:
        for name, text in files.items():
            temp = folder / f".{name}.tmp"
            temps.append((temp, folder / name))
            temp.unlink(missing_ok=True)
            create_private_file(temp)  # 0600: a 903 return names every child
            temp.write_text(text, encoding="utf-8")
        for temp, target in temps:
            os.replace(temp, target)
    except OSError as exc:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise BadInput(f"could not write the {what} to {folder}: {exc.strerror}") from None
