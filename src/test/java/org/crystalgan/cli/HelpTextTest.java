package org.crystalgan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class HelpTextTest {
    @Test
    void linesThatDoNotEndASentenceAreJoined() {
        assertArrayEquals(new String[] {"Show the formula and the shortest distance.", "Second paragraph."},
                HelpText.join(new String[] {"Show the formula and the shortest", "distance.", "Second paragraph."}));
    }

    @Test
    void theCommandListNeverStopsMidSentence() {
        StringWriter out = new StringWriter();
        Main.run(new String[] {"--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        String help = out.toString();
        assertTrue(help.contains("info"), help);
        // the info command's description ends its sentence in the list (picocli wraps it onto further lines)
        String joined = help.replaceAll("\\s+", " ");
        assertTrue(joined.matches("(?s).*number of sites and the shortest \\S+.*"), help);
        assertTrue(!joined.matches("(?s).*number of sites and the shortest (\\S+ )?[a-z-]+ *$"), help);
    }
}
