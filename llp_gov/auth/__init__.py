"""Users, sign-in, roles policy and API tokens."""
