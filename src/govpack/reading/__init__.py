"""Reading content: YAML files to organisations and their documents, with where every value was written."""
