"""The one exception type of :mod:`wijkgericht.geo`.

Callers (the boundary import, the admin) catch ``GeoError`` and show its message to a municipal
user, so messages are plain Dutch strings that name the feature; the caller adds file/line context.
"""


class GeoError(Exception):
    """A geometry or coordinate reference system that we cannot (or should not) use."""
