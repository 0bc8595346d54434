package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.deploy.MetadataReader;
import dev.hearth.role.StepRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SortedSet;

/**
 * What commands read from their arguments, with the failures as bad input (exit 2): a missing file
 * propagates as NoSuchFileException, which {@link CommandFailures} reports as such.
 */
final class CommandInput {
    private CommandInput() {}

    /** A metadata document within the agent's limits (too large: {@code MetadataTooLargeException}, bad input). */
    static JsonNode metadata(String fileOrDash, InputStream stdin, MetadataReader reader) throws IOException {
        try {
            return fileOrDash.equals("-") ? reader.read(stdin) : reader.read(Files.readAllBytes(Path.of(fileOrDash)));
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException | UncheckedIOException e) {
            throw new CliException(fileOrDash + ": not a JSON document: " + rootMessage(e), ExitCodes.BAD_INPUT);
        }
    }

    static SortedSet<Integer> steps(String range) {
        try {
            return StepRange.parse(range);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), ExitCodes.BAD_INPUT);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }
}
