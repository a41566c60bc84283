"""In-app notifications and mail."""
