"""The batch object a user-defined edge function receives (dgl.udf.EdgeBatch): src, dst and data, fetched lazily."""

from __future__ import annotations

from collections.abc import Mapping

from . import _ops


class _RowsOf(Mapping):
    """Features of the nodes at `ids`, gathered only for the keys the function reads (DGL's LazyDict)."""

    def __init__(self, frame, ids):
        self._frame, self._ids, self._cache = frame, ids, {}

    def __getitem__(self, key):
        if key not in self._cache:
            self._cache[key] = _ops.gather(self._frame[key], self._ids)
        return self._cache[key]

    def __iter__(self):
        return iter(self._frame)

    def __len__(self):
        return len(self._frame)


class EdgeBatch:
    def __init__(self, g):
        src, dst = g.edges()
        self._g = g
        self.src = _RowsOf(g.ndata, src)
        self.dst = _RowsOf(g.ndata, dst)
        # A copy: a function that pops a feature from it does not remove it from the graph.
        self.data = dict(g.edata)

    def edges(self):
        return self._g.edges()

    def batch_size(self):
        return self._g.num_edges()

    def __len__(self):
        return self._g.num_edges()


class NodeBatch:
    """Named only: matgl's M3GNet path passes no node functions (the stand-in's update_all takes built-ins only)."""

    def __init__(self, *args, **kwargs):
        raise NotImplementedError("user-defined node functions are not part of the DGL stand-in")
