#!/usr/bin/env python3
"""matgl's own M3GNet (PyTorch), run unmodified over the DGL stand-in in dgl_standin/, checked and timed.

Not part of the product or its tests (they need no Python); it backs issue 15's speed comparison in docs/BENCHMARKS.md.
Usage (Debian 12: apt-get install python3-torch python3-pymatgen python3-ase; see README.md beside this file):

    python3 m3gnet_reference.py MATGL_SRC MODEL_DIR CIF [CIF...] [--threads 1] [--supercells 1,2,4,8]

MATGL_SRC is matgl's git repository (a bare mirror is fine: src/matgl of --matgl-rev is exported to a temporary
folder) or a folder holding matgl/ or src/matgl/. matgl's modules are imported from there unchanged. The first CIF
is timed (energy, forces and stress through matgl's ASE calculator, graph construction included, median after
warm-up) as it is and as supercells 2, 4, 8 times larger (a doubled, then b, then c: the cells bench-potential
times); every CIF is evaluated once and printed.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent

# matgl's published test expectation (tests/ext/test_ase_dgl.py, pretrained M3GNet-MP-2021.2.8-PES): MoS in a cubic
# 4.0 Å cell, Mo at the origin and S at the centre.
MATGL_TEST_ENERGY = -10.824362


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("matgl_src", metavar="MATGL_SRC", help="matgl git repository (bare is fine) or a folder holding matgl/")
    p.add_argument("model_dir", metavar="MODEL_DIR", help="matgl model folder: model.json, state.pt, model.pt")
    p.add_argument("cifs", metavar="CIF", nargs="+", help="structures; the first one is timed")
    p.add_argument("--threads", type=int, default=1, help="torch and BLAS threads (default 1)")
    p.add_argument("--supercells", default="1,2,4,8", help="cell multiples to time, powers of two (default 1,2,4,8)")
    p.add_argument("--seconds", type=float, default=3.0, help="timed seconds per cell size after warm-up (default 3)")
    p.add_argument("--matgl-rev", default="HEAD", help="revision exported when MATGL_SRC is a git repository")
    p.add_argument("--java", metavar="JAR", help="compare with `java -jar JAR energy CIF` for every CIF")
    p.add_argument("--forces", action="store_true", help="print every force, not only the largest")
    p.add_argument("--profile", action="store_true", help="where the time goes: stand-in kernels and matgl's stages")
    p.add_argument("--json", metavar="FILE", help="write energies, forces, stresses and timings there")
    p.add_argument("--no-timing", action="store_true", help="only check and evaluate")
    a = p.parse_args(argv)
    if a.threads < 1:
        p.error(f"--threads must be at least 1 (got {a.threads})")
    if not a.seconds > 0:
        p.error(f"--seconds must be positive (got {a.seconds})")
    try:
        a.multiples = [int(x) for x in a.supercells.split(",") if x.strip()]
    except ValueError:
        p.error(f"--supercells {a.supercells!r}: not a comma-separated list of integers")
    for m in a.multiples:
        if m < 1 or m & (m - 1):
            p.error(f"--supercells: {m} is not a power of two (cells are doubled along a, b, c in turn)")
    for f in [a.model_dir]:
        for name in ("model.json", "state.pt", "model.pt"):
            if not (Path(f) / name).is_file():
                p.error(f"{f}: no {name} (not a matgl model folder)")
    for c in a.cifs:
        if not Path(c).is_file():
            p.error(f"{c}: no such file")
    return a


def matgl_source(src: str, rev: str) -> tuple[Path, str]:
    """The folder to put on sys.path for `import matgl`, and a description of where it came from."""
    path = Path(src)
    if (path / "matgl" / "__init__.py").is_file():
        return path, f"folder {path}"
    if (path / "src" / "matgl" / "__init__.py").is_file():
        return path / "src", f"folder {path / 'src'}"
    git = ["git", f"--git-dir={path / '.git' if (path / '.git').is_dir() else path}"]
    try:
        commit = subprocess.run([*git, "rev-parse", "--verify", f"{rev}^{{commit}}"], check=True,
                                capture_output=True, text=True).stdout.strip()
    except (subprocess.CalledProcessError, FileNotFoundError) as e:
        sys.exit(f"{src}: neither a folder holding matgl/ nor a git repository with revision {rev} ({e})")
    out = Path(tempfile.mkdtemp(prefix="matgl-src-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    archive = subprocess.run([*git, "archive", "--format=tar", commit, "src/matgl"], capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(out)], input=archive.stdout, check=True)
    if not (out / "src" / "matgl" / "__init__.py").is_file():
        sys.exit(f"{src}: revision {commit} has no src/matgl ({archive.stderr.decode(errors='replace').strip()})")
    return out / "src", f"git {src} at {commit} (exported to {out})"


def install_standins() -> list[str]:
    """Registers the DGL stand-in as `dgl` and names the ASE modules this ASE lacks; returns what was stubbed."""
    sys.path.insert(0, str(HERE))
    import dgl_standin

    sys.modules["dgl"] = dgl_standin
    sys.modules["dgl.function"] = dgl_standin.function
    sys.modules["dgl.nn"] = dgl_standin.nn
    sys.modules["dgl.udf"] = dgl_standin.udf
    stubbed = []
    # matgl.ext._ase_dgl imports these for its relaxer and molecular dynamics (ASE >= 3.23); the calculator path does
    # not use them. Debian 12's ASE 3.22 lacks them, so they are named here and refuse to be used.
    wanted = {"ase.filters": ["Filter", "FrechetCellFilter"], "ase.md.bussi": ["Bussi"],
              "ase.md.nose_hoover_chain": ["IsotropicMTKNPT", "NoseHooverChainNVT"]}
    import importlib.util

    for mod, names in wanted.items():
        try:
            found = importlib.util.find_spec(mod) is not None
        except ModuleNotFoundError:
            found = False
        if found:
            continue
        m = types.ModuleType(mod)
        for n in names:
            m.__dict__[n] = _refusing_class(f"{mod}.{n}")
        sys.modules[mod] = m
        stubbed.append(f"{mod} ({', '.join(names)})")
    return stubbed


def _refusing_class(name: str):
    def __init__(self, *args, **kwargs):
        raise NotImplementedError(f"{name} is absent from this ASE; the M3GNet calculator path does not need it")

    return type(name.rsplit(".", 1)[1], (), {"__init__": __init__})


def writable_lattice(structure):
    """A copy whose lattice matrix numpy may write: pymatgen 2022.11 (Debian 12) hands it out read-only, and the
    Cython neighbour search matgl's pymatgen converter calls refuses read-only buffers (the ASE path is unaffected)."""
    s = structure.copy()
    m = s.lattice.matrix
    if not m.flags.writeable:
        try:
            m.setflags(write=True)
        except ValueError:
            s.lattice._matrix = m.copy()
    return s


