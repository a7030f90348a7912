package org.openrouterproxy.cli.chat;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.openrouterproxy.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code proxy chat}: asks a running proxy from the terminal, one-shot ({@code proxy chat "Why is the sky blue?"},
 * {@code git diff | proxy chat "Review this"}) or interactively (no prompt on a terminal, or {@code -i}).
 * It talks HTTP to the proxy like any client; it never calls OpenRouter itself and never starts a server.
 */
@Command(name = "chat", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = VersionProvider.class,
        description = {"Ask a running proxy from the terminal: one-shot, or a REPL when no prompt is given on "
                + "a terminal.",
                "Stdin, when piped, is the prompt, or is appended to the PROMPT as a second block."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success",
                "  2  usage error (bad option, no prompt)",
                "  4  cannot connect to the proxy",
                "  5  authentication failed (401 from the proxy)",
                "  6  any other error from the proxy or upstream (403 included), or a broken stream"})
public final class ChatCommand implements Callable<Integer> {
    /** The answer arrived (also: the REPL ended normally). */
    public static final int EXIT_OK = 0;
    /** Bad options or no prompt. */
    public static final int EXIT_USAGE = 2;
    /** Nothing answers at the proxy URL. */
    public static final int EXIT_CANNOT_CONNECT = 4;
    /** The proxy answered 401: missing or wrong key. */
    public static final int EXIT_AUTH = 5;
    /** Any other error status (403 too), an error mid-stream, or a broken answer. */
    public static final int EXIT_UPSTREAM = 6;

