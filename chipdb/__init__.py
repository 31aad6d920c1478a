"""chipdb: AI-accelerator specifications and export-control status, every number sourced."""

__version__ = "0.1.0"
