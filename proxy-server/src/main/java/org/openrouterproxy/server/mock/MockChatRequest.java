package org.openrouterproxy.server.mock;

import java.io.IOException;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * What the fake OpenRouter needs from a chat request, read in one streaming pass: model, stream flag, the last
 * user text (echoed back), the estimated prompt size, and a rolling hash of the prompt at the end of every content
 * block, noting which blocks carry a {@code cache_control} breakpoint (message-level markers are ignored, as
 * upstream does).
 */
final class MockChatRequest {
    private static final JsonFactory JSON = new JsonFactory();
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    String model;
    boolean stream;
    String lastUserText = "";
    long promptChars;
    int messageCount;
    long[] blockHashes = new long[16];
    int[] blockTokens = new int[16];
    int blocks;
    int[] breakpointBlocks = new int[4];
    int breakpoints;

    private long hash = FNV_OFFSET;

    private MockChatRequest() {
    }

    /** Parses {@code body}; returns null when it is not a JSON object with a {@code messages} array. */
    static MockChatRequest parse(byte[] body) {
        MockChatRequest r = new MockChatRequest();
        boolean sawMessages = false;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "model" -> r.model = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "stream" -> r.stream = v == JsonToken.VALUE_TRUE;
                    case "messages" -> {
                        if (v != JsonToken.START_ARRAY) {
                            return null;
                        }
                        sawMessages = true;
                        r.readMessages(p);
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return sawMessages ? r : null;
    }

    /** Estimated prompt tokens: about four characters a token plus a small per-message overhead. */
    int promptTokens() {
        return tokens(promptChars, messageCount);
    }

    static int tokens(long chars, int messages) {
        return (int) Math.min(Integer.MAX_VALUE, (chars + 3) / 4 + 3L * messages);
    }

    private void readMessages(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.START_OBJECT) {
            messageCount++;
            String role = null;
            String text = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("role") && v == JsonToken.VALUE_STRING) {
                    role = p.getText();
                    mix(role);
                } else if (name.equals("content")) {
                    text = readContent(p, v);
                } else {
                    p.skipChildren();
                }
            }
            if ("user".equals(role) && text != null) {
                lastUserText = text;
            }
        }
    }

    /** Reads string or array content; returns the last text seen. */
    private String readContent(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            String s = p.getText();
            addText(s);
            endBlock(false);
            return s;
        }
        if (v != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        String last = null;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            boolean marker = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken pv = p.nextToken();
                if (name.equals("text") && pv == JsonToken.VALUE_STRING) {
                    last = p.getText();
                    addText(last);
                } else if (name.equals("cache_control") && pv == JsonToken.START_OBJECT) {
                    marker = true;
                    p.skipChildren();
                } else {
                    p.skipChildren();
                }
            }
            endBlock(marker);
        }
        return last;
    }

    private void addText(String s) {
        promptChars += s.length();
        mix(s);
    }

    private void mix(String s) {
        long h = hash;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        hash = (h ^ 0x1f) * FNV_PRIME;
    }

    private void endBlock(boolean breakpoint) {
        if (blocks == blockHashes.length) {
            blockHashes = Arrays.copyOf(blockHashes, blocks * 2);
            blockTokens = Arrays.copyOf(blockTokens, blocks * 2);
        }
        blockHashes[blocks] = hash;
        blockTokens[blocks] = tokens(promptChars, messageCount);
        if (breakpoint) {
            if (breakpoints == breakpointBlocks.length) {
                breakpointBlocks = Arrays.copyOf(breakpointBlocks, breakpoints * 2);
            }
            breakpointBlocks[breakpoints++] = blocks;
        }
        blocks++;
    }
}
