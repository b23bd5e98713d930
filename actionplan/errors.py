"""The one error a command raises for a user's mistake. Every command module uses it, and the
`actionplan` entry point (cli.py) prints it as one line on stderr with exit status 2, never a
traceback. Kept apart from cli.py so commands need not import the entry point that imports them."""

EXIT_BAD_INPUT = 2


class CommandError(Exception):
    """A user mistake: printed as one line, exit 2."""
