"""The public site shell."""
