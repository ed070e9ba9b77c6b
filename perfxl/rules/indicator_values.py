"""Rules: indicator values."""
