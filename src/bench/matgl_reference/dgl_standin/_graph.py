"""A homogeneous graph with node and edge feature dicts: the part of dgl.DGLGraph matgl's M3GNet path uses."""

from __future__ import annotations

import contextlib

import numpy as np
import torch

from .function import BuiltinMessage, BuiltinReduce
from .udf import EdgeBatch


class DGLError(Exception):
    """Raised where DGL raises its DGLError (the message says what the stand-in refused)."""


class _Frame(dict):
    """Feature dict of one kind of item (nodes or edges): every tensor has one row per item, as DGL checks."""

    def __init__(self, kind: str, size: int, items=()):
        super().__init__(items)
        self.kind = kind
        self.size = size

    def __setitem__(self, key, value):
        if not isinstance(value, torch.Tensor):
            raise DGLError(f"{self.kind} feature '{key}' must be a tensor, got {type(value).__name__}")
        if value.dim() == 0 or value.shape[0] != self.size:
            shape = tuple(value.shape)
            raise DGLError(f"{self.kind} feature '{key}' has shape {shape}; expected {self.size} rows (one per {self.kind})")
        super().__setitem__(key, value)

    def copy(self) -> _Frame:
        return _Frame(self.kind, self.size, self.items())


def _as_ids(x, what: str) -> torch.Tensor:
    if isinstance(x, torch.Tensor):
        t = x
    else:
        t = torch.as_tensor(np.asarray(x))
        if t.numel() == 0:
            t = t.to(torch.int64)
    if t.dtype not in (torch.int32, torch.int64):
        if t.numel() == 0 or t.dtype in (torch.int8, torch.int16, torch.uint8):
            t = t.to(torch.int64)
        else:
            raise DGLError(f"{what} node ids must be integers, got {t.dtype}")
    return t.reshape(-1)


class Graph:
    """One graph, or a batch of graphs laid end to end (batch_num_nodes / batch_num_edges say where each one ends)."""

    def __init__(self, src: torch.Tensor, dst: torch.Tensor, num_nodes: int, batch_num_nodes=None, batch_num_edges=None):
        self._src = src
        self._dst = dst
        self._num_nodes = int(num_nodes)
        self._ndata = _Frame("node", self._num_nodes)
        self._edata = _Frame("edge", int(src.shape[0]))
        self._batch_num_nodes = (
            torch.tensor([self._num_nodes]) if batch_num_nodes is None else torch.as_tensor(batch_num_nodes).long()
        )
        self._batch_num_edges = (
            torch.tensor([int(src.shape[0])]) if batch_num_edges is None else torch.as_tensor(batch_num_edges).long()
        )

    # --- structure ---------------------------------------------------------------------------------------------
    def num_nodes(self, ntype=None) -> int:
        return self._num_nodes

    def num_edges(self, etype=None) -> int:
        return int(self._src.shape[0])

    number_of_nodes = num_nodes
    number_of_edges = num_edges

    def edges(self, form: str = "uv", order: str = "eid", etype=None):
        if form == "uv":
            return self._src, self._dst
        if form == "eid":
            return torch.arange(self.num_edges(), dtype=self._src.dtype, device=self._src.device)
        if form == "all":
            return self._src, self._dst, torch.arange(self.num_edges(), dtype=self._src.dtype, device=self._src.device)
        raise DGLError(f"edges(form={form!r}) is not supported by the stand-in")

    def in_degrees(self) -> torch.Tensor:
        return torch.bincount(self._dst.long(), minlength=self._num_nodes)

    @property
    def idtype(self):
        return self._src.dtype

    @property
    def device(self):
        return self._src.device

    def to(self, device, **kwargs) -> Graph:
        device = torch.device(device)
        if device == self.device:
            return self
        g = Graph(self._src.to(device), self._dst.to(device), self._num_nodes, self._batch_num_nodes, self._batch_num_edges)
        for k, v in self._ndata.items():
            g._ndata[k] = v.to(device)
        for k, v in self._edata.items():
            g._edata[k] = v.to(device)
        return g

    # --- batches -----------------------------------------------------------------------------------------------
    @property
    def batch_size(self) -> int:
        return int(self._batch_num_nodes.numel())

    def batch_num_nodes(self, ntype=None) -> torch.Tensor:
        return self._batch_num_nodes

    def batch_num_edges(self, etype=None) -> torch.Tensor:
        return self._batch_num_edges

    # --- features ----------------------------------------------------------------------------------------------
    @property
    def ndata(self) -> _Frame:
        return self._ndata

    @property
    def edata(self) -> _Frame:
        return self._edata

    @contextlib.contextmanager
    def local_scope(self):
        """Feature changes inside are forgotten at the end (tensors are shared, not copied), as in DGL."""
        saved = self._ndata, self._edata
        self._ndata, self._edata = self._ndata.copy(), self._edata.copy()
        try:
            yield
        finally:
            self._ndata, self._edata = saved

    # --- message passing ---------------------------------------------------------------------------------------
    def apply_edges(self, func, edges="__ALL__", etype=None) -> None:
        if not (isinstance(edges, str) and edges == "__ALL__"):
            raise DGLError("apply_edges on a subset of edges is not supported by the stand-in")
        if isinstance(func, BuiltinMessage):
            self._edata[func.out] = func.compute(self)
            return
        if not callable(func):
            raise DGLError(f"apply_edges needs a function, got {type(func).__name__}")
        result = func(EdgeBatch(self))
        for k, v in result.items():
            self._edata[k] = v

    def update_all(self, message_func, reduce_func, apply_node_func=None, etype=None) -> None:
        if not isinstance(message_func, BuiltinMessage) or not isinstance(reduce_func, BuiltinReduce):
            raise DGLError(
                "update_all in the stand-in takes DGL's built-in message and reduce functions only "
                f"(got {type(message_func).__name__}, {type(reduce_func).__name__})"
            )
        if reduce_func.msg != message_func.out:
            raise DGLError(f"reduce function reads message '{reduce_func.msg}' but the message is '{message_func.out}'")
        out = reduce_func.reduce(self, message_func.compute(self))
        self._ndata[reduce_func.out] = out
        if apply_node_func is not None:
            raise DGLError("update_all with apply_node_func is not supported by the stand-in")


