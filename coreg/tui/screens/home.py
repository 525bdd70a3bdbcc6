"""Home: the exercises, filtered by who they are for and by tag, with the chosen one described."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coreg.library import Audience, Exercise, format_duration, reflow
from coreg.tui.widgets.footer import KeysFooter
from coreg.tui.widgets.text import Plain, line

NARROW_WIDTH = 70
AUDIENCE_FILTERS = (
    ("everything", None),
    ("for the two of you", (Audience.COUPLE, Audience.EITHER)),
    ("for one of you", (Audience.SOLO, Audience.EITHER)),
)
FILTER_KEYS = "f for whom · t tag"
GROUPS = (
    (Audience.COUPLE, "For the two of you"),
    (Audience.EITHER, "Alone or together"),  # breathing, and grounding (not breathing)
    (Audience.SOLO, "Just for you"),
)

if TYPE_CHECKING:
    from coreg.library import Card  # the user's own are listed from their cards at first
    from coreg.tui.app import CoregApp


def length_text(exercise: Exercise | Card) -> str:
    seconds = exercise.total_seconds
    if not seconds:
        return "at your own pace"
    text = f"about {format_duration(seconds)}"
    return text + " (some steps wait for you)" if exercise.has_untimed_steps else text


class ExerciseList(OptionList):
    """The list of exercises; Enter starts the one under the cursor."""

    BINDINGS = [Binding("enter", "select", "Start", id="start", tooltip="Start this exercise")]


class HomeScreen(Screen):
    CSS_PATH = "home.tcss"  # this screen's own rules (the shared ones are in app.tcss)

    if TYPE_CHECKING:
        app = getters.app(CoregApp)

    BINDINGS = [
        Binding("p", "app.pause_timer", "Pause", id="pause", tooltip="A breath timer, now"),
        Binding("h", "app.history", "History", id="history", tooltip="What you have done"),
        Binding("s", "app.settings", "Settings", id="settings", tooltip="Names, cues, theme"),
        Binding("a", "app.about", "About", id="about", tooltip="What coreg is"),
        Binding(
            "o",
            "app.shared_pace",
            "Our pace",
            id="shared-pace",
            show=False,
            tooltip="Find your shared pace",
        ),
        Binding(
            "f",
            "cycle_audience",
            "For whom",
            id="filter-for",
            show=False,
            tooltip="Show exercises for the two of you, or for one of you",
        ),
        Binding(
            "t",
            "cycle_tag",
            "Tag",
            id="filter-tag",
            show=False,
            tooltip="Pick a tag to show only its exercises",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.audience_index = 0
        self.tag: str | None = None

    def compose(self) -> ComposeResult:
        # set before the children are styled, not after (a change of class restyles them all)
        self.set_class(self.app.size.width < NARROW_WIDTH, "-narrow")
        yield Static("coreg · calm down together", id="home-title")
        yield Static(id="home-filter")
        with Horizontal(id="home-body"):
            yield ExerciseList(id="exercise-list")
            with VerticalScroll(id="exercise-detail"):
                yield Plain(id="detail-title")
                yield Plain(id="detail-summary")
                yield Plain(id="detail-facts")
                yield Plain(id="detail-about")
        yield KeysFooter()

    def on_resize(self, event) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        self.show_filter()

    def on_mount(self) -> None:
        self.fill_list()

    def library_changed(self) -> None:
        """The user's own exercises arrived (the list showed the built-ins meanwhile). A cursor
        still on the first exercise stays on the first; one moved stays where it is."""
        option_list = self.query_one("#exercise-list", OptionList)
        first = next((i for i, o in enumerate(option_list.options) if o.id), None)
        self.fill_list(keep=option_list.highlighted != first)

    def visible_exercises(self) -> list[Exercise | Card]:
        _, audiences = AUDIENCE_FILTERS[self.audience_index]
        return [
            exercise
            for exercise in self.app.library_so_far.sorted()
            if (audiences is None or exercise.audience in audiences)
            and (self.tag is None or self.tag in exercise.tags)
        ]

    def fill_list(self, keep: bool = True) -> None:
        option_list = self.query_one("#exercise-list", OptionList)
        highlighted = self.current() if keep else None
        option_list.clear_options()
        shown = self.visible_exercises()
        options: list[Option] = []
        for audience, heading in GROUPS:
            group = [e for e in shown if e.audience is audience]
            if not group:
                continue
            options.append(Option(Text(heading, style="bold"), disabled=True))
            options.extend(Option(Text(f"  {line(e.title)}"), id=e.id) for e in group)
        option_list.add_options(options)
        ids = [option.id for option in options if option.id]
        if ids:
            target = highlighted.id if highlighted and highlighted.id in ids else ids[0]
            option_list.highlighted = option_list.get_option_index(target)
        self.show_filter()
        self.show_detail(self.current())

    def show_filter(self) -> None:
        """``Showing everything · tag: breathing   f for whom · t tag``; the keys go on a line
        of their own when both do not fit."""
        label, _ = AUDIENCE_FILTERS[self.audience_index]
        state = f"Showing {label}" + (f" · tag: {line(self.tag)}" if self.tag else "")
        room = self.size.width - 2
        apart = "   " if len(state) + 3 + len(FILTER_KEYS) <= room else "\n"
        self.query_one("#home-filter", Static).update(
            Text.assemble((state, "bold"), (apart + FILTER_KEYS, "dim"))
        )

    def current(self) -> Exercise | Card | None:
        option_list = self.query_one("#exercise-list", OptionList)
        if option_list.highlighted is None:
            return None
        option = option_list.get_option_at_index(option_list.highlighted)
        return self.app.library_so_far.get(option.id) if option.id else None

    def show_detail(self, exercise: Exercise | Card | None) -> None:
        if exercise is None:
            texts = ("Nothing here", "No exercise matches this filter. Press f or t.", "", "")
        else:
            facts = f"For {exercise.audience.label} · {length_text(exercise)}"
            if exercise.tags:
                facts += " · " + ", ".join(exercise.tags)
            texts = (exercise.title, exercise.summary, facts, reflow(exercise.about))
        for widget_id, text in zip(
            ("detail-title", "detail-summary", "detail-facts", "detail-about"), texts, strict=True
        ):
            self.query_one(f"#{widget_id}", Plain).set_text(text)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_detail(self.app.library_so_far.get(event.option.id or ""))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.start_exercise(event.option.id)

    def action_cycle_audience(self) -> None:
        self.audience_index = (self.audience_index + 1) % len(AUDIENCE_FILTERS)
        self.fill_list()

    def action_cycle_tag(self) -> None:
        """A short list of the tags to pick from (the binding's id stays ``filter-tag``)."""
        from coreg.tui.screens.modals import TagModal

        exercises = self.app.library_so_far.sorted()
        counts = [
            (tag, sum(tag in e.tags for e in exercises)) for tag in self.app.library_so_far.tags
        ]
        self.app.push_screen(TagModal(counts, self.tag), self._tag_picked)

    def _tag_picked(self, tag: str | None) -> None:
        if tag is None:
            return
        self.tag = tag or None
        self.fill_list()
