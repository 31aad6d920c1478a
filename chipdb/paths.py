"""Where the bundled migrations and seed data are: inside the wheel, or at the top of a source checkout."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    inside = _PACKAGE / "_data" / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def migrations_dir() -> Path:
    return _bundled("migrations")


def seed_dir() -> Path:
    return _bundled("seed")


def seed_files(directory: Path | None = None) -> list[Path]:
    """The bundled seed files in a stable order."""
    return sorted((directory or seed_dir()).glob("*.yaml"))
