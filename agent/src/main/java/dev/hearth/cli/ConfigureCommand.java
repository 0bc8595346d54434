package dev.hearth.cli;

import dev.hearth.config.ConfigException;
import dev.hearth.config.MetadataConfigurator;
import dev.hearth.fs.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hearth configure}: agent.yaml from the os-collect-config section Heat gives a server. */
@Command(
        name = "configure",
        mixinStandardHelpOptions = true,
        description = {
            "Write an agent.yaml from the os-collect-config section of a server's Heat metadata.",
            "",
            "FILE is JSON: the whole server metadata (with its \"os-collect-config\" key), or just that block "
                    + "as the os_collect_config attribute of an OS::Heat::DeployedServer gives it (openstack "
                    + "stack output show / resource show). Its collectors list and its heat, cfn, request and "
                    + "zaqar sections become the same keys of agent.yaml; keys Heat left null are omitted.",
            "",
            "With --base, every other key (state_dir, polling, signals, http, ...) is kept from that file; "
                    + "the collector sections named in the metadata replace the base's ones. The result is "
                    + "validated as the agent would validate it, then written atomically with mode 0600 (it "
                    + "holds credentials), or printed when --output is not given."
        },
        footer = {
            "",
            "Exit status: 0 written; 2 the input is not such a document, names a collector Hearth does not "
                    + "have (e.g. ec2 on a Nova server: drop it with --ignore-collector ec2), or the output "
                    + "cannot be written.",
            "",
            "Examples:",
            "  openstack stack output show -f json -c output_value mystack occ | jq .output_value \\",
            "      | hearth configure --from-metadata - --output /etc/hearth/agent.yaml",
            "  hearth configure --from-metadata server-metadata.json --base /etc/hearth/agent.yaml "
                    + "--output /etc/hearth/agent.yaml"
        })
public final class ConfigureCommand implements Callable<Integer> {
    @Option(
            names = "--from-metadata",
            required = true,
            paramLabel = "FILE",
            description = "Server metadata or its os-collect-config block, JSON (- for standard input).")
    String from;

    @Option(
            names = "--output",
            paramLabel = "FILE",
            description = "Where to write agent.yaml (default: standard output).")
    Path output;

    @Option(names = "--base", paramLabel = "FILE", description = "An agent.yaml whose other keys are kept.")
    Path base;

    @Option(
            names = "--ignore-collector",
            paramLabel = "NAME",
            description = "Drop this collector from the list instead of refusing it (repeatable).")
    List<String> ignored = List.of();

    @Option(
            names = "--json",
            description = "Print what was done as JSON: the collectors, the warnings, where agent.yaml "
                    + "was written (\"output\"), or the YAML itself (\"agent_yaml\") without --output.")
    boolean json;

    @Spec
    CommandSpec spec;

    public ConfigureCommand() {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String metadata = from.equals("-")
                    ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(from));
            String baseYaml = base == null ? null : Files.readString(base);
            MetadataConfigurator.Result r =
                    new MetadataConfigurator().configure(metadata, baseYaml, Set.copyOf(ignored));
            if (json) {
                if (output != null) AtomicFiles.write(output, r.yaml(), AtomicFiles.FILE_0600);
                var o = dev.hearth.json.Json.object();
                r.collectors().forEach(o.putArray("collectors")::add);
                var warnings = o.putArray("warnings");
                r.warnings().forEach(warnings::add);
                if (output != null) o.put("output", output.toString());
                else o.put("agent_yaml", r.yaml());
                out.println(dev.hearth.json.Json.writePretty(o));
                out.flush();
                return ExitCodes.OK;
            }
            r.warnings().forEach(w -> err.println("hearth configure: warning: " + w));
            if (output == null) {
                out.print(r.yaml());
                out.flush();
            } else {
                AtomicFiles.write(output, r.yaml(), AtomicFiles.FILE_0600);
                err.println("hearth configure: wrote " + output + " (collectors: " + String.join(", ", r.collectors())
                        + ")");
            }
            return ExitCodes.OK;
        } catch (NoSuchFileException e) {
            err.println("hearth configure: " + e.getFile() + ": no such file");
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("hearth configure: " + e);
            return ExitCodes.BAD_INPUT;
        } catch (ConfigException e) {
            err.println("hearth configure: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }
}
