"""`python -m malkoll`."""

from malkoll.cli import main

main()
