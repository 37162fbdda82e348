package dev.salescrm.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Runs an embedded PostgreSQL (zonky binaries) as a background JVM that outlives the launcher.
 * Arguments: {@code <data directory> <port>}. The data directory is kept across restarts. The process
 * stops PostgreSQL cleanly on SIGTERM (shutdown hook), which is what {@code crm down} sends.
 */
public final class EmbeddedPostgresMain {

    private EmbeddedPostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: EmbeddedPostgresMain <data directory> <port>");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        Files.createDirectories(dataDir.getParent());
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setOverrideWorkingDirectory(dataDir.getParent().resolve("work").toFile())
                .start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stop.countDown();
            }
        }, "embedded-postgres-stop"));
        System.out.println("embedded PostgreSQL ready on 127.0.0.1:" + port + ", data in " + dataDir);
        stop.await();
    }
}
