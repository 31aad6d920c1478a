"""The database: models and migrations (write path), the light reader and every read query (read path)."""
