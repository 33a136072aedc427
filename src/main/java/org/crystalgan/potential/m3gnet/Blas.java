package org.crystalgan.potential.m3gnet;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The float32 products of M3GNet through OpenBLAS's {@code sgemm}, the one class outside {@code gan} that touches
 * native code (JavaCPP's OpenBLAS preset, already on the class path for ND4J; never ND4J itself).
 *
 * <p>Why: the Java row kernels run at 15-30 GFLOP/s (what C2's auto-vectorisation gives on AVX2), OpenBLAS's
 * single-threaded sgemm at 45-60 on the model's shapes (1,216 bonds × 64 → 128 for the 28-atom spinel), and the
 * products were about half of an evaluation (docs/BENCHMARKS.md, "Fourth pass").
 *
 * <p>One thread per product, always: an evaluation runs on its caller's thread (a relaxation runs two at once, one
 * per core), and OpenBLAS would otherwise split large products over its own threads, which on a 2-core machine
 * only oversubscribes the cores (and its thread pool serialises two callers). OpenBLAS's thread count is global to
 * the process, and ND4J sets it for its own products when it starts. So: when nobody has set it yet (ND4J not
 * started), this class sets it to one, and every product is one call; while it is above one (ND4J started and
 * chose more), it is left alone and every call is kept at or below the size OpenBLAS runs on its caller's thread
 * (m·n·k ≤ 65,536 × {@code GEMM_MULTITHREAD_THRESHOLD}, OpenBLAS's {@code interface/gemm.c}), in row chunks,
 * which costs about a quarter of the products' speed (docs/BENCHMARKS.md, "Fourth pass").
 *
 * <p>The operands travel through native buffers of the calling thread (a product's input and output in chunks
 * of at most {@link #CHUNK_FLOATS} floats) and native copies of the weights, so no call copies more than it
 * uses. When the library cannot be loaded (a platform without the preset's binaries), {@link #available()} is
 * false and the Java kernels of {@link Dense} run instead.
 */
final class Blas {
    /** Largest chunk of a product's input or output (floats) copied to native memory at once: 4 MiB. */
    static final int CHUNK_FLOATS = 1 << 20;

    private static final String UNAVAILABLE = load();
    /** OpenBLAS runs a product on its caller's thread when m·n·k is at most this (0.3.19, interface/gemm.c). */
    private static final double SINGLE_THREAD_MNK = 65536.0 * openblasThreshold();

    private Blas() {}

    private static String load() {
        if ("false".equals(System.getProperty("crystalgan.m3gnet.blas"))) return "turned off (-Dcrystalgan.m3gnet.blas=false)";
        try {
            org.bytedeco.javacpp.Loader.load(openblas_nolapack.class);
            // one real product, so a library that loads but cannot run is found here and not in an evaluation
            float[] c = new float[1];
            try (FloatPointer a = new FloatPointer(2f); FloatPointer b = new FloatPointer(3f); FloatPointer p = new FloatPointer(1L)) {
                openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasNoTrans,
                        1, 1, 1, 1f, a, 1, b, 1, 0f, p, 1);
                p.get(c);
            }
            if (c[0] != 6f) return "OpenBLAS's sgemm gave 2·3 = " + c[0];
            // -1: nobody has set the count through JavaCPP (ND4J sets it when it starts, and then keeps its own)
            if (openblas_nolapack.blas_get_num_threads() == -1) openblas_nolapack.blas_set_num_threads(1);
            return null;
        } catch (Throwable t) {
            // UnsatisfiedLinkError and friends: no binaries for this platform; the Java kernels serve
            return "OpenBLAS could not be loaded (" + t.getClass().getSimpleName() + ": " + t.getMessage() + ")";
        }
    }

    private static int openblasThreshold() {
        if (UNAVAILABLE != null) return 4;
        return Math.max(1, openblas_nolapack.OPENBLAS_GEMM_MULTITHREAD_THRESHOLD);
    }

    /** Whether OpenBLAS runs every product on its caller's thread, as set through JavaCPP (ND4J does too). */
    static boolean singleThreaded() { return openblas_nolapack.blas_get_num_threads() == 1; }

    /** Whether the products go through OpenBLAS. */
    static boolean available() { return UNAVAILABLE == null; }

    /** What runs the products, in words (for bench-potential and the log). */
    static String description() {
        if (UNAVAILABLE != null) return "Java kernels: " + UNAVAILABLE;
        return "OpenBLAS sgemm (" + openblas_nolapack.OPENBLAS_VERSION.trim() + "), one thread per product"
                + (singleThreaded() ? "" : " (in row chunks: OpenBLAS set to " + openblas_nolapack.blas_get_num_threads() + " threads by ND4J)");
    }

    /** A k × n row-major float matrix in native memory, freed with its owner (JavaCPP's deallocator runs after collection). */
    static final class Matrix {
        final int k, n;
        final FloatPointer p;

        Matrix(float[][] rows, int n) {
            this.k = rows.length;
            this.n = n;
            float[] flat = new float[Math.max(1, k * n)];
            for (int r = 0; r < k; r++) System.arraycopy(rows[r], 0, flat, r * n, n);
            p = new FloatPointer(flat);
        }
    }

    /** The calling thread's native buffers for a product's input and output; grown to at most {@link #CHUNK_FLOATS} floats each. */
    private static final class Buffers {
        FloatPointer a = new FloatPointer(1L);
        FloatPointer c = new FloatPointer(1L);

        /** {@code p} if it holds {@code floats}, else a larger one in its place (the old one freed now). */
        static FloatPointer atLeast(FloatPointer p, long floats) {
            if (p.capacity() >= floats) return p;
            p.close();
            return new FloatPointer(floats);
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** c[0 .. rows·n) = x[0 .. rows·k) · m, row-major. */
    static void product(float[] x, int rows, int k, Matrix m, float[] c) {
        int n = m.n;
        long chunk = CHUNK_FLOATS / Math.max(1, Math.max(k, n));
        if (!singleThreaded()) chunk = Math.min(chunk, (long) (SINGLE_THREAD_MNK / Math.max(1.0, (double) n * k)));
        product(x, rows, k, m, c, (int) Math.max(1, Math.min(rows, chunk)));
    }

    /** {@link #product} in calls of at most {@code step} rows (package-private for the tests of the chunked path). */
    static void product(float[] x, int rows, int k, Matrix m, float[] c, int step) {
        int n = m.n;
        if (m.k != k) throw new IllegalStateException("matrix has " + m.k + " rows, the input " + k + " columns");
        if (step < 1) throw new IllegalArgumentException("step " + step);
        if (rows == 0 || n == 0) return;
        if (k == 0) {
            java.util.Arrays.fill(c, 0, rows * n, 0f);
            return;
        }
        step = Math.min(step, rows);
        Buffers b = BUFFERS.get();
        FloatPointer pa = b.a = Buffers.atLeast(b.a, (long) step * k);
        FloatPointer pc = b.c = Buffers.atLeast(b.c, (long) step * n);
        for (int r0 = 0; r0 < rows; r0 += step) {
            int mm = Math.min(step, rows - r0);
            pa.position(0).put(x, r0 * k, mm * k);
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasNoTrans,
                    mm, n, k, 1f, pa, k, m.p, n, 0f, pc, n);
            pc.position(0).get(c, r0 * n, mm * n);
        }
    }
}
