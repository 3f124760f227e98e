package org.rnnworkbench.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.function.BooleanSupplier;

/**
 * A request to end the run early, after the current iteration, with a given exit code: SIGINT (130)
 * or SIGTERM (143) from the terminal or a job manager, or a write error on stdout or the history (1).
 * The training loop asks after every iteration ({@link #getAsBoolean()}); the command then saves the
 * last state as a checkpoint, removes its temporary files and exits with {@link #exitCode()}.
 * The first request wins; later ones change nothing.
 */
final class StopRequest implements BooleanSupplier {
    /** Exit code after SIGINT (128 + 2), as a shell reports a process Ctrl-C stopped. */
    static final int EXIT_SIGINT = 130;
    /** Exit code after SIGTERM (128 + 15). */
    static final int EXIT_SIGTERM = 143;

    private volatile int exitCode;
    private volatile String signal;

    /** Asks the run to stop with {@code code}; {@code signalName} ("SIGINT") or null. */
    synchronized void request(int code, String signalName) {
        if (exitCode == 0) {
            signal = signalName;
            exitCode = code;
        }
    }

    /** True once a stop has been asked for. */
    @Override
    public boolean getAsBoolean() {
        return exitCode != 0;
    }

    /** The exit code asked for (0 when none). */
    int exitCode() {
        return exitCode;
    }

    /** The signal that asked for the stop ("SIGINT", "SIGTERM"), or null. */
    String signal() {
        return signal;
    }

    /**
     * Replaces the JVM's handling of SIGINT and SIGTERM (which would end the process at once, in the
     * middle of a checkpoint write) by a stop request. Uses {@code sun.misc.Signal} through reflection, so the
     * build needs no internal API; where it is missing, the JVM keeps its own handling.
     */
    void installSignalHandlers() {
        install("INT", EXIT_SIGINT);
        install("TERM", EXIT_SIGTERM);
    }

    private void install(String name, int code) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            InvocationHandler onSignal = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    request(code, "SIG" + name);
                    return null;
                }
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "stop on SIG" + name;
                    default -> null;
                };
            };
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    onSignal);
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // No signal API here (another JVM, a signal the OS reserves): the default handling stays.
        }
    }
}
