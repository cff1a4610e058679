package io.vexpress.examples.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * The {@code vexpress} command-line tool: {@code java -jar vexpress.jar <command> [options]}.
 */
@Command(name = "vexpress", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "V-Express talking-head generation on the JVM (ONNX Runtime).",
        subcommands = {DemoCommand.class, GenerateCommand.class, PreviewCommand.class, ExtractKpsCommand.class,
                InspectModelsCommand.class, StudioCommand.class, CommandLine.HelpCommand.class},
        footer = ExitCodes.HELP_FOOTER)
public final class VExpressCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Runs the tool and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the tool with the given streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err).execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new VExpressCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        return cl;
    }

    @Override
    public void run() {
        // No sub-command: show what there is.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A usage mistake: one line saying what is wrong and where to find help, exit code 2. */
    static final class UsageErrorHandler implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cl = ex.getCommandLine();
            PrintWriter err = cl.getErr();
            err.println("vexpress: error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            if (Arrays.asList(args).contains("--json")) {
                PrintWriter out = cl.getOut();
                out.println("{\"event\":\"error\",\"status\":\"error\",\"exit_code\":" + ExitCodes.USAGE
                        + ",\"error\":\"usage\",\"message\":" + jsonString(ex.getMessage()) + "}");
                out.flush();
            }
            return ExitCodes.USAGE;
        }

        private static String jsonString(String s) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return "\"\"";
            }
        }
    }
}
