"""Rules: completeness."""
