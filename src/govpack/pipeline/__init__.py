"""The pipeline: what is outdated, the manifest, and the build and publication of an audience."""
