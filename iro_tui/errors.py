"""Errors the user may see. Each carries one plain sentence, never a traceback."""


class IroError(Exception):
    """Something the user can act on: bad input, a bad store, a refused action."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    @property
    def lines(self) -> list[str]:
        """The message as the command line prints it, a line each (most have one)."""
        return [self.message]


class BadInput(IroError):
    """Input that fails validation. Nothing was changed."""


class BadStore(IroError):
    """A store that cannot be opened or upgraded. Nothing was changed."""


class NoRoomToOpen(BadStore):
    """A store SQLite could not open for want of a write (a full disk has no room for the
    index file SQLite keeps beside a store): it can still be opened to read."""


class HeldAloneElsewhere(BadStore):
    """A store another iro-tui holds alone, having opened it on a full disk."""


class StoreDamaged(BadStore):
    """A store whose file is damaged; the message names the latest backup."""


class StoreUnwritable(IroError):
    """The store could not be written (busy, full, read-only, a disk error).
    The transaction was rolled back: nothing was saved, and what was typed is kept."""


class ChangedElsewhere(IroError):
    """A save over a record that changed after the form read it (another window).
    Refused, so the second save never silently undoes the first."""
