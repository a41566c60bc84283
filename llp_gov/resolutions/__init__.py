"""The resolutions domain."""
