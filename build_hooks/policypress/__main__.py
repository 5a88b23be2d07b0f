"""`python -m policypress` runs the command line."""

from policypress.cli import main

main()
