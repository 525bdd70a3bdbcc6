"""The app's screens, one module per screen (modals beside the screen that opens them)."""
