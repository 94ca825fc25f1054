package org.losses4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.losses4j.Warnings;
import org.losses4j.io.NpyFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The {@code losses4j} command. Exit status: 0 success, 2 bad input (one {@code error:} line on stderr,
 * PyTorch's wording where PyTorch has one; a bare {@code losses4j} prints the usage there), 1 internal failure
 * (or a failed gradcheck).
 */
@Command(name = "losses4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"PyTorch's torch.nn losses on the JVM: the tutorial's tour, evaluation on NumPy files, plots of the losses and "
                + "their gradients, gradient checks and benchmarks."},
        subcommands = {TourCommand.class, ListCommand.class, EvalCommand.class, PlotCommand.class, GradcheckCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:Success.", "1:An internal failure, or a failed gradient check.",
                "2:Bad input: a usage error, an unknown name, an unreadable or invalid file, or an output path that cannot be written."})
public final class Main implements Callable<Integer> {

    /** Exit status for bad input. */
    static final int BAD_INPUT = 2;
    /** Exit status for internal failures. */
    static final int INTERNAL = 1;

    /** What follows a command's generated synopsis: the arguments picocli does not declare (read by {@link KeywordArgs}). */
    static final Map<String, String> SYNOPSIS_TAIL = Map.of(
            "eval", "--ARG FILE... [--OPTION VALUE]...",
            "gradcheck", "[--OPTION VALUE]...");

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** No command: the usage on stderr, and the exit status of a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return BAD_INPUT;
    }

    /**
     * Runs the command line, then exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line with the given streams (used by tests too).
     *
     * @param args the command line
     * @param out  standard output
     * @param err  standard error
     * @return the exit status: 0 success, 1 internal failure or a failed gradient check, 2 bad input
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
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

    /** The command with its subcommands, their synopses completed with the arguments picocli does not declare. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (var e : SYNOPSIS_TAIL.entrySet()) {
            CommandLine sub = cl.getSubcommands().get(e.getKey());
            sub.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, help -> {
                String s = help.synopsis(help.synopsisHeadingLength());
                int end = s.length();
                while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) end--;
                String tail = " " + e.getValue();
                // keep within the usage width: the tail goes on a line of its own, indented, when it does not fit
                int lastLine = s.lastIndexOf('\n', end - 1) + 1;
                int width = help.commandSpec().usageMessage().width();
                if (end - lastLine + tail.length() > width) tail = System.lineSeparator() + " ".repeat(help.synopsisHeadingLength() + 2) + e.getValue();
                return s.substring(0, end) + tail + System.lineSeparator();
            });
        }
        return cl;
    }

    static boolean isBadInput(Throwable ex) {
        return ex instanceof IllegalArgumentException || ex instanceof IndexOutOfBoundsException || ex instanceof NpyFormatException
                || ex instanceof IOException || ex instanceof UncheckedIOException || ex instanceof BadInput;
    }

    static String message(Throwable ex) {
        if (ex instanceof UncheckedIOException u && u.getCause() != null) return message(u.getCause());
        if (ex instanceof FileSystemException f) return fileProblem(f);
        return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }

    /** A file system error as one line: the file, then what is wrong with it. */
    static String fileProblem(FileSystemException f) {
        String file = f.getFile() == null ? "" : f.getFile();
        String reason = f.getReason();
        if (reason == null) {
            if (f instanceof NoSuchFileException) reason = "no such file";
            else if (f instanceof AccessDeniedException) reason = "permission denied";
            else if (f instanceof FileAlreadyExistsException) reason = "exists already, and is not a directory";
            else if (f instanceof NotDirectoryException) reason = "not a directory";
            else reason = f.getClass().getSimpleName();
        }
        String other = f.getOtherFile() == null ? "" : " (" + f.getOtherFile() + ")";
        return file + other + ": " + reason;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replace("\r", " ").replace("\n", " ").trim();
    }

    /**
     * Fails, before any work, when {@code file} cannot be written: it is a directory, or a part of its path is a
     * file or not writable.
     */
    static void requireWritableFile(String option, Path file) {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) throw new BadInput(option + " " + file + ": is a directory; give a file name");
        requireWritableDirectory(option, abs.getParent(), file);
    }

    /** Fails, before any work, when {@code dir} cannot be created or written into. */
    static void requireWritableDirectory(String option, Path dir, Path shown) {
        Path a = dir == null ? null : dir.toAbsolutePath();
        while (a != null && !Files.exists(a)) a = a.getParent();
        if (a == null) return;
        if (!Files.isDirectory(a)) throw new BadInput(option + " " + shown + ": " + a + " is a file, not a directory");
        if (!Files.isWritable(a)) throw new BadInput(option + " " + shown + ": " + a + " is not writable");
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
