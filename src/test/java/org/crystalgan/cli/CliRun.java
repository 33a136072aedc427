package org.crystalgan.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One command run in this JVM through {@link Main#run}: its exit status and what it printed. */
record CliRun(int status, String out, String err) {
    static CliRun of(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int s = Main.run(args, new PrintWriter(o, true), new PrintWriter(e, true));
        return new CliRun(s, o.toString(), e.toString());
    }
}
