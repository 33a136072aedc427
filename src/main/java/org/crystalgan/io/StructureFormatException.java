package org.crystalgan.io;

import java.nio.file.Path;
import org.crystalgan.crystal.InputException;

/**
 * A structure file that cannot be read: names the file, the line (1-based; 0 when the problem
 * concerns the whole file) and the problem, e.g. {@code "MgO.cif, line 12: '4.21x' is not a number
 * (_cell_length_a)"}.
 */
public class StructureFormatException extends InputException {
    private final Path file;
    private final int line;
    private final String problem;

    public StructureFormatException(Path file, int line, String problem) {
        super(format(file, line, problem));
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public StructureFormatException(Path file, int line, String problem, Throwable cause) {
        super(format(file, line, problem), cause);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    /** The file, or {@code null} for text read from memory. */
    public Path file() { return file; }

    /** 1-based line number, 0 when the problem is not tied to a line. */
    public int line() { return line; }

    /** The problem without file and line. */
    public String problem() { return problem; }

    private static String format(Path file, int line, String problem) {
        String where = file == null ? "<input>" : file.toString();
        return line > 0 ? where + ", line " + line + ": " + problem : where + ": " + problem;
    }
}
