"""Checking: the schemas, the cluster's own rules and the guide's, personal data; every finding at once."""
