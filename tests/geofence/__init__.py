"""Tests of the geofence package, mirroring its modules."""
