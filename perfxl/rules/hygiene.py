"""Rules: hygiene."""
