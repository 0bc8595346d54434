package dev.hearth.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Handlers for signals sent to the agent's process (TERM, INT, HUP). The JDK handles signals only
 * in {@code sun.misc.Signal} (module jdk.unsupported, exported for exactly this). It is reached by
 * reflection because javac warns about every use of such an API, with no option to silence it, and
 * the build treats warnings as errors.
 */
final class ProcessSignals {
    private ProcessSignals() {}

    /**
     * Runs {@code action} on the JVM's signal thread whenever the process gets {@code SIG<name>}.
     *
     * @throws IllegalArgumentException when the signal is unknown or the JVM keeps it for itself
     */
    @SuppressWarnings("ReferenceEquality") // a handler is equal only to itself, as any Object
    static void handle(String name, Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object sig = signal.getConstructor(String.class).newInstance(name);
            Object onSignal = Proxy.newProxyInstance(
                    ProcessSignals.class.getClassLoader(),
                    new Class<?>[] {handler},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "handler of SIG" + name;
                    });
            signal.getMethod("handle", signal, handler).invoke(null, sig, onSignal);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException refused) throw refused;
            throw new IllegalStateException("cannot handle SIG" + name, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot handle SIG" + name, e);
        }
    }
}
