"""The one exception hierarchy a user can cause; the CLI maps it to exit code 1 in one place."""

from collections.abc import Iterable


class ChipdbError(Exception):
    """An error the user can act on; its message is one line naming what and where.

    `details` holds the individual problems behind a summary ("seed/x.yaml: 4 problems"), one line each: the
    CLI prints them before the `Error:` line, so every problem of a run is reported at once.
    """

    def __init__(self, message: str = "", details: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.details: tuple[str, ...] = tuple(details)


class ChipNotFoundError(ChipdbError):
    """A name matched no chip (the message carries any suggestions; `suggestions` lists them for the web API)."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = list(suggestions or [])


class AmbiguousNameError(ChipdbError):
    """A name matched several chips (`candidates` lists them for the web API)."""

    def __init__(self, message: str, candidates: list[str] | None = None) -> None:
        super().__init__(message)
        self.candidates = list(candidates or [])


class SeedError(ChipdbError):
    """A seed file is malformed or inconsistent."""


class SchemaMismatchError(ChipdbError):
    """The database is at a revision this chipdb cannot use as it is."""


class DatabaseError(ChipdbError):
    """The database cannot be opened or written (bad URL, permissions, not a database)."""


class InputError(ChipdbError):
    """A command-line value is malformed (a date, a rate, a destination)."""


def first_line(exc: BaseException) -> str:
    """The driver's own message, first line only (a database error can span many lines)."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
