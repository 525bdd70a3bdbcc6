"""The footer of keys, drawn with the screen's first frame, in three widgets instead of eight.

Textual's Footer starts empty and fills in two frames later: the screen publishes its keys
only after a first refresh, and the footer rebuilds itself only after another one, so the
first screens (home, and the pause a person opens mid-fight) looked finished a tenth of a
second after they appeared. :class:`KeysFooter` is Textual's footer with its keys composed
with the screen; it rebuilds only when they change.

Textual's footer is one widget per key, and each widget costs start-up time (its own message
queue, styles, layout and render): with seven keys, the footer was a fifth of the pause's first
frame. Here the screen's keys are one :class:`KeyLine` that draws each key exactly as
Textual's ``FooterKey`` does (the same theme colours, bold key, hover, dimmed when disabled,
a click presses the key, a tooltip says what it does); the palette's key on the right is
Textual's own. The footer around them is Textual's, so it still scrolls when the keys
overflow.
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
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

NARROW = 60  # below this many columns the screen's own keys take the whole line


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

    @property
    def text(self) -> tuple[str, str]:
        """The key and its description with FooterKey's padding (key ``0 1``, words ``0 1 0 0``);
        a key with no description is the key alone."""
        if not self.description:
            return self.display, ""
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
        item = [node.styles for node in reversed(self.ancestors_with_self)]
        item.append(self.get_component_styles("key-line--hover" if hovered else "key-line--item"))
        dim = Style(dim=True) if not key.enabled else Style()
        base = _layered(item) + dim
        key_style, words_style = (
            base + _layered([*item, self.get_component_styles(part)]) + dim
            for part in ("key-line--key", "key-line--description")
        )
        return key_style, words_style

    def render(self) -> Text:
        drawn = self._drawn.get(self._hovered)
        if drawn is None:
            drawn = Text(no_wrap=True, end="")
            for index, key in enumerate(self.keys):
                key_style, words_style = self._key_styles(key, index == self._hovered)
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


class KeysFooter(Footer):
    """Textual's Footer, with its keys in the first frame. Yield it last in ``compose``.

    On a narrow terminal it leaves out "^p palette" (ctrl+p still works), so the screen's own
    keys have the room."""

    def __init__(self) -> None:
        super().__init__()
        self.set_reactive(Footer._bindings_ready, True)
        self._shown: tuple[tuple[object, ...], ...] | None = None

    def compose(self) -> ComposeResult:
        self.set_reactive(Footer.show_command_palette, self.app.size.width >= NARROW)
        screen = self.screen
        if screen.focused is None:
            # The keys of the widget that will have the focus belong in the footer: the
            # screen gives it the focus now, as it would have just after this compose.
            screen._update_auto_focus()
        self._shown = _keys(screen)
        active = screen.active_bindings
        shown = [
            (binding, enabled, tooltip)
            for (_, binding, enabled, tooltip) in active.values()
            if binding.show
        ]
        if any(binding.group is not None for binding, _, _ in shown):
            yield from super().compose()  # grouped keys: Textual's own footer draws them
            return
        keys: dict[str, Key] = {}  # one key per action, the first bound, as Footer shows them
        for binding, enabled, tooltip in shown:
            keys.setdefault(
                binding.action,
                Key(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    enabled,
                    tooltip,
                ),
            )
        if keys:
            yield KeyLine(list(keys.values()))
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            try:
                _node, binding, enabled, tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            except KeyError:
                return
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and _keys(screen) == self._shown:
            return  # the keys drawn are still the keys: no rebuild, no frame
        super().bindings_changed(screen)

    def on_resize(self) -> None:
        wide = self.size.width >= NARROW
        if wide != self.show_command_palette:
            self.set_reactive(Footer.show_command_palette, wide)
            self.call_after_refresh(self.recompose)
