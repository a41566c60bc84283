# The signatures area has no pages of its own (the board portal moved to tests/board/access.py).
RULES: dict = {}
