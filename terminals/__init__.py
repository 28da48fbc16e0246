"""terminals package."""
