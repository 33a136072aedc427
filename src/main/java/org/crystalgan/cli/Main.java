package org.crystalgan.cli;

import java.io.PrintWriter;
import org.crystalgan.crystal.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code crystalgan} command line: {@code java -jar target/crystalgan.jar <command>}. */
@Command(name = "crystalgan", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Crystal GAN Workbench: generate and screen Mg-Mn-O crystals from the command line.",
        subcommands = {
            CommandLine.HelpCommand.class,
            ConvertCommand.class,
            InfoCommand.class,
            SymmetryCommand.class,
            XrdCommand.class,
            FetchCommand.class,
            DatasetCommand.class,
            TrainCommand.class,
            GenerateCommand.class,
            ExportModelCommand.class,
            ModelReportCommand.class,
            PlotTrainingCommand.class,
            CompositionsCommand.class,
            ValidateCommand.class,
            MatchCommand.class,
            DedupeCommand.class,
            RelaxCommand.class,
            EnergyCommand.class,
            ReferencePhasesCommand.class,
            BenchPotentialCommand.class,
            HullCommand.class,
            PourbaixCommand.class,
            ExportDftCommand.class,
            ImportDftCommand.class,
            ScreenCommand.class,
            ReproducePaperCommand.class,
            BenchCommand.class,
            ScreeningBenchCommand.class,
            BenchStabilityCommand.class,
        })
public final class Main implements Runnable {
    /** Exit status for success. */
    public static final int OK = 0;
    /** Exit status for a problem with the user's input (bad file, bad option). */
    public static final int USER_ERROR = 1;
    /** Exit status for a bug or an environment failure. */
    public static final int INTERNAL_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        org.crystalgan.gan.FencedOpExecutioner.install(); // before ND4J's first use: see its comment
        org.crystalgan.gan.NativeBuild.select(); // the libnd4j build for this CPU, also before ND4J loads
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line and returns its exit status (used by tests too). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(out, err);
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            // the readers bound their memory; anything that still fills the heap gets one line, not a stack trace
            err.println("error: out of memory (Java heap of " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MB is full); give the JVM more with -Xmx or use a smaller input");
            err.flush();
            return INTERNAL_ERROR;
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        HelpText.joinSentences(cl);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println(describe(ex));
            if (Boolean.getBoolean("crystalgan.debug") || System.getenv("CRYSTALGAN_DEBUG") != null) {
                ex.printStackTrace(line.getErr());
            }
            line.getErr().flush();
            return isUserError(ex) ? USER_ERROR : INTERNAL_ERROR;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ex.getMessage());
            c.getErr().println("(run with --help for usage)");
            c.getErr().flush();
            return USER_ERROR;
        });
        return cl;
    }

    static boolean isUserError(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof InputException || t instanceof java.nio.file.NoSuchFileException
                    || t instanceof java.nio.file.AccessDeniedException) {
                return true;
            }
        }
        return false;
    }

    /** One line for the user: the input problem, or "internal error" with the cause. */
    static String describe(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof InputException) return "error: " + t.getMessage();
            if (t instanceof java.nio.file.NoSuchFileException) return "error: " + t.getMessage() + ": no such file";
            if (t instanceof java.nio.file.AccessDeniedException) return "error: " + t.getMessage() + ": permission denied";
        }
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getClass().getSimpleName() + ": " + ex.getMessage();
        return "internal error: " + msg.lines().findFirst().orElse("") + " (set CRYSTALGAN_DEBUG=1 for details)";
    }

    /** Version from the jar manifest, or "development build" when run from classes. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"crystalgan " + (v == null ? "development build" : v)};
        }
    }
}
