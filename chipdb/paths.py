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


def seed_stamp(files: list[Path]) -> str:
    """A cheap fingerprint of seed files: names, sizes and modification times (a few stat calls, no reading).

    Equal stamps mean the same files; a different stamp may still hide the same contents (a fresh checkout or
    reinstall touches every file), which `seed_digest` settles.
    """
    import hashlib

    digest = hashlib.sha256()
    for path in files:
        status = path.stat()
        digest.update(f"{path.name}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def seed_digest(files: list[Path]) -> str:
    """A hash of the seed files' names and contents (reads them: about 0.4 MB for the bundled set)."""
    import hashlib

    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
