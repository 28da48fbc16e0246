"""Errors the geofence package raises; each message names the thing, the bad value and the rule."""

from __future__ import annotations


class GeofenceError(Exception):
    """Base of every error the geofence package raises."""


class InvalidCoordinate(GeofenceError, ValueError):
    """A latitude or longitude is not a number, not finite, or out of range."""


class InvalidAccuracy(GeofenceError, ValueError):
    """A horizontal accuracy is negative or not a finite number."""


class InvalidZone(GeofenceError, ValueError):
    """A zone cannot be used: a bad radius, a missing centre, or no zone at all."""


class InvalidPolygon(InvalidZone):
    """A polygon is not a valid area (too few points, self-intersecting, wrong type)."""


class InvalidLocationFix(GeofenceError, ValueError):
    """The facts about a location message contradict each other or lack a time zone."""


class BoundaryFileError(GeofenceError):
    """A village boundary file cannot be read as a GeoJSON FeatureCollection."""
