package dev.hearth.deploy;

import dev.hearth.hook.Hook;
import dev.hearth.hook.external.ExternalHook;

/**
 * The {@code group} label of deployment meters. A document chooses its groups freely, so the label
 * only takes names this node knows: a built-in hook's group, or the file name of the executable an
 * external hook resolved to (several spellings of a group can reach the same file). Everything else
 * (no hook, an invalid deployment) is counted under {@link #OTHER}, so hostile metadata cannot grow
 * the number of time series without bound.
 */
public final class GroupLabel {
    public static final String OTHER = "other";

    private GroupLabel() {}

    /** The label of a deployment that ran through {@code hook}. */
    public static String of(Hook hook) {
        if (hook instanceof ExternalHook external)
            return external.executable().getFileName().toString();
        return hook.group();
    }
}
