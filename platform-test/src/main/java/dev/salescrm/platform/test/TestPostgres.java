package dev.salescrm.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for tests, found once per JVM, in this order:
 * <ol>
 *   <li>{@code CRM_TEST_DB_URL}, a JDBC URL of any database on the server to use
 *       (e.g. {@code jdbc:postgresql://db:5432/postgres?user=postgres&password=secret});</li>
 *   <li>the local server on 127.0.0.1:5432 (user {@code postgres}), if it answers;</li>
 *   <li>an embedded PostgreSQL (zonky) started from a Maven jar, stopped with the JVM.</li>
 * </ol>
 * Every test class gets a fresh database on it ({@link #createDatabase}), dropped when its
 * Spring context closes — or, for a context that failed to start and so never closes, when the
 * JVM exits.
 */
public final class TestPostgres {

    private static Server server;

    /** Databases created and not yet dropped; whatever is left at JVM exit is dropped then. */
    private static final Set<Database> UNDROPPED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> UNDROPPED.forEach(Database::drop), "drop-test-databases"));
    }

    private TestPostgres() {
    }

    /** Where the server is: host, port and credentials, with {@code postgres} as maintenance db. */
    public record Server(String host, int port, String user, String password) {

        String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        Connection connect(String database) throws SQLException {
            return DriverManager.getConnection(jdbcUrl(database), user, password);
        }
    }

    /** A database of its own for one test class. */
    public record Database(Server server, String name) {

        public String jdbcUrl() {
            return server.jdbcUrl(name);
        }

        public String r2dbcUrl() {
            return "r2dbc:postgresql://" + server.host() + ":" + server.port() + "/" + name;
        }

        public String user() {
            return server.user();
        }

        public String password() {
            return server.password();
        }

        public Connection connect() throws SQLException {
            return server.connect(name);
        }

        /** Drops the database, ending any connection still open to it. */
        public void drop() {
            UNDROPPED.remove(this);
            try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            } catch (SQLException e) {
                // Leaving a test database behind is untidy, not wrong: report it and go on.
                System.err.println("could not drop test database " + name + ": " + e.getMessage());
            }
        }
    }

    public static synchronized Server server() {
        if (server == null) {
            server = locate();
        }
        return server;
    }

    /** Creates an empty database named after the test, unique in this server. */
    public static Database createDatabase(String label) {
        Server s = server();
        String name = ("t_" + label.replaceAll("[^A-Za-z0-9]", "_") + "_"
                + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        if (name.length() > 63) {
            name = name.substring(name.length() - 63);
        }
        try (Connection c = s.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE \"" + name + "\" ENCODING 'UTF8' TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name + " on " + s, e);
        }
        Database database = new Database(s, name);
        UNDROPPED.add(database);
        return database;
    }

    private static Server locate() {
        String url = System.getenv("CRM_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return fromUrl(url);
        }
        Server local = new Server("127.0.0.1", 5432, "postgres", "");
        if (answers(local)) {
            return local;
        }
        return startEmbedded();
    }

    private static Server fromUrl(String url) {
        var parsed = java.net.URI.create(url.substring("jdbc:".length()));
        String user = "postgres";
        String password = "";
        if (parsed.getQuery() != null) {
            for (String pair : parsed.getQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].equals("user")) {
                    user = kv[1];
                } else if (kv[0].equals("password")) {
                    password = kv.length > 1 ? kv[1] : "";
                }
            }
        }
        return new Server(parsed.getHost(), parsed.getPort() < 0 ? 5432 : parsed.getPort(), user, password);
    }

    private static boolean answers(Server candidate) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(candidate.host(), candidate.port()), 500);
        } catch (IOException e) {
            return false;
        }
        try (Connection c = candidate.connect("postgres")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static Server startEmbedded() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the temporary data directory goes with it
                }
            }));
            return new Server("127.0.0.1", pg.getPort(), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("no PostgreSQL answered and the embedded one did not start", e);
        }
    }
}
