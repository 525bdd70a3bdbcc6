"""The footer of keys, drawn with the screen's first frame, in three widgets instead of eight.

Textual's Footer starts empty and fills in two frames later: the screen publishes its keys
only after a first refresh, and the footer rebuilds itself only after another one, so the
first screens (home, and the pause a person opens mid-fight) looked finished a tenth of a
second after they appeared. :class:`KeysFooter` composes its keys with the screen and
rebuilds only when they change.

Textual's footer is a scrolling container with one widget per key, and each widget costs
start-up time (its own message queue, styles, layout and render): with seven keys, the footer
was a fifth of the pause's first frame. Here the screen's keys are one :class:`KeyLine` that
draws each key exactly as Textual's ``FooterKey`` does (the same theme colours, bold key,
hover, dimmed when disabled, a click presses the key, a tooltip says what it does), and the
palette's key on the right is one more (:class:`PaletteKey`). ``tests/test_footer.py`` holds
the line equal, cell for cell, to Textual's own footer. Keys wider than the terminal move
sideways under the mouse wheel, as in Textual's footer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.color import Color
from textual.css.styles import StylesBase
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

NARROW = 60  # below this many columns the screen's own keys take the whole line
SCROLL_STEP = 4  # cells the keys move sideways for each turn of the mouse wheel


def _keys(screen: Screen) -> tuple[tuple[object, ...], ...]:
    """What the footer shows of the screen's keys: enough to tell when it must be rebuilt."""
    return tuple(
        (key, binding.action, binding.description, binding.show, enabled, tooltip)
        for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
    )


class Key(NamedTuple):
    """One key on the line, as the footer shows it."""

    key: str  # what a click presses
    display: str  # how the key is written ("esc", "^q")
    description: str
    enabled: bool
    tooltip: str
    compact: bool = False  # FooterKey's compact look (the palette's key): no room round the key

    @property
    def text(self) -> tuple[str, str]:
        """The key and its description with FooterKey's padding (key ``0 1``, words ``0 1 0 0``;
        compact: key ``0``, words ``0 0 0 1``); a key with no description is the key alone."""
        if not self.description:
            return self.display, ""
        if self.compact:
            return self.display, f" {self.description}"
        return f" {self.display} ", f"{self.description} "

    @property
    def width(self) -> int:
        return cell_len("".join(self.text))


def _layered(layers: Sequence[StylesBase]) -> Style:
    """The Rich style of a node whose styles, from the app down, are ``layers``: the same sum of
    backgrounds and colours as Textual's ``DOMNode.rich_style``, so a key drawn here has the
    colours a ``FooterKey`` widget would have."""
    background = Color(0, 0, 0, 0)
    color = Color(255, 255, 255, 0)
    style = Style()
    opacity = 1.0
    for styles in layers:
        has_rule = styles.has_rule
        opacity *= styles.opacity
        if has_rule("background"):
            text_background = background + styles.background.tint(styles.background_tint)
            background += styles.background.tint(styles.background_tint).multiply_alpha(opacity)
        else:
            text_background = background
        if has_rule("color"):
            color = styles.color
        style += styles.text_style
        if has_rule("auto_color") and styles.auto_color:
            color = text_background.get_contrast_text(color.a)
    return style + Style.from_color(
        (background + color).rich_color if (background.a or color.a) else None,
        background.rich_color if background.a else None,
    )


class KeyLine(Widget):
    """The screen's keys, each drawn as Textual's ``FooterKey`` draws one."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-line--item",
        "key-line--hover",
        "key-line--key",
        "key-line--description",
    }
    # FooterKey's own rules: the item is the widget, hover is the widget under the mouse
    DEFAULT_CSS = """
    KeyLine {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        pointer: pointer;
        .key-line--item {
            background: $footer-item-background;
        }
        .key-line--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .key-line--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-line--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, keys: list[Key]) -> None:
        super().__init__()
        self.keys = keys
        self._hovered: int | None = None
        # the line as drawn, with no key or with each key under the mouse: styles are worked
        # out once, and again only when Textual says the styles changed (as FooterKey's are)
        self._drawn: dict[int | None, Text] = {}

    def notify_style_update(self) -> None:
        self._drawn.clear()
        super().notify_style_update()

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return sum(key.width for key in self.keys)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def key_at(self, x: int) -> int | None:
        """The index of the key drawn at column ``x`` of the line, if any."""
        left = 0
        for index, key in enumerate(self.keys):
            left += key.width
            if x < left:
                return index
        return None

    def _key_styles(self, key: Key, hovered: bool) -> tuple[Style, Style]:
        """The styles of a key and of its words: FooterKey's own style (the item, or the hover
        under the mouse, dimmed when disabled) with the part's component over it."""
        item = self._item_styles(hovered)
        dim = Style(dim=True) if not key.enabled else Style()
        base = _layered(item) + dim
        key_style, words_style = (
            base + _layered([*item, self.get_component_styles(part)]) + dim
            for part in ("key-line--key", "key-line--description")
        )
        return key_style, words_style

    def _item_styles(self, hovered: bool) -> list[StylesBase]:
        """A key's styles as FooterKey's widget, from the app down: the line's, then the item's
        (or the hover's, under the mouse)."""
        item: list[StylesBase] = [node.styles for node in reversed(self.ancestors_with_self)]
        item.append(self.get_component_styles("key-line--hover" if hovered else "key-line--item"))
        return item

    def render(self) -> Text:
        drawn = self._drawn.get(self._hovered)
        if drawn is None:
            drawn = Text(no_wrap=True, end="")
            styles: dict[tuple[bool, bool], tuple[Style, Style]] = {}  # the keys share them
            for index, key in enumerate(self.keys):
                look = (key.enabled, index == self._hovered)
                if look not in styles:
                    styles[look] = self._key_styles(key, look[1])
                key_style, words_style = styles[look]
                key_text, words = key.text
                drawn.append(key_text, key_style)
                if words:
                    drawn.append(words, words_style)
            self._drawn[self._hovered] = drawn
        return drawn

    def _hover(self, index: int | None) -> None:
        if index != self._hovered:
            self._hovered = index
            self.tooltip = self.keys[index].tooltip or None if index is not None else None
            self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self.key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self.key_at(event.x)
        if index is None:
            return
        key = self.keys[index]
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()


