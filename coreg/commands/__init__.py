"""The sub-commands of ``coreg``, one module per group; each has ``register()``."""
