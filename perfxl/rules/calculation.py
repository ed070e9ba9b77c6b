"""Rules: calculation."""
