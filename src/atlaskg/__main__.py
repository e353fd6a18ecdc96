"""`python -m atlaskg` runs the command line."""

from atlaskg.cli import main

main()
