package dev.salescrm.launcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line behind {@code ./crm}: {@code up}, {@code down}, {@code status}, {@code logs <name> [--follow]},
 * {@code token <user> [--password p]}, {@code token --client <id> [--secret s]}, {@code demo}.
 * Repository root: system property {@code crm.repo}, else the working directory. Configuration: see
 * {@link SuiteConfig#fromEnvironment}.
 */
public final class Crm {

    private Crm() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0) {
            usage();
            return 2;
        }
        Path repo = Path.of(System.getProperty("crm.repo", System.getProperty("user.dir")));
        SuiteConfig config;
        try {
            config = SuiteConfig.fromEnvironment(repo, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("crm: " + e.getMessage());
            return 2;
        }
        Suite suite = new Suite(config);
        try {
            switch (args[0]) {
                case "up" -> {
                    long start = System.nanoTime();
                    Suite.UpResult result = suite.up();
                    System.out.printf("all %d processes ready in %d s (%s)%n", result.pids().size(),
                            (System.nanoTime() - start) / 1_000_000_000L,
                            result.started().isEmpty() ? "nothing started, all were running"
                                    : "started " + String.join(", ", result.started()));
                    System.out.println("gateway: " + result.gatewayUrl());
                    return 0;
                }
                case "down" -> {
                    List<String> stopped = suite.down();
                    System.out.println(stopped.isEmpty() ? "nothing was running" : "stopped " + String.join(", ", stopped));
                    return 0;
                }
                case "status" -> {
                    boolean allUp = true;
                    for (Suite.ProcessStatus line : suite.status()) {
                        System.out.println(line);
                        allUp &= line.up();
                    }
                    return allUp ? 0 : 3;
                }
                case "logs" -> {
                    return logs(config, args);
                }
                case "token" -> {
                    return token(config, args, System.getenv());
                }
                case "demo" -> {
                    return dev.salescrm.launcher.cycle.Demo.run(config, System.getenv(), System.out, System.err);
                }
                case "help", "-h", "--help" -> {
                    usage();
                    return 0;
                }
                default -> {
                    System.err.println("crm: unknown command " + args[0]);
                    usage();
                    return 2;
                }
            }
        } catch (Suite.SuiteException e) {
            System.err.println("crm: " + e.getMessage());
            return 1;
        }
    }

    private static int logs(SuiteConfig config, String[] args) {
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        boolean follow = rest.remove("--follow") | rest.remove("-f");
        if (rest.size() != 1) {
            System.err.println("usage: crm logs <name> [--follow]   names: " + knownNames());
            return 2;
        }
        String name = resolveName(rest.get(0));
        if (name == null) {
            System.err.println("crm: unknown process " + rest.get(0) + "; names: " + knownNames());
            return 2;
        }
        Path log = config.logFile(name);
        if (!Files.exists(log) && !follow) {
            System.err.println("crm: no log yet: " + log);
            return 1;
        }
        try {
            long position = 0;
            while (true) {
                if (Files.exists(log)) {
                    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                        if (file.length() < position) {
                            position = 0; // truncated
                        }
                        file.seek(position);
                        byte[] buffer = new byte[8192];
                        int n;
                        while ((n = file.read(buffer)) > 0) {
                            System.out.write(buffer, 0, n);
                            position += n;
                        }
                        System.out.flush();
                    }
                }
                if (!follow) {
                    return 0;
                }
                Thread.sleep(500);
            }
        } catch (IOException e) {
            System.err.println("crm: cannot read " + log + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            return 0;
        }
    }

    /**
     * Prints an access token of the local issuer on stdout, nothing else (so {@code TOKEN=$(./crm token alice)}
     * works): for a person through the real authorization code + PKCE flow (login form, public client
     * {@code crm-web}), for a machine client ({@code --client erp-sync}) through client credentials.
     */
    static int token(SuiteConfig config, String[] args, Map<String, String> env) {
        String user = null;
        String password = null;
        String client = null;
        String secret = null;
        String issuer = config.issuer();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            boolean hasValue = i + 1 < args.length;
            switch (arg) {
                case "--password" -> { if (!hasValue) { return tokenUsage(); } password = args[++i]; }
                case "--client" -> { if (!hasValue) { return tokenUsage(); } client = args[++i]; }
                case "--secret" -> { if (!hasValue) { return tokenUsage(); } secret = args[++i]; }
                case "--issuer" -> { if (!hasValue) { return tokenUsage(); } issuer = args[++i]; }
                default -> {
                    if (arg.startsWith("-") || user != null) {
                        return tokenUsage();
                    }
                    user = arg;
                }
            }
        }
        if ((user == null) == (client == null)) {
            return tokenUsage();
        }
        try {
            String token;
            if (client != null) {
                if (secret == null) {
                    secret = clientSecret(client, env);
                }
                token = PkceLogin.clientCredentialsToken(issuer, client, secret);
            } else {
                if (password == null) {
                    password = env.getOrDefault("CRM_DEMO_PASSWORD", PkceLogin.DEFAULT_DEMO_PASSWORD);
                }
                token = PkceLogin.accessToken(issuer, PkceLogin.DEFAULT_CLIENT, PkceLogin.DEFAULT_REDIRECT_URI, user,
                        password);
            }
            System.out.println(token);
            return 0;
        } catch (PkceLogin.LoginException e) {
            System.err.println("crm: no token: " + e.getMessage());
            return 1;
        }
    }

    /**
     * A machine client's secret: {@code CRM_<CLIENT>_SECRET} (e.g. {@code CRM_ERP_SYNC_SECRET}, the variable
     * identity reads too), else the local default of identity's application.yml ({@code <client>-local-secret}).
     */
    static String clientSecret(String client, Map<String, String> env) {
        String variable = "CRM_" + client.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_SECRET";
        return env.getOrDefault(variable, client + "-local-secret");
    }

    private static int tokenUsage() {
        System.err.println("""
                usage: crm token <user> [--password p] [--issuer url]
                       crm token --client <client-id> [--secret s] [--issuer url]
                  users: alice, bob, maryam, mona, bill, cathy, admin (password: $CRM_DEMO_PASSWORD, else crm-demo)
                  clients: erp-sync, analytics (secret: $CRM_<CLIENT>_SECRET, else <client>-local-secret)""");
        return 2;
    }

    /** Accepts {@code lead-service}, {@code lead}, {@code gateway}, {@code kafka}, {@code postgres}. */
    static String resolveName(String name) {
        for (String known : knownNames()) {
            if (known.equals(name) || known.equals(name + "-service")) {
                return known;
            }
        }
        return null;
    }

    private static List<String> knownNames() {
        List<String> names = new ArrayList<>(SuiteConfig.processNames());
        names.add(SuiteConfig.KAFKA);
        names.add(SuiteConfig.POSTGRES);
        return names;
    }

    private static void usage() {
        System.out.println("""
                usage: crm <command>
                  up                      start PostgreSQL (if needed), Kafka, identity, the five services and the gateway
                  down                    stop everything crm up started
                  status                  one line per process: name, up/down, port, pid
                  logs <name> [--follow]  print (and follow) a process log; names: identity, lead, account,
                                          opportunity, catalog, billing, gateway, kafka, postgres
                  token <user> [--password p]
                                          print an access token for a demo user (authorization code + PKCE
                                          through the login form of the local issuer)
                  token --client <id> [--secret s]
                                          print an access token for a machine client (client credentials)
                  demo                    run the whole sales cycle against the running suite with sample data,
                                          printing each step and the ids it made (the data stays)
                """);
    }
}
