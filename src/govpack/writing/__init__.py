"""Writing: the writers that turn rendered HTML into files (PDF, pack), the worker pool, and what WeasyPrint may read."""