def graph(data, *, ntype=None, etype=None, num_nodes=None, idtype=None, device=None, **kwargs) -> Graph:
    """dgl.graph((src, dst)): without num_nodes, the largest node id + 1 nodes, as DGL infers them."""
    if not isinstance(data, tuple) or len(data) != 2:
        raise DGLError("the stand-in builds graphs from a (src, dst) pair of id tensors only")
    src, dst = _as_ids(data[0], "source"), _as_ids(data[1], "destination")
    if src.shape != dst.shape:
        raise DGLError(f"{src.shape[0]} source ids but {dst.shape[0]} destination ids")
    if src.dtype != dst.dtype:
        raise DGLError(f"source ids are {src.dtype} but destination ids are {dst.dtype}")
    if idtype is not None:
        src, dst = src.to(idtype), dst.to(idtype)
    if device is not None:
        src, dst = src.to(device), dst.to(device)
    largest = int(torch.max(torch.max(src), torch.max(dst))) + 1 if src.numel() > 0 else 0
    if src.numel() > 0 and int(torch.min(torch.min(src), torch.min(dst))) < 0:
        raise DGLError("node ids must not be negative")
    if num_nodes is None:
        num_nodes = largest
    elif num_nodes < largest:
        raise DGLError(f"num_nodes={num_nodes} but the edges name node {largest - 1}")
    return Graph(src, dst, num_nodes)


def batch(graphs) -> Graph:
    """Graphs laid end to end, node ids of each shifted past the previous ones; features concatenated."""
    graphs = list(graphs)
    if not graphs:
        raise DGLError("batch of no graphs")
    offsets = np.cumsum([0] + [g.num_nodes() for g in graphs[:-1]])
    src = torch.cat([g._src + int(o) for g, o in zip(graphs, offsets)])
    dst = torch.cat([g._dst + int(o) for g, o in zip(graphs, offsets)])
    bn = torch.cat([g.batch_num_nodes() for g in graphs])
    be = torch.cat([g.batch_num_edges() for g in graphs])
    out = Graph(src, dst, int(bn.sum()), bn, be)
    for frame, pick in ((out._ndata, lambda g: g._ndata), (out._edata, lambda g: g._edata)):
        keys = set(pick(graphs[0]).keys())
        for g in graphs[1:]:
            if set(pick(g).keys()) != keys:
                raise DGLError("graphs in a batch must carry the same feature names")
        for k in pick(graphs[0]).keys():
            frame[k] = torch.cat([pick(g)[k] for g in graphs])
    return out
