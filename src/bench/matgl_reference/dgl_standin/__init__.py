"""A minimal pure-PyTorch stand-in for the DGL API calls matgl's M3GNet inference path makes.

Written for the crystal-gan workbench's reference benchmark (src/bench/matgl_reference/README.md says what it covers);
registered as `dgl` in sys.modules by m3gnet_reference.py only, never installed. Calls it does not cover raise.
"""

from __future__ import annotations

import torch

from . import _ops, function, nn, udf
from ._graph import DGLError, Graph, batch, graph

DGLGraph = Graph
__version__ = "0-standin"


def _feature(g: Graph, frame, feat: str, weight: str | None):
    x = frame[feat]
    if weight is not None:
        w = frame[weight]
        x = x * (w if w.dim() == x.dim() else w.reshape(w.shape[0], *([1] * (x.dim() - 1))))
    return x


def _readout(g: Graph, frame, counts, feat: str, weight: str | None, op: str):
    x = _feature(g, frame, feat, weight)
    total = _ops.segment_sum(x, counts)
    if op == "sum":
        return total
    if op == "mean":
        return total / counts.clamp(min=1).to(total.dtype).reshape(-1, *([1] * (total.dim() - 1)))
    raise DGLError(f"readout op '{op}' is not supported by the stand-in (sum and mean are)")


def readout_nodes(graph: Graph, feat: str, weight: str | None = None, *, op: str = "sum", ntype=None):
    """Per-graph sum or mean of a node feature, optionally weighted: shape (batch_size, *feature shape)."""
    return _readout(graph, graph.ndata, graph.batch_num_nodes(), feat, weight, op)


def readout_edges(graph: Graph, feat: str, weight: str | None = None, *, op: str = "sum", etype=None):
    return _readout(graph, graph.edata, graph.batch_num_edges(), feat, weight, op)


def sum_nodes(graph: Graph, feat: str, weight: str | None = None, *, ntype=None):
    return readout_nodes(graph, feat, weight, op="sum")


def mean_nodes(graph: Graph, feat: str, weight: str | None = None, *, ntype=None):
    return readout_nodes(graph, feat, weight, op="mean")


def sum_edges(graph: Graph, feat: str, weight: str | None = None, *, etype=None):
    return readout_edges(graph, feat, weight, op="sum")


def broadcast_nodes(graph: Graph, graph_feat: torch.Tensor, *, ntype=None):
    """Row b of graph_feat repeated for every node of graph b."""
    return _ops.segment_broadcast(graph_feat, graph.batch_num_nodes())


def broadcast_edges(graph: Graph, graph_feat: torch.Tensor, *, etype=None):
    return _ops.segment_broadcast(graph_feat, graph.batch_num_edges())


def _not_covered(name: str):
    def refuse(*args, **kwargs):
        raise NotImplementedError(f"dgl.{name} is not part of the DGL stand-in (matgl's M3GNet path does not call it)")

    refuse.__name__ = name
    return refuse


# Imported by name in matgl modules that load beside M3GNet (CHGNet, MEGNet, TensorNet layers), never called by it.
softmax_edges = _not_covered("softmax_edges")
softmax_nodes = _not_covered("softmax_nodes")

__all__ = [
    "DGLError",
    "DGLGraph",
    "Graph",
    "batch",
    "broadcast_edges",
    "broadcast_nodes",
    "function",
    "graph",
    "mean_nodes",
    "nn",
    "readout_edges",
    "readout_nodes",
    "softmax_edges",
    "softmax_nodes",
    "sum_edges",
    "sum_nodes",
    "udf",
]
