package org.openrouterproxy.cli.chat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrouterproxy.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import static org.assertj.core.api.Assertions.assertThat;

/** Option binding of {@code proxy chat} (picocli parseArgs) and the defaults taken from env and .env. */
class ChatCommandArgsTest {
    @TempDir
    Path dir;

    private ChatEnvironment env(Map<String, String> vars) {
        return new ChatEnvironment(vars, dir, dir, new ByteArrayInputStream(new byte[0]), false);
    }

    private ChatSettings parse(Map<String, String> vars, String... args) {
        ChatCommand cmd = new ChatCommand(env(vars));
        new CommandLine(cmd).parseArgs(args);
        return cmd.settings();
    }

    @Test
    void registeredAsSubcommandOfProxy() {
        assertThat(Main.commandLine().getSubcommands()).containsKey("chat");
    }

    @Test
    void defaultsWithAnEmptyEnvironment() {
        ChatSettings s = parse(Map.of());
        assertThat(s.url()).isEqualTo("http://127.0.0.1:9998");
        assertThat(s.key()).isNull();
        assertThat(s.keySource()).isNull();
        assertThat(s.model()).isEqualTo(ChatDefaults.DEFAULT_MODEL);
        assertThat(s.system()).isNull();
        assertThat(s.options()).isEqualTo(new RequestOptions(null, null, true));
        assertThat(s.json()).isFalse();
    }

    @Test
    void everyOptionBinds() {
        ChatSettings s = parse(Map.of(), "--url", "http://localhost:1234/", "--key", "k-1", "-m", "openai/gpt-4o",
                "-s", "be brief", "--max-tokens", "50", "--temperature", "0.2", "--no-stream", "--json", "hi");
        assertThat(s.url()).isEqualTo("http://localhost:1234");
        assertThat(s.key()).isEqualTo("k-1");
        assertThat(s.keySource()).isEqualTo("--key");
        assertThat(s.model()).isEqualTo("openai/gpt-4o");
        assertThat(s.system()).isEqualTo("be brief");
        assertThat(s.options()).isEqualTo(new RequestOptions(50, 0.2, false));
        assertThat(s.json()).isTrue();
        assertThat(s.describe()).doesNotContain("k-1");
    }

    @Test
    void longFormsAndFlags() {
        ChatCommand cmd = new ChatCommand(env(Map.of()));
        ParseResult r = new CommandLine(cmd).parseArgs("--model", "x/y", "--system", "sys", "-q", "-v", "-i",
                "why", "is", "the", "sky", "blue?");
        assertThat(r.matchedOptionValue("-q", false)).isTrue();
        assertThat(r.matchedOptionValue("-v", false)).isTrue();
        assertThat(r.matchedOptionValue("--interactive", false)).isTrue();
        assertThat(r.matchedPositionalValue(0, java.util.List.of())).hasSize(5);
        assertThat(cmd.settings().model()).isEqualTo("x/y");
        assertThat(cmd.settings().system()).isEqualTo("sys");
    }

    @Test
    void urlFromEnvironmentAndBindAllHostMeansLoopback() {
        assertThat(parse(Map.of("OPENAI_PROXY_HOST", "localhost", "OPENAI_PROXY_PORT", "8080")).url())
                .isEqualTo("http://localhost:8080");
        assertThat(parse(Map.of("OPENAI_PROXY_HOST", "0.0.0.0")).url()).isEqualTo("http://127.0.0.1:9998");
        assertThat(parse(Map.of(), "--url", "http://127.0.0.1:9/v1/").url()).isEqualTo("http://127.0.0.1:9");
    }

    @Test
    void dotEnvIsReadAndTheEnvironmentWins() throws IOException {
        Files.writeString(dir.resolve(".env"), "OPENAI_PROXY_PORT=7777\nPROXY_API_KEYS=\"a, b\"\n"
                + "PROXY_CHAT_MODEL=google/gemini-2.5-flash\n");
        ChatSettings fromFile = parse(Map.of());
        assertThat(fromFile.url()).isEqualTo("http://127.0.0.1:7777");
        assertThat(fromFile.key()).isEqualTo("a");
        assertThat(fromFile.keySource()).isEqualTo("PROXY_API_KEYS");
        assertThat(fromFile.model()).isEqualTo("google/gemini-2.5-flash");
        ChatSettings envWins = parse(Map.of("OPENAI_PROXY_PORT", "6666", "PROXY_API_KEYS", "c"));
        assertThat(envWins.url()).isEqualTo("http://127.0.0.1:6666");
        assertThat(envWins.key()).isEqualTo("c");
    }

    @Test
    void keyChainPrefersProxyKeyThenFirstProxyKeysThenUpstreamKey() {
        assertThat(parse(Map.of("PROXY_API_KEY", "p", "PROXY_API_KEYS", "l1,l2", "OPENROUTER_API_KEY", "o")).key())
                .isEqualTo("p");
        assertThat(parse(Map.of("PROXY_API_KEYS", " ,l1,l2", "OPENROUTER_API_KEY", "o")).key()).isEqualTo("l1");
        ChatSettings upstream = parse(Map.of("OPENROUTER_API_KEY", "o"));
        assertThat(upstream.key()).isEqualTo("o");
        assertThat(upstream.keySource()).isEqualTo("OPENROUTER_API_KEY");
        assertThat(parse(Map.of("OPENROUTER_API_KEY", "o"), "--key", "mine").key()).isEqualTo("mine");
    }

    @Test
    void badValuesAreUsageErrorsWithOneLine() {
        assertThat(run("--max-tokens", "abc", "hi").code).isEqualTo(ChatCommand.EXIT_USAGE);
        Result zero = run("--max-tokens", "0", "hi");
        assertThat(zero.code).isEqualTo(ChatCommand.EXIT_USAGE);
        assertThat(zero.err).contains("--max-tokens must be a positive number").hasLineCount(1);
        Result url = run("--url", "ftp://example", "hi");
        assertThat(url.code).isEqualTo(ChatCommand.EXIT_USAGE);
        assertThat(url.err).contains("--url must be an http:// or https:// URL");
        Result unknown = run("--frobnicate");
        assertThat(unknown.code).isEqualTo(ChatCommand.EXIT_USAGE);
    }

    @Test
    void noPromptAndEmptyStdinIsAUsageError() {
        Result r = run();
        assertThat(r.code).isEqualTo(ChatCommand.EXIT_USAGE);
        assertThat(r.err).contains("no prompt").hasLineCount(1);
        assertThat(r.out).isEmpty();
    }

    @Test
    void jsonIsForOneShotOnly() {
        Result r = run("-i", "--json");
        assertThat(r.code).isEqualTo(ChatCommand.EXIT_USAGE);
        assertThat(r.err).contains("--json works for one-shot questions only");
    }

    @Test
    void helpListsExitCodes() {
        Result r = run("--help");
        assertThat(r.code).isZero();
        assertThat(r.out).contains("Exit codes:", "4  cannot connect", "5  authentication failed", "--no-stream",
                "--temperature");
    }

    private record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ChatCommand(new ChatEnvironment(Map.of(), dir, dir,
                new ByteArrayInputStream("".getBytes(StandardCharsets.UTF_8)), false)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
