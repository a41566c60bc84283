"""The search domain."""
