package org.openrouterproxy.cli.chat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openrouterproxy.server.ProxyServer;
import org.openrouterproxy.server.ProxySettings;
import org.openrouterproxy.server.mock.MockOpenRouter;
import org.openrouterproxy.server.mock.MockOptions;
import picocli.CommandLine;

/** A real proxy in front of the fake OpenRouter on loopback sockets, and a way to run {@code proxy chat} at it. */
final class ChatRig implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A model outside the default cache-marker globs: the proxy forwards its bodies unchanged. */
    static final String PLAIN_MODEL = "openai/gpt-4o-mini";

    final MockOpenRouter mock;
    final ProxyServer proxy;
    private final Path dir;

    private ChatRig(MockOptions mockOptions, UnaryOperator<ProxySettings.Builder> settings, Path dir) {
        this.dir = dir;
        this.mock = MockOpenRouter.start(mockOptions);
        try {
            ProxySettings.Builder b = ProxySettings.builder().host("127.0.0.1").port(0).baseUrl(mock.baseUrl())
                    .accessLog(false);
            this.proxy = ProxyServer.start(settings.apply(b).build());
        } catch (RuntimeException e) {
            mock.close();
            throw e;
        }
    }

    /** A proxy with an upstream key and no client keys (allowed on loopback): chat needs no key. */
    static ChatRig open(Path dir) {
        return new ChatRig(MockOptions.defaults(), b -> b.upstreamKey("sk-or-test-upstream"), dir);
    }

    static ChatRig start(Path dir, MockOptions mockOptions, UnaryOperator<ProxySettings.Builder> settings) {
        return new ChatRig(mockOptions, settings, dir);
    }

    /** The outcome of one {@code proxy chat} run. */
    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    /** Runs {@code proxy chat --url <proxy> args...} with an empty environment and {@code stdin} (null: none). */
    Result chat(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--url", proxy.baseUrl()));
        all.addAll(List.of(args));
        return run(stdin, all.toArray(String[]::new));
    }

    /** Runs {@code proxy chat args...} exactly as given (no {@code --url} added). */
    Result run(String stdin, String... args) {
        return runChat(dir, stdin, args);
    }

    static Result runChat(Path dir, String stdin, String... args) {
        byte[] in = stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8);
        ChatEnvironment env = new ChatEnvironment(Map.of(), dir, dir, new ByteArrayInputStream(in), false);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ChatCommand(env));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** The last request body the fake OpenRouter received. */
    JsonNode lastBody() throws IOException {
        return JSON.readTree(mock.lastRequestBody());
    }

    /** The text of a message's content, whether a string or an array of text parts (after marker injection). */
    static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            sb.append(part.path("text").asText(""));
        }
        return sb.toString();
    }

    /** Role and text of every message in {@code body}, as "role: text" lines. */
    static List<String> transcript(JsonNode body) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            out.add(m.path("role").asText() + ": " + text(m.path("content")));
        }
        return out;
    }

    /** A loopback port nothing listens on (bound, then closed). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            proxy.close();
        } finally {
            mock.close();
        }
    }
}
