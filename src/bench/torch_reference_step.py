#!/usr/bin/env python3
"""Times the reference PyTorch networks the way `crystalgan bench` times ours.

Not part of the product or its tests (they need no Python); it backs the speed comparison in README.md.
Usage (Debian: apt-get install python3-torch libopenblas0-pthread):

    python3 src/bench/torch_reference_step.py REFERENCE_DIR [THREADS]

REFERENCE_DIR is the folder of kaist-amsg/Composition-Conditioned-Crystal-GAN that holds its models.py (imported
unchanged, not copied here). One "critic+generator step" is what train.py does for a batch with j % 5 == 0: the
critic and classifier step on real data with the exact gradient penalty, then the generator step; batch 32.
"""
import statistics
import sys
import time
import types

ref = sys.argv[1]
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
sys.path.insert(0, ref)
import torch  # noqa: E402
from torch import autograd  # noqa: E402

torch.set_num_threads(threads)
from models import Discriminator, Generator, QHead_  # noqa: E402

opt = types.SimpleNamespace(latent_dim=512, input_dim=541)
G, D, Q = Generator(opt), Discriminator(opt), QHead_(opt)
opt_g = torch.optim.Adam(G.parameters(), lr=5e-5, betas=(0.5, 0.999))
opt_d = torch.optim.Adam(D.parameters(), lr=5e-5, betas=(0.5, 0.999))
opt_q = torch.optim.Adam(Q.parameters(), lr=2.5e-5, betas=(0.5, 0.999))
ce = torch.nn.CrossEntropyLoss()
B = 32


def one_hot(idx, n):
    t = torch.zeros(B, n)
    t[range(B), idx] = 1
    return t


def step(with_generator):
    real = torch.rand(B, 1, 30, 3)
    rows8 = torch.randint(0, 2, (B, 8, 1))
    rows12 = torch.randint(0, 2, (B, 12, 1))
    n_mg, n_mn, n_o = torch.randint(0, 8, (B,)), torch.randint(0, 8, (B,)), torch.randint(0, 12, (B,))
    natoms = ((n_mg + n_mn + n_o + 3).float() / 28).unsqueeze(-1)
    cond = (one_hot(n_mg, 8), one_hot(n_mn, 8), one_hot(n_o, 12), natoms)
    D.zero_grad()
    Q.zero_grad()
    _, d_real = D(real)
    q = Q(real)
    q_loss = ce(q[0], rows8) + ce(q[1], rows8) + ce(q[2], rows12) + 0.3 * (ce(q[3], n_mg) + ce(q[4], n_mn) + ce(q[5], n_o))
    (q_loss - d_real.mean()).backward()
    fake = G(torch.randn(B, 512), *cond).detach()
    _, d_fake = D(fake)
    d_fake.mean().backward()
    eps = torch.rand(B, 1, 1, 1)
    x_hat = (eps * real + (1 - eps) * fake).requires_grad_(True)
    _, d_hat = D(x_hat)
    grad = autograd.grad(d_hat, x_hat, torch.ones_like(d_hat), create_graph=True, retain_graph=True)[0].view(B, -1)
    (10 * ((grad.norm(2, dim=1) - 1) ** 2).mean()).backward()
    opt_d.step()
    opt_q.step()
    if with_generator:
        for p in D.parameters():
            p.requires_grad = False
        G.zero_grad()
        Q.zero_grad()
        fake = G(torch.randn(B, 512), *cond)
        _, d_gen = D(fake)
        q = Q(fake)
        (0.3 * (ce(q[3], n_mg) + ce(q[4], n_mn) + ce(q[5], n_o)) - d_gen.mean()).backward()
        opt_q.step()
        opt_g.step()
        for p in D.parameters():
            p.requires_grad = True


both, critic_only = [], []
for i in range(40):
    t0 = time.perf_counter()
    step(True)
    t1 = time.perf_counter()
    step(False)
    t2 = time.perf_counter()
    if i >= 5:
        both.append(t1 - t0)
        critic_only.append(t2 - t1)
s, c = statistics.median(both), statistics.median(critic_only)
print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)")
print(f"critic+generator step: {1000 * s:.0f} ms")
print(f"5:1 iteration: {1000 * (s + 4 * c) / 5:.0f} ms")
