package dev.hearth.ansible;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One {@code ansible-playbook} command line, in heat-agents' argument order (docs/heat-protocol.md#hooks-of-heat-agents):
 * {@code -i <inventory> [-c local] [--module-path X] [--skip-tags X] [--tags X] <playbook> --extra-vars @<vars>}.
 * {@code -c local} is added for an inventory that names only this machine ({@code localhost,}),
 * which Ansible would otherwise reach over ssh. Null or blank optional values are left out.
 */
public record PlaybookInvocation(
        String inventory, String modulePath, String skipTags, String tags, Path playbook, Path extraVars) {

    public static final String LOCAL_INVENTORY = "localhost,";

    public PlaybookInvocation {
        if (inventory == null || inventory.isBlank()) inventory = LOCAL_INVENTORY;
        if (playbook == null) throw new IllegalArgumentException("playbook is required");
    }

    /** The playbook on this machine only, with extra vars. */
    public static PlaybookInvocation local(Path playbook, Path extraVars) {
        return new PlaybookInvocation(LOCAL_INVENTORY, null, null, null, playbook, extraVars);
    }

    /** The arguments after the command itself. */
    public List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("-i", inventory));
        if (localOnly(inventory)) args.addAll(List.of("-c", "local"));
        if (present(modulePath)) args.addAll(List.of("--module-path", modulePath));
        if (present(skipTags)) args.addAll(List.of("--skip-tags", skipTags));
        if (present(tags)) args.addAll(List.of("--tags", tags));
        args.add(playbook.toString());
        if (extraVars != null) args.addAll(List.of("--extra-vars", "@" + extraVars));
        return List.copyOf(args);
    }

    /** True for a host list ({@code a,b,}) naming only this machine. */
    static boolean localOnly(String inventory) {
        if (!inventory.contains(",")) return false;
        boolean any = false;
        for (String host : inventory.split(",", -1)) {
            String h = host.trim().toLowerCase(Locale.ROOT);
            if (h.isEmpty()) continue;
            if (!h.equals("localhost") && !h.equals("127.0.0.1") && !h.equals("::1")) return false;
            any = true;
        }
        return any;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
