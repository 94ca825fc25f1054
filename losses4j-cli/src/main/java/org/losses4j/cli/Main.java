package org.losses4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.Properties;
import org.losses4j.Warnings;
import org.losses4j.io.NpyFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code losses4j} command. Exit status: 0 success, 2 bad input (one {@code error:} line on stderr,
 * PyTorch's wording where PyTorch has one), 1 internal failure (or a failed gradcheck).
 */
@Command(name = "losses4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "PyTorch's torch.nn losses on the JVM: the tutorial tour, evaluation on .npy files, plots, gradient checks.",
        subcommands = {TourCommand.class, ListCommand.class, EvalCommand.class, PlotCommand.class, GradcheckCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit status for bad input. */
    static final int BAD_INPUT = 2;
    /** Exit status for internal failures. */
    static final int INTERNAL = 1;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit status (used by tests too). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + oneLine(ex.getMessage()));
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (isBadInput(ex)) {
                err.println("error: " + oneLine(message(ex)));
                return BAD_INPUT;
            }
            err.println("error: internal: " + oneLine(ex.getClass().getSimpleName() + ": " + ex.getMessage()));
            return INTERNAL;
        });
        // PyTorch's warnings go to stderr as Python prints them ("UserWarning: text"), each run afresh; a run that fails
        // prints its one error line and nothing else
        try (Warnings.Recorder warnings = Warnings.catchWarnings()) {
            int status = cl.execute(args);
            if (status == 0) for (Warnings.Warning w : warnings.warnings()) err.println(w.category() + ": " + w.message());
            err.flush();
            return status;
        }
    }

    static boolean isBadInput(Throwable ex) {
        return ex instanceof IllegalArgumentException || ex instanceof IndexOutOfBoundsException || ex instanceof NpyFormatException
                || ex instanceof NoSuchFileException || ex instanceof BadInput;
    }

    static String message(Throwable ex) {
        if (ex instanceof NoSuchFileException) return ex.getMessage() + ": no such file";
        return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replace("\r", " ").replace("\n", " ").trim();
    }

    /** A user error found by the CLI itself (missing argument, unreadable value). */
    static final class BadInput extends RuntimeException {
        BadInput(String message) { super(message); }
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/losses4j-version.properties")) {
                if (in != null) p.load(in);
            }
            return new String[] {"losses4j " + p.getProperty("version", "unknown") + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
