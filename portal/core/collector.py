"""Python's cycle collector, paused for a large piece of work."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """Building a school's answers (the warnings standing, the review's figures), computing
    a term or reading an import's rows allocates hundreds of thousands of small objects that
    all live until the work ends: the cyclic garbage collector would walk the whole heap
    again and again meanwhile (a third of a cold review's or a compute's CPU, a tenth of a
    30,000-student import's, cProfile shows) and find nothing to free. Paused for the work,
    as it was when the work began; objects freed by their last reference are freed as ever.
    Also a decorator."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
