package org.corenn.cli;

import java.io.PrintWriter;

import org.corenn.runtime.CorennException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code corenn} command. Exit codes: 0 success, 2 bad usage, 1 a model or input Corenn cannot
 * accept (one {@code error: ...} line on stderr; {@code --debug} adds the stack trace).
 */
@Command(name = "corenn", mixinStandardHelpOptions = true, versionProvider = Corenn.Version.class,
        description = "Fast CNN and RNN inference for the JVM.",
        subcommands = {InfoCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Corenn implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_REJECTED = 1;
    public static final int EXIT_USAGE = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Show stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try 'corenn help')");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code; the tests call this directly. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        Corenn root = new Corenn();
        CommandLine cli = new CommandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CommandLine.ParameterException) {
                err.println("error: " + e.getMessage());
                err.flush();
                return EXIT_USAGE;
            }
            if (root.debug) {
                e.printStackTrace(err);
            }
            err.println("error: " + (isUserError(e) ? message(e)
                    : "internal error: " + e.getClass().getSimpleName() + ": " + message(e)
                            + " (run with --debug for the stack trace)"));
            err.flush();
            return EXIT_REJECTED;
        });
        return cli.execute(args);
    }

    private static boolean isUserError(Throwable e) {
        return e instanceof CorennException || e instanceof IllegalArgumentException
                || e instanceof java.io.IOException;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Version from the native library, so the jar and the natives are known to agree. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"corenn " + org.corenn.runtime.CpuInfo.version()};
        }
    }
}
