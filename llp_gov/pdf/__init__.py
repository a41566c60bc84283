"""The pdf domain."""
