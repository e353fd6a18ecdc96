"""Python's cyclic garbage collector, told to run less often during the long jobs (a build, a
site): they make millions of short-lived objects and hardly any reference cycles, and with the
default thresholds the collector took a quarter of loading and converting the atlas."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def fewer_collections():
    """Within the block (or the function it decorates), collect every 50,000 allocations instead
    of every 700; the previous thresholds come back after."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*before)