def supercell_repeats(multiple: int) -> tuple[int, int, int]:
    r = [1, 1, 1]
    k = 0
    while multiple > 1:
        r[k % 3] *= 2
        multiple //= 2
        k += 1
    return tuple(r)


def voigt(stress3x3) -> list[float]:
    """xx, yy, zz, yz, xz, xy: the order of ASE and of the workbench's energy command."""
    s = stress3x3
    return [float(s[0][0]), float(s[1][1]), float(s[2][2]), float(s[1][2]), float(s[0][2]), float(s[0][1])]


def java_energy(jar: str, cif: str) -> dict:
    run = subprocess.run(["java", "-jar", jar, "energy", cif], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"java -jar {jar} energy {cif} failed: {run.stderr.strip() or run.stdout.strip()}")
    lines = [ln for ln in run.stdout.splitlines() if ln.strip()]
    head = lines[0].split(",")
    row = lines[1].split(",")
    # file names with commas are quoted by the energy command; the numbers are the last columns
    values = dict(zip(head[-9:], (float(x) for x in row[-9:])))
    try:
        return {"energy": values["energy_eV"], "energy_per_atom": values["energy_per_atom_eV"],
                "max_force": values["max_force_eV_per_A"],
                "stress": [values[f"stress_GPa_{c}"] for c in ("xx", "yy", "zz", "yz", "xz", "xy")]}
    except KeyError as e:
        sys.exit(f"java -jar {jar} energy {cif}: no column {e} in its header {lines[0]!r}")


