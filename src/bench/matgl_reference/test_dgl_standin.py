"""Checks of the DGL stand-in against sums written out by hand: python3 -m unittest test_dgl_standin (in this folder)."""

import sys
import unittest
from pathlib import Path

import torch

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import dgl_standin as dgl  # noqa: E402
from dgl_standin import function as fn  # noqa: E402


def small_graph():
    # 4 nodes, 5 edges; node 3 receives nothing
    return dgl.graph((torch.tensor([0, 1, 2, 0, 1]), torch.tensor([1, 2, 0, 2, 1])))


class StandInTest(unittest.TestCase):
    def test_nodes_inferred_from_largest_id_or_given(self):
        self.assertEqual(small_graph().num_nodes(), 3)
        g = dgl.graph((torch.tensor([0, 1]), torch.tensor([1, 0])), num_nodes=4)
        self.assertEqual((g.num_nodes(), g.num_edges()), (4, 2))
        with self.assertRaises(dgl.DGLError):
            dgl.graph((torch.tensor([0, 5]), torch.tensor([1, 0])), num_nodes=4)

    def test_feature_rows_checked(self):
        g = small_graph()
        with self.assertRaisesRegex(dgl.DGLError, "expected 5 rows"):
            g.edata["x"] = torch.zeros(4, 2)

    def test_copy_e_sum_and_mean(self):
        g = dgl.graph((torch.tensor([0, 1, 2, 0, 1]), torch.tensor([1, 2, 0, 2, 1])), num_nodes=4)
        m = torch.arange(10.0).reshape(5, 2)
        g.edata["m"] = m
        g.update_all(fn.copy_e("m", "m"), fn.sum("m", "s"))
        want = torch.stack([m[2], m[0] + m[4], m[1] + m[3], torch.zeros(2)])
        self.assertTrue(torch.equal(g.ndata["s"], want))
        g.update_all(fn.copy_e("m", "m"), fn.mean("m", "a"))
        self.assertTrue(torch.allclose(g.ndata["a"], torch.stack([m[2], (m[0] + m[4]) / 2, (m[1] + m[3]) / 2, torch.zeros(2)])))

    def test_u_mul_e(self):
        g = small_graph()
        g.ndata["h"] = torch.tensor([[1.0], [2.0], [3.0]])
        g.edata["w"] = torch.tensor([[10.0], [20.0], [30.0], [40.0], [50.0]])
        g.update_all(fn.u_mul_e("h", "w", "m"), fn.sum("m", "s"))
        # node 0 <- edge 2 (src 2); node 1 <- edges 0 (src 0), 4 (src 1); node 2 <- edges 1 (src 1), 3 (src 0)
        self.assertTrue(torch.equal(g.ndata["s"], torch.tensor([[90.0], [10.0 + 100.0], [40.0 + 40.0]])))

    def test_kernels_differentiate_twice(self):
        g = small_graph()
        x = torch.randn(5, 3, dtype=torch.float64, requires_grad=True)
        v = torch.randn(3, 3, dtype=torch.float64, requires_grad=True)

        def f(x, v):
            g.edata["x"] = x
            g.ndata["v"] = v
            g.apply_edges(lambda e: {"y": e.src["v"] * e.data["x"] + e.dst["v"]})
            g.edata["y"] = g.edata["y"] ** 2
            g.update_all(fn.copy_e("y", "y"), fn.sum("y", "s"))
            return g.ndata["s"]

        self.assertTrue(torch.autograd.gradcheck(f, (x, v)))
        self.assertTrue(torch.autograd.gradgradcheck(f, (x, v)))

    def test_edge_function_pop_leaves_graph_alone_and_local_scope_forgets(self):
        g = small_graph()
        g.edata["e"] = torch.ones(5, 1)
        g.apply_edges(lambda e: {"f": e.data.pop("e") * 2})
        self.assertIn("e", g.edata)
        with g.local_scope():
            g.edata["tmp"] = torch.zeros(5)
            g.ndata["n"] = torch.zeros(3)
        self.assertNotIn("tmp", g.edata)
        self.assertNotIn("n", g.ndata)
        self.assertIn("f", g.edata)

    def test_batch_readout_and_broadcast(self):
        a = dgl.graph((torch.tensor([0, 1]), torch.tensor([1, 0])))
        b = dgl.graph((torch.tensor([0, 1, 2]), torch.tensor([1, 2, 0])))
        a.ndata["h"] = torch.tensor([[1.0], [2.0]])
        b.ndata["h"] = torch.tensor([[3.0], [4.0], [5.0]])
        a.ndata["w"] = torch.tensor([[1.0], [0.5]])
        b.ndata["w"] = torch.tensor([[2.0], [0.0], [1.0]])
        g = dgl.batch([a, b])
        self.assertEqual(g.batch_size, 2)
        self.assertTrue(torch.equal(g.edges()[0], torch.tensor([0, 1, 2, 3, 4])))
        self.assertTrue(torch.equal(g.edges()[1], torch.tensor([1, 0, 3, 4, 2])))
        self.assertTrue(torch.equal(dgl.readout_nodes(g, "h"), torch.tensor([[3.0], [12.0]])))
        self.assertTrue(torch.equal(dgl.readout_nodes(g, "h", op="mean"), torch.tensor([[1.5], [4.0]])))
        self.assertTrue(torch.equal(dgl.sum_nodes(g, "h", "w"), torch.tensor([[2.0], [11.0]])))
        self.assertTrue(torch.equal(dgl.broadcast_nodes(g, torch.tensor([[7.0], [8.0]])).flatten(), torch.tensor([7.0, 7, 8, 8, 8])))
        self.assertTrue(torch.equal(dgl.broadcast_edges(g, torch.tensor([[7.0], [8.0]])).flatten(), torch.tensor([7.0, 7, 8, 8, 8])))
        single = dgl.readout_nodes(a, "h")
        self.assertEqual(tuple(single.shape), (1, 1))

    def test_refuses_what_it_does_not_cover(self):
        g = small_graph()
        with self.assertRaises(dgl.DGLError):
            g.update_all(lambda e: e, fn.sum("m", "s"))
        with self.assertRaises(NotImplementedError):
            dgl.softmax_edges(g, "x")
        with self.assertRaises(NotImplementedError):
            dgl.nn.Set2Set(4, 2, 1)


if __name__ == "__main__":
    unittest.main()
