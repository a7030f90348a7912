package org.openrouterproxy.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, from the Debian packages ({@code /usr/lib/postgresql/<v>/bin}): initdb into a
 * temp dir, a free loopback port, its socket dir inside the temp dir; as root it runs as the {@code postgres} user.
 * Trust authentication on 127.0.0.1 only. {@link #start} throws (the test fails, never skips) when it cannot start.
 */
final class PostgresInstance implements AutoCloseable {
    static final String USER = "ledger";

    private final Path bin;
    private final Path root;
    private final int port;
    private final boolean asRoot;

    private PostgresInstance(Path bin, Path root, int port, boolean asRoot) {
        this.bin = bin;
        this.root = root;
        this.port = port;
        this.asRoot = asRoot;
    }

    static PostgresInstance start() throws IOException, InterruptedException {
        Path bin = findBin();
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        Path root = Files.createTempDirectory("proxy-test-pg-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PostgresInstance pg = new PostgresInstance(bin, root, port, asRoot);
        try {
            Files.createDirectories(root.resolve("sock"));
            if (asRoot) {
                run(List.of("chown", "-R", "postgres:", root.toString()), root);
            }
            pg.runAsOwner(List.of(bin.resolve("initdb").toString(), "-D", root.resolve("data").toString(), "-U", USER,
                    "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"));
            pg.runAsOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", root.resolve("data").toString(), "-w",
                    "-t", "60", "-l", root.resolve("pg.log").toString(), "-o",
                    "-c listen_addresses=127.0.0.1 -p " + port + " -k " + root.resolve("sock")
                            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start"));
            return pg;
        } catch (IOException | RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    private static Path findBin() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(base)) {
            try (Stream<Path> versions = Files.list(base)) {
                Path found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(p -> p.getParent().getFileName().toString().length() * 100
                                + p.getParent().getFileName().toString().hashCode() % 100))
                        .orElse(null);
                if (found != null) {
                    return found;
                }
            }
        }
        throw new IOException("PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb (apt-get install "
                + "postgresql; .ci/run does this)");
    }

    /** The ledger URL: {@code postgresql://ledger:<unused password>@127.0.0.1:<port>/postgres}. */
    String url(String password) {
        return "postgresql://" + USER + ":" + password + "@127.0.0.1:" + port + "/postgres";
    }

    int port() {
        return port;
    }

    private void runAsOwner(List<String> cmd) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(cmd);
        run(full, root);
    }

    private static void run(List<String> cmd, Path root) throws IOException, InterruptedException {
        Path out = Files.createTempFile("proxy-test-pg-cmd-", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(Path.of("/tmp").toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish in 90 s");
            }
            if (p.exitValue() != 0) {
                String log = Files.readString(out);
                Path pgLog = root.resolve("pg.log");
                if (Files.isReadable(pgLog)) {
                    log += " | " + Files.readString(pgLog);
                }
                throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + log);
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Stops and starts the server again on the same port and data (connections are cut). */
    void restart() throws IOException, InterruptedException {
        runAsOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", root.resolve("data").toString(), "-m", "fast",
                "-w", "-t", "60", "-l", root.resolve("pg.log").toString(), "-o",
                "-c listen_addresses=127.0.0.1 -p " + port + " -k " + root.resolve("sock")
                        + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "restart"));
    }

    @Override
    public void close() {
        try {
            if (Files.isDirectory(root.resolve("data"))) {
                runAsOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", root.resolve("data").toString(), "-m",
                        "immediate", "-w", "-t", "30", "stop"));
            }
        } catch (IOException | InterruptedException e) {
            // deleting the directory below is all that is left to do
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp dir
            }
        }
    }
}
