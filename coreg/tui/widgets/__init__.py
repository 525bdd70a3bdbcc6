"""Widgets the screens share: the pacer, the check-in panel, charts, plain text, the footer."""
