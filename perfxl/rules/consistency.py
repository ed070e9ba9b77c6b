"""Rules: consistency."""
