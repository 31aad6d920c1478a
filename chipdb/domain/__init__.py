"""Plain domain values: vocabulary, records, names, dates, metrics. No database, no I/O, no front end."""
