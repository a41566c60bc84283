"""The documents domain."""
