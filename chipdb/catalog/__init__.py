"""The catalog's write path: seed files in (safe reading, format, units, loader, writer), checks, export out."""
