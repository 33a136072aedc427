package org.crystalgan.gan;

import java.lang.ref.Reference;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BroadcastOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.IndexAccumulation;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.RandomOp;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.impl.summarystats.Variance;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner;

/**
 * ND4J's CPU executioner with every op kept reachable until its native call has returned.
 *
 * <p>Why: each ND4J data buffer owns a small native descriptor (and, outside a workspace, the memory itself) that a
 * deallocator thread frees once the collector finds the Java buffer unreachable. {@link NativeOpExecutioner} takes
 * the descriptors out of the op and then no longer uses the op, so the JIT may treat the op, and the arrays only it
 * holds, as dead while the native code runs: a broadcast's dimension array is made fresh for every op and held by
 * the op alone. A collection at that moment frees the descriptor under the running op: the training JVM died with
 * SIGSEGV in {@code sd::DataBuffer::primary()} inside {@code execBroadcast} after 97 minutes, and a loop of
 * {@code addiRowVector} beside a thread filling a small young generation dies the same way within 6-24 s
 * ({@code OpReachabilityStress}); with the op fenced the same loop runs clean ({@code FencedOpExecutionerTest}). Outside a workspace the freed
 * memory can be reused before the op reads it, which gives wrong numbers instead of a crash.
 *
 * <p>ND4J creates its executioner from the {@code opexec} system property ({@link #install()}), which must be set
 * before ND4J first initialises: the command line and the window set it first thing in {@code main}, the test JVM
 * in the pom.
 */
public class FencedOpExecutioner extends NativeOpExecutioner {
    /** The system property ND4J reads its executioner class from (its backend properties are overridden by it). */
    static final String PROPERTY = "opexec";

    public FencedOpExecutioner() {
        super();
    }

    /** Makes ND4J use this executioner; effective only before ND4J's first use in this JVM. */
    public static void install() {
        System.setProperty(PROPERTY, FencedOpExecutioner.class.getName());
    }

    /** Whether ND4J runs its ops through this executioner (it initialises ND4J if nothing has yet). */
    public static boolean active() {
        return org.nd4j.linalg.factory.Nd4j.getExecutioner() instanceof FencedOpExecutioner;
    }

    /** Runs {@code call}, keeping the op and its context reachable until it has returned. */
    private static <T> T fenced(Object op, Object context, Supplier<T> call) {
        try {
            return call.get();
        } finally {
            Reference.reachabilityFence(op);
            Reference.reachabilityFence(context);
        }
    }

    @Override
    public INDArray exec(Op op) {
        return fenced(op, null, () -> super.exec(op));
    }

    @Override
    public INDArray exec(Op op, OpContext opContext) {
        return fenced(op, opContext, () -> super.exec(op, opContext));
    }

    @Override
    public INDArray exec(IndexAccumulation op) {
        return fenced(op, null, () -> super.exec(op));
    }

    @Override
    public INDArray exec(IndexAccumulation op, OpContext oc) {
        return fenced(op, oc, () -> super.exec(op, oc));
    }

    @Override
    public INDArray exec(Variance op) {
        return fenced(op, null, () -> super.exec(op));
    }

    @Override
    public INDArray exec(ReduceOp op) {
        return fenced(op, null, () -> super.exec(op));
    }

    @Override
    public INDArray exec(ReduceOp op, OpContext oc) {
        return fenced(op, oc, () -> super.exec(op, oc));
    }

    @Override
    public INDArray exec(ScalarOp op) {
        return fenced(op, null, () -> super.exec(op));
    }

    @Override
    public INDArray exec(ScalarOp op, OpContext oc) {
        return fenced(op, oc, () -> super.exec(op, oc));
    }

    @Override
    public INDArray exec(BroadcastOp op) {
        return fenced(op, null, () -> super.exec(op));
    }

    @Override
    public INDArray exec(BroadcastOp op, OpContext oc) {
        return fenced(op, oc, () -> super.exec(op, oc));
    }

    @Override
    public INDArray exec(RandomOp op) {
        return fenced(op, null, () -> super.exec(op));
    }

    @Override
    public INDArray exec(RandomOp op, Random rng) {
        return fenced(op, null, () -> super.exec(op, rng));
    }

    @Override
    public INDArray exec(RandomOp op, OpContext oc, Random rng) {
        return fenced(op, oc, () -> super.exec(op, oc, rng));
    }

    @Override
    public INDArray[] exec(CustomOp op) {
        return fenced(op, null, () -> super.exec(op));
    }

    @Override
    public INDArray[] exec(CustomOp op, OpContext context) {
        return fenced(op, context, () -> super.exec(op, context));
    }

    /**
     * The values of {@code a} in c order. The copy is kept reachable while they are read: a buffer's own read methods
     * do not keep it alive, and the copy's memory is freed with it.
     */
    static float[] toFloats(INDArray a) {
        INDArray c = a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c');
        try {
            return c.data().asFloat();
        } finally {
            Reference.reachabilityFence(c);
        }
    }

    /** As {@link #toFloats}, in double precision. */
    static double[] toDoubles(INDArray a) {
        INDArray c = a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c');
        try {
            return c.data().asDouble();
        } finally {
            Reference.reachabilityFence(c);
        }
    }
}
