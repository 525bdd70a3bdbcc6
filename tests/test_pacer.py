"""The pacer as a person sees it: an orb that fills the room it has, large words, a hold that
never looks empty, redraws only of what changed, and a footer that says what keys do now."""

from __future__ import annotations

import pytest

from coreg.library import PATTERNS, PhaseKind
from coreg.tui.screens.run import RunScreen
from coreg.tui.widgets.bigtext import big_rows, big_width, can_draw
from coreg.tui.widgets.orb import Orb, Palette
from coreg.tui.widgets.pacer import MAX_CHANGES_PER_SECOND, Pacer
from tests.app_helpers import FakeClock, begin, goto_breath_step, make_app

BOX = PATTERNS["box"]  # in 4 · hold 4 · out 4 · hold 4


def lines(pacer: Pacer) -> list[str]:
    return ["".join(s.text for s in pacer.render_line(y)) for y in range(pacer.size.height)]


# -- large letters ------------------------------------------------------------------------


def test_every_phase_word_and_number_has_large_letters_of_three_even_rows():
    for word in [kind.word for kind in PhaseKind] + ["0123456789", "2:30"]:
        assert can_draw(word), word
        rows = big_rows(word)
        assert len(rows) == 3
        assert len({len(row) for row in rows}) == 1
        assert len(rows[0]) == big_width(word)


def test_large_letters_differ_for_in_and_out():
    assert big_rows("Breathe in")[1] not in big_rows("Breathe out")[1]


# -- the orb ------------------------------------------------------------------------------


def test_the_orb_is_as_large_as_the_room_allows_and_round():
    assert Orb.fit(200, 40).diameter == 80  # limited by height: 40 rows = 80 pixels
    assert Orb.fit(60, 40).diameter == 58  # limited by width, one cell of air each side
    assert Orb.fit(200, 60, largest=96).diameter == 96
    orb = Orb.fit(120, 24)
    assert orb.rows * 2 == orb.diameter  # half-block pixels: as tall in pixels as wide
    assert Orb.fit(40, 7) is None  # too small to look round: the pacer draws a band


def test_a_rising_tide_changes_one_row_at_a_time():
    orb = Orb.fit(80, 20)
    assert list(orb.surface_rows(10.0, 10.5)) == [orb.rows - 1 - 5]
    assert len(orb.surface_rows(10.0, 13.9)) == 2
    assert len(orb.surface_rows(0.0, orb.diameter)) == orb.rows


def test_an_empty_orb_still_shows_its_rim_and_a_hold_makes_it_glow():
    orb = Orb.fit(40, 12)
    glyphs = Palette.glyphs_only()
    empty = "".join(orb.line(row, 0.0, glyphs, glow=False).text for row in range(orb.rows))
    held = "".join(orb.line(row, 0.0, glyphs, glow=True).text for row in range(orb.rows))
    assert "░" in empty and "█" not in empty
    assert "▓" in held and "░" not in held
    full = "".join(orb.line(row, orb.diameter, glyphs, glow=False).text for row in range(orb.rows))
    assert full.count("█") > empty.count("░")


def test_the_orb_in_colour_blends_its_edge_and_its_surface():
    orb = Orb.fit(40, 12)
    palette = Palette((0, 0, 0), (90, 90, 90), (0, 200, 0), (30, 30, 40), (0, 120, 210))
    row = orb.rows // 2
    colours = {
        (s.style.color.triplet, s.style.bgcolor.triplet if s.style.bgcolor else None)
        for s in orb.line(row, orb.diameter / 2 + 0.5, palette, glow=False)
        if s.style and s.style.color
    }
    flat = {c for pair in colours for c in pair if c}
    assert len(flat) > 4  # rim, glass, tide, and shades between them


# -- the widget in the app ----------------------------------------------------------------


async def open_breath(pilot, clock, exercise="box-breathing", into=2.0):
    return await goto_breath_step(pilot, clock, exercise, into)


@pytest.mark.parametrize(
    ("size", "orb", "big"),
    [
        ((200, 60), True, True),
        ((120, 40), True, True),
        ((80, 24), True, True),
        ((50, 16), False, False),
    ],
)
async def test_the_pacer_fills_the_room_it_has(tmp_path, size, orb, big):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=size) as pilot:
        screen = await open_breath(pilot, clock)
        pacer = screen.query_one(Pacer)
        layout = pacer._current_layout()
        assert (layout.orb is not None, layout.big) == (orb, big)
        text = "\n".join(lines(pacer))
        assert (big_rows("Breathe in  2")[1] in text) if big else ("Breathe in  2" in text)
        assert "left in this step" in text  # the step's time sits under the words
        if orb:  # most of the free room: at least half the stage's rows
            assert layout.orb.rows >= pacer.size.height // 2


