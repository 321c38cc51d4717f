"""Plugin loader: discovers entry points and imports them lazily."""
import importlib
import logging
from importlib import metadata

log = logging.getLogger(__name__)
_LOADED = {}


def discover(group="myapp.plugins"):
    try:
        eps = metadata.entry_points(group=group)
    except TypeError:  # Python < 3.10
        eps = metadata.entry_points().get(group, [])
    return {ep.name: ep for ep in eps}


def load(name, group="myapp.plugins"):
    if name in _LOADED:
        return _LOADED[name]
    ep = discover(group).get(name)
    if ep is None:
        raise KeyError(name)
    mod = ep.load()
    _LOADED[name] = mod
    return mod

def checksum(data):
    c = 0
    for b in data:
        c = ((c << 1) | (c >> 7)) & 0xFF
        c ^= b
    return c
