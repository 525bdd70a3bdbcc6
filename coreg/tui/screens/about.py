"""About: what coreg is, what it is not, and where your data lives."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown

from coreg import __version__
from coreg.tui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from coreg.tui.app import CoregApp

ABOUT = """\
# coreg {version}

coreg helps the two of you calm down *together*: a short exercise, step by step, each of you
with your own part, a breath to follow and sounds you can hear with your eyes closed.

## Practice, not therapy

coreg is a way to practise, not a treatment and not a medical device. If things between you
keep hurting, a couples therapist can help in ways a program can't.

These exercises are for partners who feel safe with each other. If you feel afraid of your
partner, or someone is being hurt, please put coreg aside and reach out to someone you trust
or a local support service.

## Your data stays here

Your history is kept on this machine only, in a file only you can read:

    {db}

Settings and your own exercises live in:

    {config}

coreg never uses the network.

## Your own exercises

Exercises are plain text files. Copy one, change the words, and put it in the folder above
(`exercises/`). `coreg validate FILE` tells you, line by line, if anything needs fixing.
The authors' guide is here:

    {guide}
"""


def tidy_path(path: Path) -> str:
    """``/home/alex/.config/coreg`` → ``~/.config/coreg``: shorter, and the same for everyone."""
    try:
        return "~/" + str(Path(path).resolve().relative_to(Path.home().resolve()))
    except ValueError:
        return str(path)


class AboutScreen(Screen):
    CSS_PATH = "pages.tcss"  # this screen's own rules (the shared ones are in app.tcss)

    if TYPE_CHECKING:
        app = getters.app(CoregApp)

    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back", id="about-back", tooltip="Home")]

    def compose(self) -> ComposeResult:
        from coreg.library import authoring_guide
        from coreg.paths import config_dir

        db = tidy_path(self.app.log_path)
        with VerticalScroll(id="about"):
            yield Markdown(
                ABOUT.format(
                    version=__version__,
                    db=db,
                    config=tidy_path(config_dir()),
                    guide=tidy_path(authoring_guide()),
                )
            )
        yield KeysFooter()
