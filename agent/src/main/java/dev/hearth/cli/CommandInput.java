package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import dev.hearth.role.StepRange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedSet;

/**
 * What commands read from their arguments, with the failures as bad input (exit 2): a missing file
 * propagates as NoSuchFileException, which {@link CommandFailures} reports as such.
 */
final class CommandInput {
    private CommandInput() {}

    /** The file's text, or standard input's for {@code -}. */
    static String text(String fileOrDash, InputStream stdin) throws IOException {
        return fileOrDash.equals("-") ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(fileOrDash));
    }

    static JsonNode json(String fileOrDash, InputStream stdin) throws IOException {
        String text = text(fileOrDash, stdin);
        try {
            return Json.parse(text);
        } catch (RuntimeException e) {
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
