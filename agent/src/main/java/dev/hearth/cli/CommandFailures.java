package dev.hearth.cli;

import dev.hearth.ansible.AnsibleNotFoundException;
import dev.hearth.config.ConfigException;
import dev.hearth.deploy.MetadataTooLargeException;
import dev.hearth.docker.DockerConfigException;
import dev.hearth.hook.InvalidDeploymentException;
import dev.hearth.role.RoleException;
import dev.hearth.secret.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The one place where what a command threw becomes its exit status and its message on stderr:
 * bad input (an invalid configuration, role or deployment, a missing file) exits 2, a
 * {@link CliException} with its own status, anything else is unexpected and exits 1, with the
 * stack trace under {@code --debug}. Messages are masked like log lines.
 */
final class CommandFailures implements CommandLine.IExecutionExceptionHandler {
    private final DebugOption debug;

    CommandFailures(DebugOption debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine line, ParseResult parsed) {
        PrintWriter err = line.getErr();
        String prefix = "hearth " + line.getCommandName() + ": ";
        int code = exitCode(ex);
        if (code == ExitCodes.FAILED && !(ex instanceof CliException)) {
            err.println(prefix + "unexpected error: " + Secrets.maskPatterns(describe(ex))
                    + (debug.enabled() ? "" : " (--debug shows where)"));
        } else {
            err.println(prefix + Secrets.maskPatterns(message(ex)));
        }
        if (debug.enabled()) {
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            err.print(Secrets.maskPatterns(trace.toString()));
        }
        err.flush();
        return code;
    }

    static int exitCode(Throwable ex) {
        return switch (ex) {
            case CliException c -> c.exitCode();
            case ConfigException c -> ExitCodes.BAD_INPUT;
            case RoleException r -> ExitCodes.BAD_INPUT;
            case InvalidDeploymentException i -> ExitCodes.BAD_INPUT;
            case DockerConfigException d -> ExitCodes.BAD_INPUT;
            case MetadataTooLargeException m -> ExitCodes.BAD_INPUT;
            case AnsibleNotFoundException a -> ExitCodes.BAD_INPUT;
            case NoSuchFileException n -> ExitCodes.BAD_INPUT;
            default -> ExitCodes.FAILED;
        };
    }

    private static String message(Throwable ex) {
        if (ex instanceof NoSuchFileException n) return n.getFile() + ": no such file";
        return String.valueOf(ex.getMessage());
    }

    private static String describe(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null) root = root.getCause();
        String what = root.getClass().getSimpleName();
        return root.getMessage() == null ? what : what + ": " + root.getMessage();
    }
}