def main(argv=None) -> int:
    a = parse_args(argv)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(a.threads)
    os.environ["MATGL_BACKEND"] = "DGL"
    src, origin = matgl_source(a.matgl_src, a.matgl_rev)
    stubbed = install_standins()
    sys.path.insert(0, str(src))

    import numpy as np
    import torch

    torch.set_num_threads(a.threads)
    import matgl

    if not Path(matgl.__file__).resolve().is_relative_to(src.resolve()):
        sys.exit(f"matgl was imported from {matgl.__file__}, not from {src}: an installed matgl shadows it")
    # PyTorch before 2.0 indexes only with int64 ids; matgl's default is int32. matgl's own switch (set_default_dtype)
    # also sets torch's float default to float64 as a side effect, which is put back: the model stays float32.
    matgl.set_default_dtype("int", 64)
    torch.set_default_dtype(torch.float32)

    from ase.calculators.calculator import all_changes
    from pymatgen.core import Lattice, Structure
    from pymatgen.io.ase import AseAtomsAdaptor

    import dgl_standin
    from matgl.ext._ase_dgl import PESCalculator
    from matgl.ext._pymatgen_dgl import Structure2Graph

    print(f"matgl: {origin}")
    print(f"python {sys.version.split()[0]}, torch {torch.__version__}, numpy {np.__version__}, threads {torch.get_num_threads()}")
    print("dgl: the stand-in in " + str(HERE / "dgl_standin"))
    if stubbed:
        print("absent, named only (unused by the calculator path): " + "; ".join(stubbed))

    potential = matgl.load_model(a.model_dir)
    with open(Path(a.model_dir) / "model.json") as f:
        declared = json.load(f)["kwargs"]["model"]["init_args"]
    built = potential.model._init_args
    compared = [k for k in declared if k in built]
    differing = sorted(k for k in compared if json.dumps(built[k], default=str) != json.dumps(declared[k], default=str))
    if type(potential).__name__ != "Potential" or type(potential.model).__name__ != "M3GNet" or differing or not compared:
        sys.exit(f"{a.model_dir}: not loaded as an M3GNet Potential (got {type(potential).__name__}"
                 f"/{type(potential.model).__name__}; arguments differing from model.json: {differing})")
    if not (potential.calc_forces and potential.calc_stresses):
        sys.exit(f"{a.model_dir}: the Potential computes no forces or stresses")
    params = sum(p.numel() for p in potential.parameters())
    print(f"model: {a.model_dir}: {type(potential.model).__name__} in {type(potential).__name__}, {params} parameters,"
          f" cutoff {potential.model.cutoff} Å, three-body cutoff {potential.model.threebody_cutoff} Å,"
          f" data_std {float(potential.data_std):.8f}; {len(compared)} of model.json's {len(declared)} arguments checked")
    potential.eval()
    calc = PESCalculator(potential=potential, stress_unit="GPa")
    adaptor = AseAtomsAdaptor()

    def evaluate(atoms):
        calc.calculate(atoms, properties=["energy", "forces", "stress"], system_changes=all_changes)
        return calc.results

    report = {"matgl": origin, "torch": torch.__version__, "threads": a.threads, "structures": [], "timings": []}

    mos = Structure(Lattice.cubic(4.0), ["Mo", "S"], [[0.0, 0.0, 0.0], [0.5, 0.5, 0.5]])
    e_mos = evaluate(adaptor.get_atoms(mos))["energy"]
    ok = abs(e_mos - MATGL_TEST_ENERGY) <= 1e-5 + 1e-6 * abs(MATGL_TEST_ENERGY)
    print(f"matgl's test expectation (tests/ext/test_ase_dgl.py, MoS): {e_mos:.6f} eV against {MATGL_TEST_ENERGY}"
          f" -> {'agrees' if ok else 'DISAGREES'} (atol 1e-5)")
    report["matgl_test_MoS"] = {"energy": e_mos, "expected": MATGL_TEST_ENERGY, "agrees": ok}

    converter = Structure2Graph(element_types=potential.model.element_types, cutoff=potential.model.cutoff)
    structures = {}
    for cif in a.cifs:
        s = Structure.from_file(cif)
        structures[cif] = s
        r = evaluate(adaptor.get_atoms(s))
        # the same through the pymatgen converter and the Potential itself (no ASE)
        g, lat, state = converter.get_graph(writable_lattice(s))
        e2, f2, st2, _ = potential(g=g, lat=lat, state_attr=torch.tensor(state))
        n = len(s)
        forces = np.asarray(r["forces"])
        stress = voigt(r["stress"])
        paths = max(abs(float(e2) - r["energy"]) / n, float(np.abs(f2.detach().numpy() - forces).max()))
        print(f"{cif}: {s.composition.reduced_formula}, {n} atoms, {g.num_edges()} edges: E = {r['energy']:.6f} eV"
              f" ({r['energy'] / n:.6f} eV/atom), max |F| = {np.linalg.norm(forces, axis=1).max():.6f} eV/Å,"
              f" stress xx yy zz yz xz xy = {' '.join(f'{x:.6f}' for x in stress)} GPa"
              f" (ASE and pymatgen paths differ by {paths:.1e})")
        if a.forces:
            for i, (site, f) in enumerate(zip(s, forces)):
                print(f"  force {i} {site.specie.symbol}: {f[0]: .6f} {f[1]: .6f} {f[2]: .6f}")
        entry = {"file": cif, "atoms": n, "edges": g.num_edges(), "energy": r["energy"], "energy_per_atom": r["energy"] / n,
                 "forces": forces.tolist(), "stress_voigt_GPa": stress}
        if a.java:
            j = java_energy(a.java, cif)
            de = (j["energy_per_atom"] - entry["energy_per_atom"]) * 1000
            df = j["max_force"] - float(np.linalg.norm(forces, axis=1).max())
            ds = max(abs(x - y) for x, y in zip(j["stress"], stress))
            print(f"  workbench (java energy): {j['energy_per_atom']:.6f} eV/atom ({de:+.4f} meV/atom,"
                  f" {'within' if abs(de) <= 1 else 'BEYOND'} 1 meV/atom), max |F| {j['max_force']:.6f} ({df:+.1e}),"
                  f" stress largest difference {ds:.1e} GPa")
            entry["java"] = j
        report["structures"].append(entry)

    if not a.no_timing:
        base = structures[a.cifs[0]]
        dgl_standin._ops.reset_timing()
        for m in a.multiples:
            s = base.copy()
            s.make_supercell(supercell_repeats(m))
            atoms = adaptor.get_atoms(s)
            g, _, _ = converter.get_graph(writable_lattice(s))
            wall, cpu = time_evaluations(lambda: evaluate(atoms), a.seconds)
            line = f"matgl {len(s)} atoms: {statistics.median(wall):.1f} ms per evaluation"
            print(line + f" (median of {len(wall)}; CPU {statistics.median(cpu):.1f} ms; {g.num_edges()} edges;"
                         f" wall min {min(wall):.1f}, max {max(wall):.1f})", flush=True)
            report["timings"].append({"atoms": len(s), "edges": g.num_edges(), "median_ms": statistics.median(wall),
                                      "median_cpu_ms": statistics.median(cpu), "runs": len(wall)})
            if a.profile:
                report["timings"][-1]["profile"] = profile(lambda: evaluate(atoms), statistics.median(wall))

    if a.json:
        with tempfile.NamedTemporaryFile("w", dir=Path(a.json).resolve().parent, delete=False, suffix=".tmp") as f:
            json.dump(report, f, indent=1)
        os.replace(f.name, a.json)
    return 0 if ok else 1


