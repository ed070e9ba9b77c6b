"""Rules: indicator names."""
