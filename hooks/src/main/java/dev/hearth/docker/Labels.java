package dev.hearth.docker;

import java.util.Locale;

/** Label names on managed containers, and which {@code managed_by} values Hearth may adopt. */
public final class Labels {
    public static final String MANAGED_BY = "managed_by";
    public static final String CONFIG_ID = "config_id";
    public static final String CONTAINER_NAME = "container_name";
    public static final String CONFIG_DATA = "config_data";
    public static final String STACK_ID = "deploy_stack_id";
    public static final String RESOURCE_NAME = "deploy_resource_name";

    /** What the Python docker-cmd hook wrote. */
    public static final String LEGACY_DOCKER_CMD = "docker-cmd";

    private Labels() {}

    /**
     * Containers written by the Python hook, by paunch ({@code paunch}, or {@code tripleo-<Role>} as
     * TripleO passed it) or by tripleo-ansible's container management ({@code tripleo_ansible}).
     */
    public static boolean isLegacyManager(String managedBy) {
        if (managedBy == null) return false;
        String m = managedBy.toLowerCase(Locale.ROOT);
        return m.equals(LEGACY_DOCKER_CMD)
                || m.equals("paunch")
                || m.startsWith("tripleo-")
                || m.equals("tripleo_ansible");
    }
}