def time_evaluations(run, seconds: float) -> tuple[list[float], list[float]]:
    """Wall and process CPU ms of each evaluation: warm-up (5 runs and at least a second), then `seconds` and 5 runs."""
    warm = time.perf_counter() + min(1.0, seconds)
    k = 0
    while k < 5 or time.perf_counter() < warm:
        run()
        k += 1
    wall, cpu = [], []
    stop = time.perf_counter() + seconds
    while len(wall) < 5 or time.perf_counter() < stop:
        c, t = time.process_time(), time.perf_counter()
        run()
        wall.append((time.perf_counter() - t) * 1e3)
        cpu.append((time.process_time() - c) * 1e3)
    return wall, cpu


def profile(run, median_ms: float, runs: int = 20) -> dict:
    """Time per evaluation in the stand-in's kernels (the calls DGL would run in C++) and in matgl's stages."""
    import dgl_standin

    ops = dgl_standin._ops
    ops.reset_timing()
    ops.enable_timing(True)
    t = time.perf_counter()
    for _ in range(runs):
        run()
    per_eval = (time.perf_counter() - t) * 1e3 / runs
    ops.enable_timing(False)
    kernels = {k: (s * 1e3 / runs, c // runs) for k, (s, c) in sorted(ops.timing().items())}
    inside = sum(ms for ms, _ in kernels.values())
    print(f"  stand-in kernels: {inside:.2f} ms of {per_eval:.1f} ms per evaluation ({100 * inside / per_eval:.1f} %): "
          + ", ".join(f"{k} {ms:.2f} ms ({c} calls)" for k, (ms, c) in kernels.items()))

    # matgl's stages, timed by wrapping four of its functions for these runs only (put back afterwards)
    import matgl.apps._pes_dgl as pes
    import matgl.ext._ase_dgl as ase_ext
    import matgl.models._m3gnet as m3

    spent = {}

    def timed(name, f):
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return f(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t0

        return wrapper

    originals = [(ase_ext.Atoms2Graph, "get_graph"), (m3, "create_line_graph"), (m3.M3GNet, "forward"), (pes, "grad")]
    saved = [getattr(owner, name) for owner, name in originals]
    labels = ["graph", "line graph", "forward", "backward"]
    for (owner, name), f, label in zip(originals, saved, labels):
        setattr(owner, name, timed(label, f))
    try:
        t = time.perf_counter()
        for _ in range(runs):
            run()
        whole = (time.perf_counter() - t) * 1e3 / runs
    finally:
        for (owner, name), f in zip(originals, saved):
            setattr(owner, name, f)
    found = {k: v * 1e3 / runs for k, v in spent.items()}
    found["forward"] -= found.get("line graph", 0.0)  # the line graph is built inside M3GNet.forward
    found["rest"] = whole - sum(found.values())
    print(f"  matgl's stages ({whole:.1f} ms per evaluation): graph (neighbour search, DGL graph) {found['graph']:.1f} ms;"
          f" line graph (three-body indices) {found['line graph']:.1f} ms; M3GNet forward {found['forward']:.1f} ms;"
          f" backward (autograd.grad, forces and stress) {found['backward']:.1f} ms; the rest (Potential, calculator) {found['rest']:.1f} ms")
    return {"per_eval_ms": per_eval, "kernels_ms": {k: ms for k, (ms, _) in kernels.items()}, "stages_ms": found, "stages_total_ms": whole,
            "median_ms": median_ms}


if __name__ == "__main__":
    sys.exit(main())
