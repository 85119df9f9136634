"""Order-preserving, memory-bounded parallel map over a stream, for the CLI.

``Pool.imap`` reads its whole input ahead of the workers, so memory grows with the input;
here at most ``jobs * depth`` batches are in flight and results come back in input order.
With ``jobs == 1`` everything runs in this process, with no pickling at all.

Where workers are forked, the parent runs ``initializer`` and ``warm`` first and freezes its
heap, so the workers inherit the built tables (about 1.2 s of work and ~60 MB each) instead of
building their own copies (the CLI's ``warm`` forks a helper that builds the plain-data tables
meanwhile: see :func:`zhclean._records.warm`).
"""

from __future__ import annotations

import gc
from collections import deque
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["ordered_map"]

T = TypeVar("T")
R = TypeVar("R")


def ordered_map(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    jobs: int = 1,
    depth: int = 3,
    initializer: Callable[..., object] | None = None,
    initargs: tuple = (),
    warm: Callable[[], object] | None = None,
) -> Iterator[R]:
    """Yield ``func(item)`` for each item, in order, using ``jobs`` processes.

    ``func`` and ``initializer`` must be picklable module-level callables when ``jobs > 1``.
    ``warm`` builds lazy resources; it runs in the parent only when workers are forked.
    """
    if jobs <= 1:
        if initializer is not None:
            initializer(*initargs)
        for item in items:
            yield func(item)
        return
    # imported here: -j 1 runs never pay for them (about 30 ms)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if warm is not None and multiprocessing.get_start_method() == "fork":
        if initializer is not None:
            initializer(*initargs)
        warm()
        gc.freeze()  # the inherited tables stay shared: the collector would touch their pages
    pending: deque[Future[R]] = deque()
    limit = jobs * depth
    with ProcessPoolExecutor(max_workers=jobs, initializer=initializer, initargs=initargs) as pool:
        try:
            for item in items:
                pending.append(pool.submit(func, item))
                if len(pending) >= limit:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for fut in pending:
                fut.cancel()
