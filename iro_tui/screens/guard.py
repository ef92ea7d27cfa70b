"""Actions explain refusals instead of crashing.

An IroError raised inside an action (bad input, a store that cannot be read) is
shown to the user as a notification and the screen carries on. It must be caught
here, at the action: an exception that escapes a handler stops that widget's
message loop for good.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from textual.message_pump import MessagePump

from iro_tui.errors import IroError

Node = TypeVar("Node", bound=MessagePump)
Params = ParamSpec("Params")
Result = TypeVar("Result")


def explains_refusals(
    action: Callable[Concatenate[Node, Params], Result],
) -> Callable[Concatenate[Node, Params], Result | None]:
    @functools.wraps(action)
    def guarded(self: Node, *args: Params.args, **kwargs: Params.kwargs) -> Result | None:
        try:
            return action(self, *args, **kwargs)
        except IroError as error:
            self.app.notify(str(error), title="Not done", severity="error", timeout=10)
            return None

    return guarded
