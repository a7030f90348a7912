package org.openrouterproxy.server.usage;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where the usage ledger lives ({@code PROXY_USAGE_DB}): {@code off} (also {@code false}, {@code none}); a SQLite
 * file ({@code sqlite:/path} or a plain path, relative to the working directory); or PostgreSQL
 * ({@code postgresql://user:pass@host:port/db?params}).
 * {@link #toString()} masks the password.
 */
public final class UsageDb {
    /** The storage engine. */
    public enum Kind { OFF, SQLITE, POSTGRESQL }

    public static final String KEY = "PROXY_USAGE_DB";
    private static final String FORMS = KEY + " must be off, a file path, sqlite:PATH or "
            + "postgresql://user:password@host:port/database";
    /** Ledger off. */
    public static final UsageDb OFF = new UsageDb(Kind.OFF, null, null, null, null, "off");

    private final Kind kind;
    private final Path file;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String display;

    private UsageDb(Kind kind, Path file, String jdbcUrl, String user, String password, String display) {
        this.kind = kind;
        this.file = file;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.display = display;
    }

    /** A SQLite file. */
    public static UsageDb sqlite(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return new UsageDb(Kind.SQLITE, abs, "jdbc:sqlite:" + abs, null, null, "sqlite:" + abs);
    }

    /**
     * Parses a {@code PROXY_USAGE_DB} value; relative SQLite paths are resolved against {@code workingDir}.
     *
     * @throws IllegalArgumentException with a one-line message (never containing the password)
     */
    public static UsageDb parse(String value, Path workingDir) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException(FORMS + "; got an empty value");
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("off") || lower.equals("false") || lower.equals("no") || lower.equals("none")) {
            return OFF;  // YAML reads a bare off as false
        }
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            return postgresql(v);
        }
        if (lower.startsWith("sqlite:")) {
            v = v.substring("sqlite:".length());
            if (v.startsWith("//")) {
                v = v.substring(2);
            }
        } else if (v.contains("://")) {
            throw new IllegalArgumentException(FORMS + "; got a URL of another kind");
        }
        if (v.isBlank()) {
            throw new IllegalArgumentException(FORMS + "; the SQLite path is empty");
        }
        try {
            return sqlite(workingDir.resolve(v));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(KEY + ": '" + v + "' is not a valid file path");
        }
    }

    private static UsageDb postgresql(String v) {
        URI u;
        try {
            u = URI.create(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(FORMS + "; the PostgreSQL URL is not valid");
        }
        String db = u.getRawPath() == null ? "" : u.getRawPath().replaceFirst("^/", "");
        if (u.getHost() == null || db.isEmpty() || db.contains("/")) {
            throw new IllegalArgumentException(FORMS + "; the PostgreSQL URL needs a host and a database name");
        }
        String user = null;
        String password = null;
        if (u.getRawUserInfo() != null) {
            String info = u.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        String host = u.getHost().contains(":") && !u.getHost().startsWith("[") ? "[" + u.getHost() + "]"
                : u.getHost();
        int port = u.getPort() < 0 ? 5432 : u.getPort();
        String hostPortDb = host + ":" + port + "/" + db;
        String query = u.getRawQuery() == null ? "" : "?" + u.getRawQuery();
        String display = "postgresql://" + (user == null ? "" : user + (password == null ? "" : ":***") + "@")
                + hostPortDb;
        return new UsageDb(Kind.POSTGRESQL, null, "jdbc:postgresql://" + hostPortDb + query, user, password,
                display);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isOff() {
        return kind == Kind.OFF;
    }

    /** The SQLite file, or null. */
    public Path file() {
        return file;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** Connection properties for the driver (user, password, timeouts); never printed. */
    Map<String, String> properties() {
        if (kind != Kind.POSTGRESQL) {
            return Map.of();
        }
        java.util.HashMap<String, String> p = new java.util.HashMap<>();
        if (user != null) {
            p.put("user", user);
        }
        if (password != null) {
            p.put("password", password);
        }
        p.put("connectTimeout", "5");
        p.put("loginTimeout", "5");
        p.put("ApplicationName", "openrouter-proxy");
        return p;
    }

    /** Where the ledger is, the password masked: {@code sqlite:/path}, {@code postgresql://u:***@h:5432/db}, off. */
    @Override
    public String toString() {
        return display;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UsageDb d && d.kind == kind && Objects.equals(d.jdbcUrl, jdbcUrl)
                && Objects.equals(d.user, user) && Objects.equals(d.password, password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, jdbcUrl, user);
    }
}