async def test_a_hold_after_the_out_breath_is_never_an_empty_screen(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")  # glyphs, so the test reads them
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_breath(pilot, clock, into=13.0)  # box: the hold after "out"
        assert screen.timeline.snapshot().phase.kind is PhaseKind.HOLD
        text = "\n".join(lines(screen.query_one(Pacer)))
        assert "▓" in text  # the rim glows while it waits
        assert big_rows("Hold  3")[1] in text


async def test_the_tide_repaints_only_the_row_at_its_surface(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_breath(pilot, clock, into=1.0)
        pacer = screen.query_one(Pacer)
        regions = []
        original = pacer.refresh

        def spy(*regions_given, **kwargs):
            regions.extend(regions_given)
            return original(*regions_given, **kwargs)

        pacer.refresh = spy
        clock.advance(1 / MAX_CHANGES_PER_SECOND + 0.01)  # one visible step of the tide
        pacer.frame()
        assert regions  # something moved, and only a row or two of a tall picture
        assert sum(r.height for r in regions) <= 2 < pacer.size.height // 10


async def test_the_pacer_wakes_for_each_visible_change_and_no_more_often(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await open_breath(pilot, clock, into=1.0)
        pacer = screen.query_one(Pacer)
        wait = pacer.next_change_in(0.25, 0.25, 3.0)  # a 4-second in-breath, a quarter in
        assert 1 / MAX_CHANGES_PER_SECOND / 2 <= wait <= 1 / MAX_CHANGES_PER_SECOND + 1e-9
        assert pacer.next_change_in(0.5, 0.0, 2.5) == pytest.approx(0.5)  # a hold: seconds


async def test_reduced_motion_keeps_a_still_bar_with_words(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    app.settings.reduced_motion = True
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_breath(pilot, clock)
        pacer = screen.query_one(Pacer)
        assert pacer._current_layout().orb is None
        text = "\n".join(lines(pacer))
        assert "in" in text and "out" in text and "hold" in text  # the whole pattern
        assert big_rows("Breathe in  2")[1] in text


# -- the footer says what keys do now -----------------------------------------------------


def footer_words(screen) -> list[str]:
    return [b.description for _, b, enabled, *_ in screen.active_bindings.values() if enabled]


def shown(screen) -> set[str]:
    return {
        binding.description
        for key, (_, binding, enabled, *_) in screen.active_bindings.items()
        if enabled and binding.show
    }


async def test_the_footer_says_resume_while_paused(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_breath(pilot, clock)
        assert "Pause" in shown(screen) and "Resume" not in shown(screen)
        await pilot.press("space")
        assert screen.timeline.paused
        assert "Resume" in shown(screen) and "Pause" not in shown(screen)
        await pilot.press("space")
        assert not screen.timeline.paused


async def test_the_footer_offers_ready_only_on_a_step_that_waits(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "repair-ritual")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunScreen)
        for _ in range(8):
            if screen.timeline.snapshot().waiting:
                break
            assert "Ready" not in shown(screen)
            await pilot.press("n")
        assert screen.timeline.snapshot().waiting
        assert "Ready" in shown(screen)
        step = screen.timeline.snapshot().step_index
        await pilot.press("enter")
        assert screen.timeline.snapshot().step_index == step + 1


# -- every theme ---------------------------------------------------------------------------


def distance(a, b) -> float:
    """How far apart two colours look, roughly (0 … 441)."""
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5


async def test_every_theme_keeps_the_orb_readable(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    weak = {}
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_breath(pilot, clock)
        pacer = screen.query_one(Pacer)
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            pacer._palette = None
            palette = pacer._colours()
            if palette.glyphs:  # an ANSI theme: the orb is drawn in glyphs, like NO_COLOR
                assert theme.startswith("ansi")
                continue
            gaps = {  # (how far apart, how far they must be)
                "tide/glass": (distance(palette.tide, palette.glass), 40),
                "rim/glass": (distance(palette.rim, palette.glass), 40),
                "rim/back": (distance(palette.rim, palette.back), 60),
                "glow/back": (distance(palette.glow, palette.back), 60),
                "glass/back": (distance(palette.glass, palette.back), 30),
            }
            low = {name: round(gap) for name, (gap, least) in gaps.items() if gap < least}
            if low:
                weak[theme] = low
    assert weak == {}
