"""Rules: integrity."""
