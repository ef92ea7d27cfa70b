"""Tab and Shift+Tab that move the focus as the key arrives, for every screen of boxes
(forms, the recording screen, the passphrase screens)."""

from __future__ import annotations

from textual.binding import Binding

# Not after the key has bubbled up from the box: keys typed ahead (a slow laptop, or over
# SSH) arrive together, and the letters after a Tab were handed to the box it was leaving
# before the screen moved the focus ("Amina", Tab, "Yusuf" gave a given name
# "AminaYusuf" and an empty family name; two passphrases typed ahead landed in one box).
TYPING_AHEAD = [
    Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
]
