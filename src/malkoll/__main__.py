"""`python -m malkoll`."""

from malkoll.cli.root import main

main()
