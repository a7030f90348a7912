package org.openrouterproxy.cli.chat;

/** Receives an answer while it arrives; called on the thread that sent the request. */
public interface AnswerListener {
    /** A piece of assistant text (a streamed delta, or the whole text of a JSON answer). */
    void onContent(String text);

    /** The raw JSON of one streamed chunk, or the whole JSON body of a non-streamed answer. */
    default void onRawJson(String json) {
    }
}
