"""Heart straps, optional: the Heart Rate Measurement read by the Bluetooth specification, RR
intervals cleaned and RMSSD, flooding held for 30 seconds, the swing per breath, how two hearts
moved together, and the background thread that keeps each strap connected. No Textual here,
and bleak only in :mod:`coreg.sensors.ble`, imported when a strap is actually used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coreg.lazy import lazy_exports

if TYPE_CHECKING:  # the names below, for type checkers
    from coreg.sensors.board import *
    from coreg.sensors.flooding import *
    from coreg.sensors.link import *
    from coreg.sensors.measurement import *
    from coreg.sensors.pairing import *
    from coreg.sensors.replay import *
    from coreg.sensors.rhythm import *
    from coreg.sensors.synchrony import *

# each module -> the public names it defines (imported on first use)
__all__, __getattr__ = lazy_exports(
    __name__,
    {
        "board": "HeartBoard Link Reading STALE_SECONDS with_hearts",
        "flooding": "FloodWatch SUSTAINED_SECONDS",
        "link": "ClientFactory find_straps HeartClient keep_connected SensorError Straps",
        "measurement": "Contact encode_measurement Measurement MeasurementError parse_measurement",
        "pairing": (
            "bleak_installed HOW_TO_INSTALL is_address paired_straps pair_strap unpair_strap"
        ),
        "replay": "Played read_replay Recorder ReplayClient replay_straps",
        "rhythm": (
            "Beat beat_points clean_rr first_and_last_minute Minute minute_of rmssd "
            "swing_per_breath"
        ),
        "synchrony": "on_grid pearson Together together windowed_peaks",
    },
)
