"""Commands: (being written)."""


def register(subparsers, parents) -> None:
    pass
