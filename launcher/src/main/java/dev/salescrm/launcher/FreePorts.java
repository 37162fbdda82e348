package dev.salescrm.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free loopback ports for a suite that must not meet another one on the same machine (system tests, the
 * benchmark runner): each port is one the operating system just handed out and this instance has not given
 * before. A port can still be taken by someone else between here and its use; the launcher then fails that
 * process's start with a clear message rather than sharing it.
 */
public final class FreePorts {

    private static final int ATTEMPTS = 50;

    private final Set<Integer> taken = new HashSet<>();

    /** A free port not handed out before by this instance. */
    public int next() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                if (taken.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port", e);
            }
        }
        throw new IllegalStateException("no free loopback port after " + ATTEMPTS + " attempts");
    }

    /** A free port whose successor is free too: the Kafka broker listens on it, its controller on it + 1. */
    public int pair() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = next();
            if (port < 65535 && !taken.contains(port + 1) && bindable(port + 1)) {
                taken.add(port + 1);
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port pair after " + ATTEMPTS + " attempts");
    }

    /** Every process of the suite, its Kafka broker and its embedded PostgreSQL on free ports. */
    public SuiteConfig.Builder assignTo(SuiteConfig.Builder builder) {
        builder.kafkaPort(pair()).embeddedDbPort(next());
        for (String name : SuiteConfig.processNames()) {
            builder.port(name, next());
        }
        return builder;
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