class PaletteKey(KeyLine):
    """The palette's key at the right end of the footer: one key, the whole widget, drawn as
    Textual's footer draws its own (compact, after a thin line, lit whole under the mouse)."""

    DEFAULT_CSS = """
    PaletteKey {
        dock: right;
        padding-right: 1;
        border-left: vkey $foreground 20%;
        background: $footer-item-background;
        &:hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
    }
    """

    def key_at(self, x: int) -> int | None:
        return 0  # the line, its border and its margin are all the one key

    def _item_styles(self, hovered: bool) -> list[StylesBase]:
        # the widget is the item, lit under the mouse by its own :hover (as FooterKey is)
        item: list[StylesBase] = [node.styles for node in reversed(self.ancestors_with_self)]
        return item


class KeysFooter(Widget):
    """The screen's keys at the bottom, in its first frame, as Textual's Footer draws them.
    Yield it last in ``compose``.

    On a narrow terminal it leaves out "^p palette" (ctrl+p still works), so the screen's own
    keys have the room."""

    # Textual's Footer's own rules; keys wider than the line move under the wheel (below).
    # Binding groups are drawn key by key, not gathered: no screen of coreg's has one.
    DEFAULT_CSS = """
    KeysFooter {
        layout: horizontal;
        color: $footer-foreground;
        background: $footer-background;
        dock: bottom;
        height: 1;
    }
    """
    ALLOW_SELECT = False

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[tuple[object, ...], ...] | None = None
        self._palette = False

    def compose(self) -> ComposeResult:
        app = self.app
        self._palette = app.size.width >= NARROW and app.ENABLE_COMMAND_PALETTE
        screen = self.screen
        if screen.focused is None:
            # The keys of the widget that will have the focus belong in the footer: the
            # screen gives it the focus now, as it would have just after this compose.
            screen._update_auto_focus()
        self._shown = _keys(screen)
        active = screen.active_bindings
        keys: dict[str, Key] = {}  # one key per action, the first bound, as Footer shows them
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                keys.setdefault(
                    binding.action,
                    Key(
                        binding.key,
                        app.get_key_display(binding),
                        binding.description,
                        enabled,
                        tooltip,
                    ),
                )
        if keys:
            yield KeyLine(list(keys.values()))
        if self._palette and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            display = app.get_key_display(binding)
            tooltip = binding.tooltip or binding.description
            yield PaletteKey(
                [Key(binding.key, display, binding.description, enabled, tooltip, True)]
            )

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return  # as Textual's footer: redrawn when the app has the focus again
        if _keys(screen) != self._shown:  # the keys drawn are still the keys: no rebuild
            self.call_after_refresh(self.recompose)

    def on_resize(self) -> None:
        wide = self.size.width >= NARROW and self.app.ENABLE_COMMAND_PALETTE
        if wide != self._palette:
            self.call_after_refresh(self.recompose)
        else:
            self._scroll_keys(0)  # wider now: less (or nothing) of the line is out of sight

    # -- the mouse wheel moves keys wider than the line sideways, as in Textual's footer --

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if self._scroll_keys(SCROLL_STEP):
            event.stop()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if self._scroll_keys(-SCROLL_STEP):
            event.stop()

    def _scroll_keys(self, cells: int) -> bool:
        """Move the keys ``cells`` to the left (right if negative), never past either end of
        the line; True if they moved."""
        lines = [line for line in self.query_children(KeyLine) if type(line) is KeyLine]
        if not lines:
            return False
        line = lines[0]
        room = self.size.width - sum(key.outer_size.width for key in self.query(PaletteKey))
        hidden = max(0, line.outer_size.width - room)
        now = -int(line.styles.offset.x.value)
        wanted = min(max(now + cells, 0), hidden)
        if wanted == now:
            return False
        line.styles.offset = (-wanted, 0)
        return True
