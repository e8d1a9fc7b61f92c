"""``python -m pipeline``: the same as the ``pressroom`` command."""

from pipeline.cli.console_entry import script

script()
