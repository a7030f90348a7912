package org.openrouterproxy.core;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * One streaming walk over a {@code messages} array: validates its shape, records the byte ranges of every
 * {@code cache_control} member (with the comma that must go with it) and where markers could be placed.
 * Never decodes long strings: string ends are found from the offset of the token that follows them.
 */
final class MessagesScan {
    static final int NONE = 0;
    /** String content: wrap the string token {@code [start, end)} in a one-part array. */
    static final int WRAP = 1;
    /** Array content: insert a marker member before the {@code '}'} at {@code start}. */
    static final int PART = 2;

    private static final String CACHE_CONTROL = "cache_control";
    private static final int GENERIC = 0;
    private static final int MESSAGE = 1;
    private static final int TEXT_PART = 2;

    private final byte[] body;
    private final ByteEdits edits;

    private int messageCount;
    private boolean msgSystem;
    private int candKind;
    private int candStart;
    private int candEnd;
    private boolean partIsText;
    private boolean partHasText;

    /** The last message with markable text: its index, kind and range. */
    int lastIndex = -1;
    int lastKind = NONE;
    int lastStart;
    int lastEnd;
    /** The last {@code system} message with markable text. */
    int systemIndex = -1;
    int systemKind = NONE;
    int systemStart;
    int systemEnd;

    MessagesScan(byte[] body, ByteEdits edits) {
        this.body = body;
        this.edits = edits;
    }

    /** Walks the array whose {@code START_ARRAY} is the parser's current token, up to its {@code END_ARRAY}. */
    void scanMessages(JsonParser p) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                if (t == null) {
                    throw ProxyError.badRequest("invalid_json", "request body is not valid JSON");
                }
                throw ProxyError.badRequest("invalid_messages",
                        "'messages[" + messageCount + "]' must be an object, got " + describe(t));
            }
            msgSystem = false;
            candKind = NONE;
            walkObject(p, MESSAGE);
            if (candKind != NONE) {
                lastIndex = messageCount;
                lastKind = candKind;
                lastStart = candStart;
                lastEnd = candEnd;
                if (msgSystem) {
                    systemIndex = messageCount;
                    systemKind = candKind;
                    systemStart = candStart;
                    systemEnd = candEnd;
                }
            }
            messageCount++;
        }
        if (messageCount == 0) {
            throw ProxyError.badRequest("invalid_messages", "'messages' must not be empty");
        }
    }

    int messageCount() {
        return messageCount;
    }

    private void walkObject(JsonParser p, int mode) throws IOException {
        int runStart = -1;
        boolean anyKept = false;
        int pendingString = -1;
        while (true) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw ProxyError.badRequest("invalid_json", "request body is not valid JSON");
            }
            int pos = tokenStart(p);
            if (pendingString >= 0) {
                stringEnded(mode, pendingString, valueEndBefore(pos));
                pendingString = -1;
            }
            if (t == JsonToken.END_OBJECT) {
                if (runStart >= 0) {
                    int end = skipWhitespaceBack(pos);
                    edits.delete(anyKept ? valueEndBefore(runStart) : runStart, end);
                }
                return;
            }
            String name = p.currentName();
            boolean cacheControl = CACHE_CONTROL.equals(name);
            if (runStart >= 0 && !cacheControl) {
                edits.delete(runStart, pos);
                runStart = -1;
            }
            JsonToken v = p.nextToken();
            if (cacheControl) {
                if (runStart < 0) {
                    runStart = pos;
                }
                p.skipChildren();
                continue;
            }
            anyKept = true;
            pendingString = switch (mode) {
                case MESSAGE -> messageMember(p, name, v);
                case TEXT_PART -> partMember(p, name, v);
                default -> walkValue(p, v);
            };
        }
    }

    /** Handles one member of a message; returns the start of a content string token, else -1. */
    private int messageMember(JsonParser p, String name, JsonToken v) throws IOException {
        if ("role".equals(name)) {
            msgSystem = v == JsonToken.VALUE_STRING && "system".equals(p.getText());
            return walkValue(p, v);
        }
        if (!"content".equals(name)) {
            return walkValue(p, v);
        }
        candKind = NONE;
        if (v == JsonToken.VALUE_STRING) {
            return tokenStart(p);
        }
        if (v == JsonToken.START_ARRAY) {
            int close = walkParts(p);
            if (close >= 0) {
                candKind = PART;
                candStart = close;
                candEnd = close;
            }
            return -1;
        }
        return walkValue(p, v);
    }

    /** Handles one member of a content part; returns the start of a {@code text} string token, else -1. */
    private int partMember(JsonParser p, String name, JsonToken v) throws IOException {
        if ("type".equals(name)) {
            partIsText = v == JsonToken.VALUE_STRING && "text".equals(p.getText());
            return walkValue(p, v);
        }
        if ("text".equals(name)) {
            partHasText = false;
            return v == JsonToken.VALUE_STRING ? tokenStart(p) : walkValue(p, v);
        }
        return walkValue(p, v);
    }

    private void stringEnded(int mode, int start, int end) {
        boolean nonEmpty = end - start > 2;
        if (mode == MESSAGE) {
            candKind = nonEmpty ? WRAP : NONE;
            candStart = start;
            candEnd = end;
        } else if (mode == TEXT_PART) {
            partHasText = nonEmpty;
        }
    }

    /** Walks a content array; returns the offset of the closing brace of its last markable text part, or -1. */
    private int walkParts(JsonParser p) throws IOException {
        int found = -1;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.START_OBJECT) {
                partIsText = false;
                partHasText = false;
                walkObject(p, TEXT_PART);
                if (partIsText && partHasText) {
                    found = tokenStart(p);
                }
            } else {
                walkValue(p, t);
            }
        }
        return found;
    }

    private int walkValue(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.START_OBJECT) {
            walkObject(p, GENERIC);
        } else if (v == JsonToken.START_ARRAY) {
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw ProxyError.badRequest("invalid_json", "request body is not valid JSON");
                }
                walkValue(p, t);
            }
        } else if (v == null) {
            throw ProxyError.badRequest("invalid_json", "request body is not valid JSON");
        }
        return -1;
    }

    private static int tokenStart(JsonParser p) {
        return (int) p.currentTokenLocation().getByteOffset();
    }

    /** The offset just after the value that precedes the token at {@code next} (skips blanks and one comma). */
    private int valueEndBefore(int next) {
        int i = skipWhitespaceBack(next);
        if (body[i - 1] == ',') {
            i = skipWhitespaceBack(i - 1);
        }
        return i;
    }

    private int skipWhitespaceBack(int pos) {
        int i = pos;
        while (i > 0 && isWhitespace(body[i - 1])) {
            i--;
        }
        return i;
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            default -> t.name();
        };
    }
}
