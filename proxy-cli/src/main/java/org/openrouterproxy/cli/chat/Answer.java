package org.openrouterproxy.cli.chat;

/**
 * The outcome of one chat request.
 *
 * @param text        the assistant text received (partial when cancelled)
 * @param model       the model upstream says answered, or null
 * @param usage       reported usage, or null
 * @param ttftNanos   nanoseconds from sending to the first content token, or -1 (not streamed / no content)
 * @param totalNanos  nanoseconds from sending to the end of the answer
 * @param cancelled   true when the answer was cancelled before it ended
 */
public record Answer(String text, String model, TokenUsage usage, long ttftNanos, long totalNanos,
                     boolean cancelled) {
}
