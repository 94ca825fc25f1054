package org.losses4j;

import java.lang.System.Logger.Level;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * PyTorch's warnings ({@code UserWarning}s from {@code torch.nn.functional}, {@code torch.nn.modules.loss} and
 * the autograd engine), raised with PyTorch's text and filtered as Python's {@code warnings} module filters them.
 *
 * <p>What is warned, and when (each with PyTorch's exact text):
 * <ul>
 *   <li>L1Loss, MSELoss, SmoothL1Loss, HuberLoss: a target whose size differs from the input's ({@code Using a target
 *       size (torch.Size([4, 1])) that is different to the input size (torch.Size([4, 5])). ...});</li>
 *   <li>KLDivLoss with {@code reduction='mean'};</li>
 *   <li>the legacy {@code size_average} / {@code reduce} keywords ({@code size_average and reduce args will be
 *       deprecated, please use reduction='sum' instead.});</li>
 *   <li>{@link Tensor#grad()} of a non-leaf tensor that does not retain its gradient
 *       ({@link Tensor#retainGrad()});</li>
 *   <li>CTCLoss targets equal to the blank label (a warning of this library's own, naming the sample).</li>
 * </ul>
 * A loss raises its warnings once its checks have passed: a call that fails reports its error alone (PyTorch warns
 * first, then fails).
 *
 * <p><b>Once per call site.</b> Under the default action (Python's {@code "default"} filter), a warning is shown
 * the first time it is raised from a given call site and not again from there. The call site is the first stack
 * frame outside this library (the user's line that called the loss or read {@code grad()}); the key is the
 * warning's category, its text template (the message before its values are filled in) and that site. So a
 * training loop that feeds mismatched shapes warns once, not once per step, even when the sizes differ between
 * steps. (Python keys on the filled-in text and, for PyTorch's own warnings, on a line inside PyTorch.)
 *
 * <p><b>Filters</b>, as {@code warnings.simplefilter} / {@code warnings.filterwarnings}: {@link #simpleFilter}
 * sets one action for every warning, {@link #filterWarnings} one action for the warnings whose text starts with a
 * regular expression (case-insensitive, as Python's {@code message=}); the newest matching filter wins, and
 * {@link #resetWarnings()} removes them all. Changing the filters forgets which warnings were shown, as Python
 * does. The system property {@code -Dlosses4j.warnings=ignore} (or {@code always}, {@code once}, {@code error},
 * {@code default}) sets the starting action, as Python's {@code -W} option.
 *
 * <pre>{@code
 * Warnings.simpleFilter(Warnings.Action.IGNORE);                                  // silence all
 * Warnings.filterWarnings(Warnings.Action.IGNORE, "reduction: 'mean' divides");   // silence KLDivLoss's 'mean' warning
 * Warnings.simpleFilter(Warnings.Action.ERROR);                                   // fail fast in tests
 * }</pre>
 *
 * <p><b>Where warnings go.</b> By default to the {@link System.Logger} named {@value #LOGGER_NAME} at level
 * {@code WARNING}, with Python's format ({@code File.java:12: UserWarning: text}). The JDK sends
 * {@code System.Logger} to {@code java.util.logging} unless a {@link System.LoggerFinder} service is installed
 * (SLF4J's {@code slf4j-jdk-platform-logging}, Log4j's {@code log4j-jpl}), so the usual logging configuration
 * routes or silences them. {@link #setHandler} replaces the logger with any consumer (a test's list, a metrics
 * counter, {@code System.err}); {@link #catchWarnings()} records warnings for a block and then restores
 * everything, as {@code warnings.catch_warnings(record=True)}.
 *
 * <p>Thread-safe. The filters, the handler and the record of shown warnings are global to the JVM, as Python's.
 */
public final class Warnings {
    private Warnings() {}

    /** The name of the {@link System.Logger} the default handler writes to. */
    public static final String LOGGER_NAME = "org.losses4j.warnings";

    /** The system property that sets the starting action: {@code default}, {@code always}, {@code ignore}, {@code once} or {@code error}. */
    public static final String PROPERTY = "losses4j.warnings";

    /** Python's category of every warning PyTorch's losses and autograd raise. */
    public static final String USER_WARNING = "UserWarning";

    /** What a filter does with a warning: Python's filter actions. */
    public enum Action {
        /** {@code "default"}: show the first occurrence from each call site (the starting action). */
        DEFAULT("default"),
        /** {@code "always"}: show every occurrence. */
        ALWAYS("always"),
        /** {@code "ignore"}: never show it. */
        IGNORE("ignore"),
        /** {@code "once"}: show the first occurrence of each warning, whatever its call site. */
        ONCE("once"),
        /** {@code "error"}: throw a {@link WarningException} instead of showing it. */
        ERROR("error");

        private final String python;

        Action(String python) { this.python = python; }

        /**
         * Python's name of the action, e.g. {@code "ignore"}.
         *
         * @return the name
         */
        public String pythonName() { return python; }

        /**
         * The action of a Python name.
         *
         * @param name {@code default}, {@code always}, {@code ignore}, {@code once} or {@code error} (any case)
         * @return the action
         * @throws IllegalArgumentException for any other name, with Python's message
         */
        public static Action of(String name) {
            String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
            for (Action a : values()) if (a.python.equals(n)) return a;
            throw new IllegalArgumentException("invalid action: " + (name == null ? "None" : "'" + name + "'"));
        }
    }

    /**
     * One warning as raised: Python's {@code warnings.WarningMessage}.
     *
     * @param category Python's category, {@value Warnings#USER_WARNING}
     * @param message  the text, values filled in (PyTorch's exact text)
     * @param template the text before its values were filled in: part of the key of "once per call site"
     * @param site     the first stack frame outside this library, or null when there is none
     */
    public record Warning(String category, String message, String template, StackTraceElement site) {
        /**
         * Checks the components.
         *
         * @throws NullPointerException for a null category, message or template
         *
         * @param category Python's category
         * @param message the text, values filled in
         * @param template the text before its values were filled in
         * @param site the first stack frame outside this library, or null
         */
        public Warning {
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(template, "template");
        }

        /**
         * Python's {@code warnings.formatwarning} on one line: {@code File.java:12: UserWarning: text}
         * ({@code UserWarning: text} when the site is unknown).
         *
         * @return the formatted warning
         */
        public String format() {
            if (site == null) return category + ": " + message;
            String file = site.getFileName() != null ? site.getFileName() : site.getClassName();
            return file + ":" + site.getLineNumber() + ": " + category + ": " + message;
        }

        /** The same as {@link #format()}. */
        @Override
        public String toString() { return format(); }
    }

    /** The exception the {@link Action#ERROR} action throws in place of the warning, as Python raises the warning. */
    public static final class WarningException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** The warning that was raised (not serialised). */
        private final transient Warning warning;

        /**
         * An exception for a warning.
         *
         * @param warning the warning; its text becomes the message
         */
        public WarningException(Warning warning) {
            super(warning.category() + ": " + warning.message());
            this.warning = warning;
        }

        /**
         * The warning that was raised.
         *
         * @return the warning (null after deserialisation)
         */
        public Warning warning() { return warning; }
    }

    /** A filter: an action for the warnings whose text matches a pattern (null: every warning). */
    private record Filter(Action action, Pattern message) {
        boolean matches(String text) { return message == null || message.matcher(text).lookingAt(); }
    }

    private static final Consumer<Warning> LOGGER_HANDLER = Warnings::showwarning;

    /** The default handler (Python's {@code warnings.showwarning}): the formatted warning to the System.Logger. */
    private static void showwarning(Warning w) {
        System.getLogger(LOGGER_NAME).log(Level.WARNING, w.format());
    }

    /** Newest first; replaced as a whole (copy on write). */
    private static volatile List<Filter> filters = List.of();
    private static volatile Action startAction = startingAction();
    private static volatile Consumer<? super Warning> handler = LOGGER_HANDLER;
    /** Keys of the warnings shown under DEFAULT (template + site) and ONCE (template). */
    private static final Set<String> shown = ConcurrentHashMap.newKeySet();

    private static Action startingAction() {
        String p;
        try {
            p = System.getProperty(PROPERTY);
        } catch (SecurityException e) {
            return Action.DEFAULT;
        }
        if (p == null || p.isBlank()) return Action.DEFAULT;
        try {
            return Action.of(p);
        } catch (IllegalArgumentException e) {
            System.getLogger(LOGGER_NAME).log(Level.WARNING, "-D" + PROPERTY + "=" + p + " ignored: " + e.getMessage());
            return Action.DEFAULT;
        }
    }

    // ------------------------------------------------------------------ filters

    /**
     * Sets one action for every warning, replacing every filter ({@code warnings.simplefilter(action)}, which in
     * Python adds a filter in front; here the older ones could never match again, so they go). Forgets which
     * warnings were shown.
     *
     * @param action what to do with every warning
     * @throws NullPointerException for a null action
     */
    public static synchronized void simpleFilter(Action action) {
        Objects.requireNonNull(action, "action");
        filters = List.of(new Filter(action, null));
        shown.clear();
    }

    /**
     * Adds a filter in front of the others ({@code warnings.filterwarnings(action, message=regex)}): the warnings
     * whose text starts with a match of {@code messageRegex} (case-insensitive) get {@code action}. Forgets which
     * warnings were shown.
     *
     * @param action       what to do with the matching warnings
     * @param messageRegex a regular expression matched at the start of the text
     * @throws NullPointerException for a null action or regex
     * @throws java.util.regex.PatternSyntaxException for a malformed regex
     */
    public static synchronized void filterWarnings(Action action, String messageRegex) {
        Objects.requireNonNull(action, "action");
        Pattern p = Pattern.compile(Objects.requireNonNull(messageRegex, "messageRegex"), Pattern.CASE_INSENSITIVE);
        List<Filter> f = new ArrayList<>(filters.size() + 1);
        f.add(new Filter(action, p));
        f.addAll(filters);
        filters = List.copyOf(f);
        shown.clear();
    }

    /**
     * Removes every filter ({@code warnings.resetwarnings()}): the starting action (the system property's, else
     * {@link Action#DEFAULT}) applies again. Forgets which warnings were shown.
     */
    public static synchronized void resetWarnings() {
        filters = List.of();
        shown.clear();
    }

    /**
     * The action a warning with this text gets now: the newest matching filter's, else the starting action.
     *
     * @param message a warning's text
     * @return the action
     */
    public static Action actionFor(String message) {
        for (Filter f : filters) if (f.matches(message)) return f.action();
        return startAction;
    }

    // ------------------------------------------------------------------ where warnings go

    /**
     * Sends every shown warning to {@code handler} instead of the {@link System.Logger} {@value #LOGGER_NAME}
     * (Python's {@code warnings.showwarning}). The handler runs on the thread that raised the warning, inside the
     * library call; an exception it throws reaches that call.
     *
     * @param handler where warnings go; null restores the logger
     * @return the previous handler (the logger's when it was the default)
     */
    public static synchronized Consumer<? super Warning> setHandler(Consumer<? super Warning> handler) {
        Consumer<? super Warning> previous = Warnings.handler;
        Warnings.handler = handler == null ? LOGGER_HANDLER : handler;
        return previous;
    }

    /**
     * Records warnings for a block, then restores the filters and the handler and forgets which warnings were
     * shown: {@code warnings.catch_warnings(record=True)}. Inside, the filters start as they were (call
     * {@code simpleFilter(Action.ALWAYS)} to see repeats). Global, as Python's: not for blocks that run on
     * several threads at once with different needs.
     *
     * <pre>{@code
     * try (Warnings.Recorder rec = Warnings.catchWarnings()) {
     *     Warnings.simpleFilter(Warnings.Action.ALWAYS);
     *     new MSELoss().forward(x, y);
     *     assert rec.warnings().isEmpty();
     * }
     * }</pre>
     *
     * @return the recorder; close it to restore
     */
    public static synchronized Recorder catchWarnings() {
        Recorder r = new Recorder(filters, handler);
        handler = r::add;
        shown.clear();
        return r;
    }

    /** The warnings shown inside a {@link #catchWarnings()} block, in order; closing it restores the previous state. */
    public static final class Recorder implements AutoCloseable {
        private final List<Filter> savedFilters;
        private final Consumer<? super Warning> savedHandler;
        private final List<Warning> recorded = Collections.synchronizedList(new ArrayList<>());
        private boolean closed;

        private Recorder(List<Filter> savedFilters, Consumer<? super Warning> savedHandler) {
            this.savedFilters = savedFilters;
            this.savedHandler = savedHandler;
        }

        private void add(Warning w) { recorded.add(w); }

        /**
         * The warnings recorded so far.
         *
         * @return a copy, in the order they were raised
         */
        public List<Warning> warnings() {
            synchronized (recorded) {
                return List.copyOf(recorded);
            }
        }

        /**
         * The texts of the warnings recorded so far.
         *
         * @return their messages, in order
         */
        public List<String> messages() {
            List<String> m = new ArrayList<>();
            for (Warning w : warnings()) m.add(w.message());
            return m;
        }

        /** Restores the filters and the handler as they were when the block began, and forgets which warnings were shown. */
        @Override
        public void close() {
            synchronized (Warnings.class) {
                if (closed) return;
                closed = true;
                filters = savedFilters;
                handler = savedHandler;
                shown.clear();
            }
        }
    }

    // ------------------------------------------------------------------ raising

    /**
     * Raises a {@value #USER_WARNING}: Python's {@code warnings.warn(text)}. The library calls it with PyTorch's
     * texts; users may call it too. Nothing happens under {@link Action#IGNORE} or when already shown; under
     * {@link Action#ERROR} it throws.
     *
     * @param template the text, with {@code %s} for each value (formatted with {@link String#format}, root locale);
     *                 used as is when there are no values
     * @param values   the values
     * @throws WarningException when the action is {@link Action#ERROR}
     */
    public static void warn(String template, Object... values) {
        warnAs(USER_WARNING, template, values);
    }

    /**
     * Raises a warning of a category (a Python category name, e.g. {@code DeprecationWarning}). (Not an overload of
     * {@link #warn}: with String values Java would pick it by mistake.)
     *
     * @param category the category's name
     * @param template the text, with {@code %s} for each value; used as is when there are no values
     * @param values   the values
     * @throws WarningException when the action is {@link Action#ERROR}
     */
    public static void warnAs(String category, String template, Object... values) {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(template, "template");
        String message = values == null || values.length == 0 ? template : String.format(Locale.ROOT, template, values);
        Action action = actionFor(message);
        if (action == Action.IGNORE) return;
        StackTraceElement site = callSite();
        Warning w = new Warning(category, message, template, site);
        switch (action) {
            case ERROR:
                throw new WarningException(w);
            case ONCE:
                if (!shown.add("once\u0000" + category + "\u0000" + template)) return;
                break;
            case DEFAULT:
                if (!shown.add("site\u0000" + category + "\u0000" + template + "\u0000" + siteKey(site))) return;
                break;
            default:
                break;
        }
        handler.accept(w);
    }

    private static String siteKey(StackTraceElement s) {
        return s == null ? "?" : s.getClassName() + "#" + s.getMethodName() + "#" + s.getFileName() + ":" + s.getLineNumber();
    }

    // ------------------------------------------------------------------ the call site

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Module CORE = Warnings.class.getModule();
    private static final String CORE_LOCATION = location(Warnings.class);

    /** The first frame whose class is not this library's (the user's call), or null. */
    static StackTraceElement callSite() {
        return WALKER.walk(frames -> frames.filter(f -> !isLibrary(f.getDeclaringClass())).findFirst()
                .map(StackWalker.StackFrame::toStackTraceElement).orElse(null));
    }

    /**
     * Whether a class is this library's: in core's module when core is a named module; on the class path, in a
     * package under {@code org.losses4j} loaded from core's jar or directory (so the command line, another module,
     * and tests compiled apart are callers, not the library).
     */
    static boolean isLibrary(Class<?> c) {
        if (CORE.isNamed()) return c.getModule() == CORE;
        if (c.getModule().isNamed()) return false;
        String p = c.getPackageName();
        if (!p.equals("org.losses4j") && !p.startsWith("org.losses4j.")) return false;
        return Objects.equals(location(c), CORE_LOCATION);
    }

    private static String location(Class<?> c) {
        try {
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            return cs == null || cs.getLocation() == null ? null : cs.getLocation().toExternalForm();
        } catch (SecurityException e) {
            return null;
        }
    }
}
