"""DGL's built-in message and reduce functions (dgl.function), as far as matgl's M3GNet path and its neighbours use
them: copy_u, copy_e, u_mul_e, e_mul_u as messages; sum and mean as reductions over each node's incoming edges."""

from __future__ import annotations

from . import _ops


class BuiltinMessage:
    """A message computed per edge from source-node and edge features, stored under `out`."""

    def __init__(self, kind: str, lhs: str | None, rhs: str | None, out: str):
        self.kind, self.lhs, self.rhs, self.out = kind, lhs, rhs, out

    def compute(self, g):
        src, _ = g.edges()
        if self.kind == "copy_u":
            return _ops.gather(g.ndata[self.lhs], src)
        if self.kind == "copy_e":
            return g.edata[self.rhs]
        u, e = _ops.gather(g.ndata[self.lhs], src), g.edata[self.rhs]
        # DGL broadcasts trailing dimensions, e.g. (E, F) * (E, 1)
        return u * e

    def __repr__(self):
        return f"fn.{self.kind}({self.lhs or self.rhs!r}, out={self.out!r})"


class BuiltinReduce:
    """A reduction of the messages arriving at each node (nodes with none get zeros, as in DGL)."""

    def __init__(self, kind: str, msg: str, out: str):
        self.kind, self.msg, self.out = kind, msg, out

    def reduce(self, g, messages):
        _, dst = g.edges()
        total = _ops.scatter_sum(messages, dst, g.num_nodes())
        if self.kind == "sum":
            return total
        deg = g.in_degrees()
        return total / deg.clamp(min=1).to(total.dtype).reshape(-1, *([1] * (total.dim() - 1)))


def copy_u(u: str, out: str) -> BuiltinMessage:
    return BuiltinMessage("copy_u", u, None, out)


def copy_e(e: str, out: str) -> BuiltinMessage:
    return BuiltinMessage("copy_e", None, e, out)


def u_mul_e(lhs_field: str, rhs_field: str, out: str) -> BuiltinMessage:
    return BuiltinMessage("u_mul_e", lhs_field, rhs_field, out)


def e_mul_u(lhs_field: str, rhs_field: str, out: str) -> BuiltinMessage:
    return BuiltinMessage("u_mul_e", rhs_field, lhs_field, out)


def sum(msg: str, out: str) -> BuiltinReduce:  # noqa: A001 (DGL's name)
    return BuiltinReduce("sum", msg, out)


def mean(msg: str, out: str) -> BuiltinReduce:
    return BuiltinReduce("mean", msg, out)


# DGL's aliases
copy_src = copy_u
copy_edge = copy_e
