package org.crystalgan.gan;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Child-JVM program for {@link FencedOpExecutionerTest}: broadcast additions on {@code threads} threads while another
 * thread fills a small young generation with garbage (run with {@code -Xmn4m}). Prints the executioner in use and "clean" if it lived through
 * {@code seconds}. Arguments: seconds, threads, and {@code install} to use {@link FencedOpExecutioner} as the command
 * line does. With ND4J's own executioner it died with SIGSEGV in {@code sd::DataBuffer::primary()} within 6-24 s in
 * each of four runs here (two threads or one, -Xmn4m).
 */
public final class OpReachabilityStress {
    private OpReachabilityStress() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        int threads = Integer.parseInt(args[1]);
        if (args.length > 2 && args[2].equals("install")) FencedOpExecutioner.install(); // as the command line's main
        Nd4j.getMemoryManager().togglePeriodicGc(false);
        System.out.println("executioner " + Nd4j.getExecutioner().getClass().getSimpleName());
        // garbage at full speed in a small young generation: a collection every few hundred microseconds
        Thread gc = new Thread(() -> {
            Object[] keep = new Object[64];
            for (int i = 0; ; i++) keep[i & 63] = new byte[256];
        });
        gc.setDaemon(true);
        gc.start();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] ts = new Thread[threads];
        long[] ops = new long[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                INDArray x = Nd4j.rand(DataType.FLOAT, 8, 16);
                INDArray row = Nd4j.rand(DataType.FLOAT, 1, 16);
                while (System.nanoTime() < end) {
                    x.addiRowVector(row);
                    x.subiRowVector(row);
                    ops[id] += 2;
                }
            });
            ts[t].start();
        }
        long total = 0;
        for (int t = 0; t < threads; t++) {
            ts[t].join();
            total += ops[t];
        }
        System.out.println("clean after " + total + " broadcast ops");
    }
}