    private static final int MAX_STDIN_BYTES = 8 * 1024 * 1024;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PROMPT",
            description = "The question (several words are joined with spaces). Omit it for the REPL.")
    private List<String> prompt = new ArrayList<>();

    @Option(names = "--url", paramLabel = "URL", description = "Proxy base URL. Default: built from "
            + "OPENAI_PROXY_HOST (127.0.0.1) and OPENAI_PROXY_PORT (9998), read from the environment, then .env.")
    private String url;

    @Option(names = "--key", paramLabel = "KEY", description = "Bearer key (default: PROXY_API_KEY, else the first "
            + "of PROXY_API_KEYS, else OPENROUTER_API_KEY for pass-through).")
    private String key;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
            description = "Model (default: PROXY_CHAT_MODEL, else " + ChatDefaults.DEFAULT_MODEL + ").")
    private String model;

    @Option(names = {"-s", "--system"}, paramLabel = "TEXT", description = "System prompt.")
    private String system;

    @Option(names = "--max-tokens", paramLabel = "N", description = "max_tokens for the answer.")
    private Integer maxTokens;

    @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature.")
    private Double temperature;

    @Option(names = "--no-stream", description = "Wait for the whole answer instead of streaming it.")
    private boolean noStream;

    @Option(names = "--json", description = "Print the raw JSON: the response body, or one line per streamed "
            + "chunk (one-shot only).")
    private boolean json;

    @Option(names = {"-i", "--interactive"}, description = "Open the REPL even when stdin is not a terminal "
            + "(then it reads plain lines); a PROMPT becomes the first message.")
    private boolean interactive;

    @Option(names = {"-q", "--quiet"}, description = "Hide the facts line (model, timings, tokens, cost).")
    private boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Show the request target and error details.")
    private boolean verbose;

    private ChatEnvironment environment;

    /** The command as {@code proxy chat} runs it, on the real environment (looked at only when it runs). */
    public ChatCommand() {
        this(null);
    }

    /** The command on a given environment (tests). */
    public ChatCommand(ChatEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if (environment == null) {
            environment = ChatEnvironment.system();
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ChatSettings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        String promptText = String.join(" ", prompt).strip();
        boolean repl = interactive || (promptText.isEmpty() && environment.stdinIsTerminal());
        if (repl && json) {
            return usage(err, "--json works for one-shot questions only");
        }
        if (verbose) {
            err.println("proxy chat: " + settings.describe());
        }
        ObjectMapper mapper = new ObjectMapper();
        try (ChatClient client = new ChatClient(settings.url(), settings.key(), mapper)) {
            Conversation conversation = new Conversation(mapper, settings.model(), settings.system());
            if (repl) {
                return runRepl(client, conversation, settings, promptText, mapper, out, err);
            }
            String message;
            try {
                message = withStdin(promptText);
            } catch (IllegalArgumentException e) {
                return usage(err, e.getMessage());
            }
            if (message.isBlank()) {
                return usage(err, "no prompt: give one as an argument or on stdin, "
                        + "or run `proxy chat` on a terminal for the REPL");
            }
            return askOnce(client, conversation, settings, message, out, err);
        }
    }

    /** The effective settings from options, environment and defaults; IllegalArgumentException when invalid. */
    ChatSettings settings() {
        if (environment == null) {
            environment = ChatEnvironment.system();
        }
        ChatDefaults defaults = ChatDefaults.resolve(environment.env(), environment.workingDir());
        String base = normalizeUrl(url != null ? url : defaults.url());
        String theKey = key != null ? blankToNull(key) : defaults.key();
        String keySource = key != null ? (theKey == null ? null : "--key") : defaults.keySource();
        String theModel = model != null ? model.strip() : defaults.model();
        if (theModel.isEmpty()) {
            throw new IllegalArgumentException("--model must not be empty");
        }
        if (maxTokens != null && maxTokens <= 0) {
            throw new IllegalArgumentException("--max-tokens must be a positive number, not " + maxTokens);
        }
        if (temperature != null && (temperature < 0 || temperature.isNaN() || temperature.isInfinite())) {
            throw new IllegalArgumentException("--temperature must be 0 or more, not " + temperature);
        }
        RequestOptions options = new RequestOptions(maxTokens, temperature, !noStream);
        return new ChatSettings(base, theKey, keySource, theModel, blankToNull(system), options, json);
    }

    private int askOnce(ChatClient client, Conversation conversation, ChatSettings settings, String message,
                        PrintWriter out, PrintWriter err) {
        AnswerPrinter printer = new AnswerPrinter(out, settings.json());
        try {
            Answer answer = client.send(conversation.request(message, settings.options()), printer,
                    new AnswerCancel());
            printer.finish();
            if (!quiet) {
                err.println(FactsLine.of(settings.model(), answer));
                err.flush();
            }
            return EXIT_OK;
        } catch (ChatFailure failure) {
            printer.finish();
            failure.printTo(err, verbose);
            return failure.exitCode();
        }
    }

    private int runRepl(ChatClient client, Conversation conversation, ChatSettings settings, String firstMessage,
                        ObjectMapper mapper, PrintWriter out, PrintWriter err) {
        try (LineSource input = openInput(err)) {
            ChatRepl repl = new ChatRepl(input, out, err, client, conversation, settings.options(), quiet, verbose,
                    environment.workingDir(), mapper);
            input.onInterrupt(repl::cancelAnswer);
            return repl.run(firstMessage.isEmpty() ? null : firstMessage);
        }
    }

    /** JLine on a real terminal; plain lines otherwise (or when JLine cannot open the terminal). */
    private LineSource openInput(PrintWriter err) {
        if (environment.stdinIsTerminal()) {
            try {
                return JLineLineSource.system(environment.historyFile());
            } catch (IOException | RuntimeException e) {
                err.println("proxy chat: no line editing (" + e.getMessage() + "); reading plain lines");
            }
        }
        return new PlainLineSource(environment.stdin());
    }

    /** The prompt with piped stdin appended as a second block (or stdin alone when there is no prompt). */
    private String withStdin(String promptText) {
        if (environment.stdinIsTerminal()) {
            return promptText;
        }
        String piped;
        try {
            byte[] bytes = environment.stdin().readNBytes(MAX_STDIN_BYTES + 1);
            if (bytes.length > MAX_STDIN_BYTES) {
                throw new IllegalArgumentException("stdin is larger than " + (MAX_STDIN_BYTES >> 20) + " MB");
            }
            piped = new String(bytes, StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            piped = "";
        }
        if (piped.isBlank()) {
            return promptText;
        }
        return promptText.isEmpty() ? piped : promptText + "\n\n" + piped;
    }

    private static String normalizeUrl(String raw) {
        String u = raw.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.endsWith("/v1")) {
            u = u.substring(0, u.length() - 3);
        }
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--url is not a URL: " + raw);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("--url must be an http:// or https:// URL, not " + raw);
        }
        return u;
    }

    private int usage(PrintWriter err, String message) {
        err.println("proxy chat: " + message + " (see `proxy chat --help`)");
        err.flush();
        return EXIT_USAGE;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
