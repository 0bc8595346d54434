package dev.hearth.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hook.Deployment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An in-memory signal queue for unit tests of the dispatcher's bookkeeping (the real outbox has its own tests). */
final class MemorySignalQueue implements SignalQueue {
    final Map<String, ObjectNode> ready = new LinkedHashMap<>();
    final Map<String, Deployment> armed = new LinkedHashMap<>();
    int wakes;

    @Override
    public boolean arm(Deployment d) {
        if (d.signalTransport().equals("NO_SIGNAL")) return false;
        armed.put(d.id(), d);
        return true;
    }

    @Override
    public void complete(String id, ObjectNode payload) {
        armed.remove(id);
        ready.put(id, payload);
    }

    @Override
    public void discard(String id) {
        armed.remove(id);
        ready.remove(id);
    }

    @Override
    public Envelope envelope(String id) {
        if (ready.containsKey(id)) return Envelope.READY;
        if (armed.containsKey(id)) return Envelope.ARMED;
        return Envelope.NONE;
    }

    @Override
    public Optional<ObjectNode> payload(String id) {
        return Optional.ofNullable(ready.get(id));
    }

    @Override
    public Set<String> ids() {
        Set<String> all = new java.util.LinkedHashSet<>(armed.keySet());
        all.addAll(ready.keySet());
        return all;
    }

    @Override
    public void wake() {
        wakes++;
    }
}
