"""The stand-in's kernels: each a torch.autograd.Function, as DGL's own sparse ops are (dgl/backend/pytorch/sparse.py
wraps its C++ SpMM and segment kernels the same way), so forward and backward of each can be timed on its own.

DGL runs these in C++ (CSR SpMM, segment reduce); here they are torch's index_add / index_select / sum, which is
where the stand-in can differ from DGL in speed. The results are the same sums.
"""

from __future__ import annotations

import time
from collections import defaultdict

import torch

# Seconds spent in each kernel, forward and backward apart, while timing is on (see enable_timing).
_timing = {"on": False, "seconds": defaultdict(float), "calls": defaultdict(int)}


def enable_timing(on: bool = True) -> None:
    """Starts (or stops) accounting the time of every stand-in kernel; reset_timing() clears the totals."""
    _timing["on"] = on


def reset_timing() -> None:
    _timing["seconds"].clear()
    _timing["calls"].clear()


def timing() -> dict[str, tuple[float, int]]:
    """{kernel name: (seconds, calls)} since the last reset."""
    return {k: (v, _timing["calls"][k]) for k, v in _timing["seconds"].items()}


class _Clock:
    __slots__ = ("name", "t0")

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        if _timing["on"]:
            self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        if _timing["on"]:
            _timing["seconds"][self.name] += time.perf_counter() - self.t0
            _timing["calls"][self.name] += 1
        return False


def clock(name: str) -> _Clock:
    return _Clock(name)


class ScatterSum(torch.autograd.Function):
    """out[index[i]] += x[i] over rows: DGL's copy_e/copy_u + sum (gspmm); its gradient is a gather of the rows."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, index: torch.Tensor, size: int):
        with clock("scatter_sum.forward"):
            ctx.save_for_backward(index)
            return x.new_zeros((size, *x.shape[1:])).index_add_(0, index, x)

    @staticmethod
    def backward(ctx, grad: torch.Tensor):
        with clock("scatter_sum.backward"):
            (index,) = ctx.saved_tensors
            # Plain differentiable torch ops (not in place), so create_graph=True, which matgl's Potential asks
            # for, records them for a second derivative.
            return grad.index_select(0, index), None, None


class Gather(torch.autograd.Function):
    """x[index] over rows: DGL's copy_u / broadcast (gsddmm, F.gather_row); its gradient is a scatter-sum."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, index: torch.Tensor):
        with clock("gather.forward"):
            ctx.save_for_backward(index)
            ctx.rows = x.shape[0]
            return x.index_select(0, index)

    @staticmethod
    def backward(ctx, grad: torch.Tensor):
        with clock("gather.backward"):
            (index,) = ctx.saved_tensors
            return grad.new_zeros((ctx.rows, *grad.shape[1:])).index_add(0, index, grad), None


def scatter_sum(x: torch.Tensor, index: torch.Tensor, size: int) -> torch.Tensor:
    return ScatterSum.apply(x, index.long(), size)


def gather(x: torch.Tensor, index: torch.Tensor) -> torch.Tensor:
    return Gather.apply(x, index.long())


def segment_sum(x: torch.Tensor, counts: torch.Tensor) -> torch.Tensor:
    """Sum of consecutive row segments of the given lengths (DGL's segment_reduce 'sum', the readout of a batch)."""
    if counts.numel() == 1:
        with clock("segment_sum.forward"):
            return x.sum(dim=0, keepdim=True)
    ids = torch.repeat_interleave(torch.arange(counts.numel(), device=x.device), counts.long())
    return scatter_sum(x, ids, counts.numel())


def segment_broadcast(x: torch.Tensor, counts: torch.Tensor) -> torch.Tensor:
    """Row g of x repeated counts[g] times (DGL's broadcast_nodes / broadcast_edges)."""
    ids = torch.repeat_interleave(torch.arange(counts.numel(), device=x.device), counts.long())
    return gather(x, ids)
