package org.openrouterproxy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.openrouterproxy.core.ProxyError;
import org.openrouterproxy.server.usage.UsageDb;
import org.openrouterproxy.server.usage.UsageQuery;
import org.openrouterproxy.server.usage.UsageReport;
import org.openrouterproxy.server.usage.UsageStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code proxy usage}: what each client spent and what the cache markers saved, from a running proxy's
 * {@code GET /v1/usage} (admin key from {@code PROXY_ADMIN_KEY} or {@code --admin-key-file}, never a flag) or
 * straight from the ledger database ({@code --db}, handy when the proxy is down). Prints an aligned table, or
 * {@code --json} / {@code --csv}.
 */
@Command(name = "usage", mixinStandardHelpOptions = true,
        description = "Report usage per key and model from the usage ledger: requests, tokens, cached share, cost, "
                + "and what caching saved.")
public final class UsageCommand implements Callable<Integer> {
    /** The report was printed. */
    static final int OK = 0;
    /** The proxy or database could not be read, or refused the report. */
    static final int REPORT_FAILED = 1;
    /** Invalid options. */
    static final int USAGE_ERROR = ExitCodes.CONFIG_ERROR;
    static final String ADMIN_KEY_ENV = "PROXY_ADMIN_KEY";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", description = "The running proxy (default: http://127.0.0.1:9998).")
    String url = "http://127.0.0.1:9998";

    @Option(names = "--admin-key-file", paramLabel = "FILE",
            description = "File holding the admin key (default: the PROXY_ADMIN_KEY environment variable).")
    Path adminKeyFile;

    @Option(names = "--db", paramLabel = "PATH|URL", description = "Read the ledger database directly instead: a "
            + "SQLite file or postgresql://user:pass@host:port/db (as PROXY_USAGE_DB).")
    String db;

    @Option(names = "--since", paramLabel = "PERIOD", description = "How far back: 24h, 7d, 30d ... (default: 7d).")
    String since = "7d";

    @Option(names = "--group-by", paramLabel = "DIMS", description = "key, model, day or a combination "
            + "(default: key,model).")
    String groupBy = "key,model";

    @Option(names = "--json", description = "Print the report as JSON (the /v1/usage body).")
    boolean json;

    @Option(names = "--csv", description = "Print the rows as CSV.")
    boolean csv;

    private final Map<String, String> env;
    private final Path workingDir;

    public UsageCommand() {
        this(System.getenv(), Path.of("").toAbsolutePath());
    }

    /** For tests: explicit environment and working directory. */
    UsageCommand(Map<String, String> env, Path workingDir) {
        this.env = env;
        this.workingDir = workingDir;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json && csv) {
            err.println("proxy usage: choose one of --json and --csv");
            return USAGE_ERROR;
        }
        UsageQuery query;
        try {
            Instant now = Instant.now();
            query = UsageQuery.parse(now.minus(UsageQuery.since(since)).toString(), now.toString(), groupBy, now);
        } catch (IllegalArgumentException | ProxyError e) {
            err.println("proxy usage: " + e.getMessage().replace("'group_by'", "--group-by").replace("'from'",
                    "--since"));
            return USAGE_ERROR;
        }
        UsageReport report;
        try {
            report = db != null ? fromDatabase(query) : fromProxy(query);
        } catch (IllegalArgumentException e) {
            err.println("proxy usage: " + e.getMessage());
            return USAGE_ERROR;
        } catch (IllegalStateException | IOException e) {
            err.println("proxy usage: " + e.getMessage());
            return REPORT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return REPORT_FAILED;
        }
        if (json) {
            out.println(report.toJson());
        } else if (csv) {
            out.print(UsageTable.csv(report));
        } else {
            out.print(UsageTable.table(report));
        }
        out.flush();
        return OK;
    }

    private UsageReport fromDatabase(UsageQuery query) {
        UsageDb d = UsageDb.parse(db, workingDir);
        if (d.isOff()) {
            throw new IllegalArgumentException("--db needs a SQLite file or a postgresql:// URL");
        }
        if (d.kind() == UsageDb.Kind.SQLITE && !Files.isRegularFile(d.file())) {
            throw new IllegalStateException("no usage ledger at " + d.file());
        }
        return UsageStore.report(d, query);
    }

    private UsageReport fromProxy(UsageQuery query) throws IOException, InterruptedException {
        String key = adminKey();
        URI uri;
        try {
            String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            base = base.endsWith("/v1") ? base.substring(0, base.length() - 3) : base;
            uri = URI.create(base + "/v1/usage?from=" + enc(query.from().toString()) + "&to="
                    + enc(query.to().toString()) + "&group_by=" + enc(query.groupByLabel()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--url '" + url + "' is not a valid URL");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("cannot reach the proxy at " + url + " (" + e.getClass().getSimpleName() + "); "
                    + "is it running? (or read the database with --db)");
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the proxy answered " + r.statusCode() + ": " + errorMessage(r.body()));
        }
        return UsageReport.fromJson(r.body());
    }

    private String adminKey() throws IOException {
        String key;
        if (adminKeyFile != null) {
            try {
                key = Files.readString(workingDir.resolve(adminKeyFile.toString()), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --admin-key-file " + adminKeyFile + " ("
                        + e.getClass().getSimpleName() + ")");
            }
        } else {
            key = env.getOrDefault(ADMIN_KEY_ENV, "").strip();
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("no admin key: set " + ADMIN_KEY_ENV + " or pass --admin-key-file "
                    + "(one of the proxy's PROXY_ADMIN_KEYS), or read the database with --db");
        }
        return key;
    }

    private static String errorMessage(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            String m = n.at("/error/message").asText("");
            if (!m.isEmpty()) {
                return m;
            }
        } catch (IOException | RuntimeException e) {
            // not JSON
        }
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
