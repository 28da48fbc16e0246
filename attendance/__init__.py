"""attendance package."""
