"""The staff site shell."""
