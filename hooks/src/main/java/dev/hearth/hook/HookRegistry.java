package dev.hearth.hook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Built-in hooks by group (including aliases such as {@code docker-puppet}). */
public final class HookRegistry {
    private final Map<String, Hook> byGroup = new LinkedHashMap<>();

    public HookRegistry register(Hook hook) {
        byGroup.put(hook.group(), hook);
        return this;
    }

    public HookRegistry alias(String alias, String group) {
        Hook hook = byGroup.get(group);
        if (hook == null) throw new IllegalArgumentException("no hook for group " + group);
        byGroup.put(alias, hook);
        return this;
    }

    public Optional<Hook> find(String group) {
        return Optional.ofNullable(byGroup.get(group));
    }

    public Map<String, Hook> all() {
        return Collections.unmodifiableMap(byGroup);
    }
}
