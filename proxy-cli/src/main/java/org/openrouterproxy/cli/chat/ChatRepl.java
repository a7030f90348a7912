package org.openrouterproxy.cli.chat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The interactive loop of {@code proxy chat}: reads input from a {@link LineSource}, keeps the conversation, streams
 * each answer and handles the slash commands. Independent of JLine, so tests drive it with scripted input.
 * A line ending in {@code \} continues on the next line; {@link #cancelAnswer()} (Ctrl-C) stops the current answer.
 */
public final class ChatRepl {
    static final String PROMPT = "> ";
    static final String CONTINUATION_PROMPT = "... ";
    private static final String HELP = String.join("\n",
            "Type a message and press Enter; end a line with \\ to continue it on the next line.",
            "  /model NAME    switch model (/model alone shows it)",
            "  /system TEXT   set the system prompt (/system alone removes it)",
            "  /reset         forget the conversation (model and system prompt stay)",
            "  /usage         session totals: tokens, cached tokens, share from cache, cost",
            "  /save FILE     write the conversation as JSON",
            "  /help          this text",
            "  /exit          leave (or Ctrl-D); Ctrl-C cancels an answer that is streaming",
            "Start a message with // to send a leading /.");

    private final LineSource input;
    private final PrintWriter out;
    private final PrintWriter err;
    private final ChatClient client;
    private final Conversation conversation;
    private final RequestOptions options;
    private final boolean quiet;
    private final boolean verbose;
    private final Path workingDir;
    private final ObjectMapper json;
    private final SessionTotals totals = new SessionTotals();
    private volatile AnswerCancel current;

    /** A REPL on {@code input}; answers go to {@code out}, facts and errors to {@code err}. */
    public ChatRepl(LineSource input, PrintWriter out, PrintWriter err, ChatClient client, Conversation conversation,
                    RequestOptions options, boolean quiet, boolean verbose, Path workingDir, ObjectMapper json) {
        this.input = input;
        this.out = out;
        this.err = err;
        this.client = client;
        this.conversation = conversation;
        this.options = options;
        this.quiet = quiet;
        this.verbose = verbose;
        this.workingDir = workingDir;
        this.json = json;
    }

    /** Runs until {@code /exit} or the end of input; {@code firstMessage} (may be null) is sent first. */
    public int run(String firstMessage) {
        if (!quiet) {
            err.println("proxy chat: " + client.baseUrl() + ", model " + conversation.model()
                    + ". /help lists commands, Ctrl-D leaves.");
            err.flush();
        }
        if (firstMessage != null && !firstMessage.isBlank()) {
            ask(firstMessage);
        }
        while (true) {
            String text;
            try {
                text = readInput();
            } catch (InterruptedIOException e) {
                continue;
            } catch (IOException e) {
                err.println("proxy chat: cannot read input (" + e.getMessage() + ")");
                err.flush();
                return ChatCommand.EXIT_OK;
            }
            if (text == null) {
                return ChatCommand.EXIT_OK;
            }
            String trimmed = text.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.startsWith("//")) {
                ask(text.stripLeading().substring(1));
            } else if (trimmed.startsWith("/")) {
                if (!command(trimmed)) {
                    return ChatCommand.EXIT_OK;
                }
            } else {
                ask(text);
            }
        }
    }

    /** Cancels the answer being received, if any; callable from any thread (the Ctrl-C handler). */
    public boolean cancelAnswer() {
        AnswerCancel c = current;
        if (c == null) {
            return false;
        }
        c.cancel();
        return true;
    }

    /** Session totals so far (for tests and {@code /usage}). */
    SessionTotals totals() {
        return totals;
    }

    private String readInput() throws IOException {
        StringBuilder text = new StringBuilder();
        String prompt = PROMPT;
        while (true) {
            String line = input.readLine(prompt);
            if (line == null) {
                return text.isEmpty() ? null : text.toString();
            }
            if (!line.endsWith("\\")) {
                return text.append(line).toString();
            }
            text.append(line, 0, line.length() - 1).append('\n');
            prompt = CONTINUATION_PROMPT;
        }
    }

    private void ask(String message) {
        AnswerCancel cancel = new AnswerCancel();
        current = cancel;
        AnswerPrinter printer = new AnswerPrinter(out, false);
        try {
            Answer answer = client.send(conversation.request(message, options), printer, cancel);
            printer.finish();
            if (answer.cancelled()) {
                err.println("[answer cancelled; this exchange is not kept]");
                return;
            }
            conversation.commit(message, answer.text());
            totals.add(answer);
            if (!quiet) {
                err.println(FactsLine.of(conversation.model(), answer));
            }
        } catch (ChatFailure failure) {
            printer.finish();
            failure.printTo(err, verbose);
        } finally {
            current = null;
            err.flush();
        }
    }

    /** Runs a slash command; false means leave. */
    private boolean command(String line) {
        int space = line.indexOf(' ');
        String name = space < 0 ? line : line.substring(0, space);
        String arg = space < 0 ? "" : line.substring(space + 1).strip();
        switch (name) {
            case "/exit", "/quit" -> {
                return false;
            }
            case "/help" -> out.println(HELP);
            case "/model" -> {
                if (!arg.isEmpty()) {
                    conversation.model(arg);
                }
                out.println("model: " + conversation.model());
            }
            case "/system" -> {
                conversation.system(arg);
                out.println(arg.isEmpty() ? "system prompt removed" : "system prompt set");
            }
            case "/reset" -> {
                conversation.reset();
                out.println("conversation cleared (model and system prompt kept)");
            }
            case "/usage" -> out.println(totals.describe());
            case "/save" -> save(arg);
            default -> out.println("unknown command " + name + "; /help lists the commands");
        }
        out.flush();
        return true;
    }

    private void save(String fileName) {
        if (fileName.isEmpty()) {
            out.println("usage: /save FILE");
            return;
        }
        Path file = workingDir.resolve(fileName);
        try {
            Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(conversation.toJson())
                    + "\n", StandardCharsets.UTF_8);
            out.println("saved " + conversation.turns() + (conversation.turns() == 1 ? " exchange" : " exchanges")
                    + " to " + file);
        } catch (IOException | RuntimeException e) {
            out.println("cannot write " + file + ": " + e.getMessage());
        }
    }
}
