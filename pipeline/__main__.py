"""``python -m pipeline``: the same as the ``pressroom`` command."""

from .cli import main

main()
