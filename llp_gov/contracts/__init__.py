"""The contracts domain."""
