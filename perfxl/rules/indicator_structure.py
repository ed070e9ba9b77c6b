"""Rules: indicator structure."""
