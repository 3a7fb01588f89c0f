"""Staff views for plans."""
