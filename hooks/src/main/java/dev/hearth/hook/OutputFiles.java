package dev.hearth.hook;

import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The heat_outputs_path convention: user code writes {@code <outputs>/<id>.<name>}; the hook reads them back. */
public final class OutputFiles {
    private OutputFiles() {}

    public static Path outputsPath(HookContext ctx, Deployment d) {
        return ctx.outputsDir().resolve(d.id());
    }

    /** Adds each declared output whose file exists, verbatim. */
    public static HookResponse collect(HookResponse response, HookContext ctx, Deployment d) throws IOException {
        Path base = outputsPath(ctx, d);
        HookResponse r = response;
        for (DeploymentOutput out : d.outputs()) {
            Path file = base.resolveSibling(base.getFileName() + "." + out.name());
            if (Files.isRegularFile(file)) {
                r = r.withOutput(out.name(), TextNode.valueOf(Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        return r;
    }

    /** Removes output files left by an earlier run of the same id, so that a re-run reports only its own. */
    public static void clear(HookContext ctx, Deployment d) throws IOException {
        Path base = outputsPath(ctx, d);
        for (DeploymentOutput out : d.outputs()) {
            Files.deleteIfExists(base.resolveSibling(base.getFileName() + "." + out.name()));
        }
    }
}
