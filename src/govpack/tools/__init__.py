"""The tools over the pipeline: the command line, serve, new, explain, bench and the editors' schemas."""
