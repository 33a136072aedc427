package org.crystalgan.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Description arrays are split into source lines wherever the code was wrapped, and picocli's list of commands
 * shows a command's first line only: "... number of sites and the shortest". Lines that do not end a sentence are
 * joined to the next, so every line picocli prints (and wraps itself) is a whole sentence or paragraph.
 */
final class HelpText {
    private HelpText() {}

    static void joinSentences(CommandLine cl) {
        CommandLine.Model.UsageMessageSpec u = cl.getCommandSpec().usageMessage();
        u.description(join(u.description()));
        for (CommandLine sub : cl.getSubcommands().values()) joinSentences(sub);
    }

    static String[] join(String[] lines) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : lines) {
            if (cur.length() > 0) cur.append(' ');
            cur.append(line.strip());
            if (endsParagraph(line)) {
                out.add(cur.toString());
                cur.setLength(0);
            }
        }
        if (cur.length() > 0) out.add(cur.toString());
        return out.toArray(String[]::new);
    }

    private static boolean endsParagraph(String line) {
        String t = line.stripTrailing();
        return t.isEmpty() || t.endsWith(".") || t.endsWith(":") || t.endsWith("%n") || t.endsWith("!") || t.endsWith("?");
    }
}
