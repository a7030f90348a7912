package org.openrouterproxy.cli.chat;

import java.io.PrintWriter;

/**
 * Writes an answer to stdout as it arrives: the text deltas (flushed one by one), or with {@code --json} each raw
 * chunk on its own line (the whole body when not streamed). {@link #finish()} ends the output with a newline.
 */
final class AnswerPrinter implements AnswerListener {
    private final PrintWriter out;
    private final boolean rawJson;
    private boolean lineOpen;

    AnswerPrinter(PrintWriter out, boolean rawJson) {
        this.out = out;
        this.rawJson = rawJson;
    }

    @Override
    public void onContent(String text) {
        if (rawJson || text.isEmpty()) {
            return;
        }
        out.print(text);
        out.flush();
        lineOpen = !text.endsWith("\n");
    }

    @Override
    public void onRawJson(String json) {
        if (!rawJson) {
            return;
        }
        out.println(json.strip());
        out.flush();
    }

    /** Ends a partly written line, so that whatever follows starts on a line of its own. */
    void finish() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
        out.flush();
    }
}
