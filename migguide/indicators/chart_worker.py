"""Rendering a chart in a child process, so that a chart that makes the rendering engine
abort (a mis-specified chart once asked vl-convert for 600 GB) takes down the child,
never the web server or the command. The child is spawned once and reused."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

TIMEOUT = 60


class ChartError(Exception):
    """The chart could not be drawn."""


def _render(spec_json: str) -> str:
    import json

    import vl_convert

    # Vega would describe every axis and mark to screen readers in English ("X-axis
    # titled …"), whatever the reader's language: the figure's caption and alternative
    # text, which are translated, say what the chart shows instead.
    spec = json.loads(spec_json)
    spec.setdefault("config", {})["aria"] = False
    return vl_convert.vegalite_to_svg(spec)


def _watch_parent(parent: int) -> None:
    """In the child: end when the process that spawned it is gone (killed without the
    chance to stop its pool), instead of lingering as an orphan."""
    import os
    import time

    def watch():
        while os.getppid() == parent:
            time.sleep(2)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def _executor() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            import os

            _pool = ProcessPoolExecutor(
                1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_watch_parent,
                initargs=(os.getpid(),),
            )
        return _pool


def _discard(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def render_svg(spec_json: str) -> str:
    if multiprocessing.current_process().daemon:
        # A daemonic process (a multiprocessing.Pool worker) may not have children:
        # it is itself the disposable process, so the chart is drawn here.
        try:
            return _render(spec_json)
        except Exception as error:
            raise ChartError(f"the chart could not be drawn: {error}") from None
    pool = _executor()
    try:
        return pool.submit(_render, spec_json).result(timeout=TIMEOUT)
    except BrokenProcessPool:
        _discard(pool)
        raise ChartError("the chart renderer stopped while drawing this chart") from None
    except TimeoutError:
        _discard(pool)
        raise ChartError(f"the chart took longer than {TIMEOUT} s to draw") from None
    except Exception as error:  # vl-convert reports a bad specification as ValueError
        raise ChartError(f"the chart could not be drawn: {error}") from None
