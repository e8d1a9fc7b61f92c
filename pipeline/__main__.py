"""``python -m pipeline``: the same as the ``pressroom`` command."""

from .entry import main

main()
