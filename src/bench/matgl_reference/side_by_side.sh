#!/bin/sh
# The workbench's bench-potential and matgl's M3GNet (m3gnet_reference.py), alternated in one run at real-time
# priority (root: chrt -f keeps other jobs' threads off the core the measured thread runs on), ROUNDS rounds.
# Usage, from the repository root after `mvn -B -o -q -DskipTests package`:
#   sh src/bench/matgl_reference/side_by_side.sh MATGL_SRC MODEL_DIR [ROUNDS] [SECONDS]
# Prints the per-evaluation lines of both (wall time; CPU time in brackets) for 28, 56, 112 and 224 atoms.
set -eu
src=$1 model=$2 rounds=${3:-3} seconds=${4:-3}
here=$(dirname "$0")
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONDONTWRITEBYTECODE=1
for r in $(seq 1 "$rounds"); do
    echo "== round $r $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
    chrt -f 10 java -jar target/crystalgan.jar bench-potential --cells 0 --seconds "$seconds" 2>&1 | grep -E "ms per evaluation|CPU time"
    chrt -f 10 /usr/bin/python3 "$here/m3gnet_reference.py" "$src" "$model" samples/MgMn2O4_spinel.cif \
        --threads 1 --seconds "$seconds" 2>&1 | grep -E "^matgl [0-9]+ atoms|expectation"
done
