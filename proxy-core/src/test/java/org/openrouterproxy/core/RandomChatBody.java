package org.openrouterproxy.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Generates random chat request bodies as JSON text with random formatting, markers and awkward values. */
final class RandomChatBody {
    private static final String[] MODELS = {
        "anthropic/claude-sonnet-4.5", "openai/gpt-4o", "google/gemini-2.5-pro", "qwen/qwen3", "meta/llama"};
    private static final String[] ROLES = {"user", "system", "assistant", "tool", "developer"};
    private static final String[] WS = {"", "", "", " ", "\n", "\t", "\r\n  ", "  "};
    private static final String[] NUMBERS = {"0", "-0", "1", "1.50", "1.0e10", "-3E-7", "12345678901234567890"};
    private static final String[] PIECES = {
        "a", "hello", " ", "h\u00e9llo", "\u4e2d\u6587", "\uD83D\uDC4B", "\\n", "\\\"", "\\\\", "\\u00e9",
        "\\ud83d\\ude00", "\\/", "cache_control", "{\\\"x\\\":1}", ",", "}", "]"};

    private final Random random;

    RandomChatBody(Random random) {
        this.random = random;
    }

    String body() {
        List<String> members = new ArrayList<>();
        int modelRoll = random.nextInt(12);
        if (modelRoll < 10) {
            members.add(member("model", quote(MODELS[random.nextInt(MODELS.length)])));
        } else if (modelRoll == 10) {
            members.add(member("model", random.nextBoolean() ? "null" : "7"));
        }
        int messagesRoll = random.nextInt(40);
        if (messagesRoll == 0) {
            members.add(member("messages", "{}"));
        } else if (messagesRoll == 1) {
            members.add(member("messages", "[" + ws() + "]"));
        } else if (messagesRoll > 2) {
            members.add(member("messages", messages()));
        }
        if (random.nextInt(3) == 0) {
            members.add(member("stream", random.nextBoolean() ? "true" : "false"));
        }
        if (random.nextInt(4) == 0) {
            members.add(member("cache_control", "{\"type\":\"ephemeral\"}"));
        }
        if (random.nextInt(4) == 0) {
            members.add(member("tools", "[{\"type\":\"function\",\"function\":{\"name\":\"f\"},"
                    + "\"cache_control\":{\"type\":\"ephemeral\"}}]"));
        }
        if (random.nextInt(3) == 0) {
            members.add(member("temperature", NUMBERS[random.nextInt(NUMBERS.length)]));
        }
        Collections.shuffle(members, random);
        String prefix = random.nextInt(50) == 0 ? "\uFEFF" : "";
        return prefix + ws() + object(members) + ws();
    }

    private String messages() {
        int n = 1 + random.nextInt(6);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(random.nextInt(60) == 0 ? "\"not an object\"" : message());
        }
        return array(items);
    }

    private String message() {
        List<String> members = new ArrayList<>();
        if (random.nextInt(8) != 0) {
            members.add(member("role", random.nextInt(20) == 0 ? "1" : quote(ROLES[random.nextInt(ROLES.length)])));
        }
        int c = random.nextInt(10);
        if (c < 4) {
            members.add(member("content", string()));
        } else if (c < 8) {
            members.add(member("content", parts()));
        } else if (c == 8) {
            members.add(member("content", "null"));
        } else if (random.nextBoolean()) {
            members.add(member("content", random.nextBoolean() ? nested(2) : scalar()));
        }
        if (random.nextInt(10) == 0) {
            members.add(member("content", string()));
        }
        addMarkers(members);
        if (random.nextInt(5) == 0) {
            members.add(member("tool_calls", "[{\"id\":\"c\",\"function\":" + nested(2) + "}]"));
        }
        if (random.nextInt(6) == 0) {
            members.add(member("name", random.nextBoolean() ? "null" : string()));
        }
        Collections.shuffle(members, random);
        return object(members);
    }

    private String parts() {
        int n = random.nextInt(4);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(part());
        }
        return array(items);
    }

    private String part() {
        int kind = random.nextInt(12);
        if (kind == 0) {
            return string();
        }
        List<String> members = new ArrayList<>();
        if (kind < 8) {
            members.add(member("type", random.nextInt(15) == 0 ? "\"TEXT\"" : "\"text\""));
            members.add(member("text", random.nextInt(12) == 0 ? "null" : string()));
        } else {
            members.add(member("type", "\"image_url\""));
            members.add(member("image_url", "{\"url\":" + string() + "}"));
        }
        if (random.nextInt(4) == 0) {
            members.add(member("extra", nested(3)));
        }
        addMarkers(members);
        Collections.shuffle(members, random);
        return object(members);
    }

    private void addMarkers(List<String> members) {
        int markers = random.nextInt(6) == 0 ? 1 + random.nextInt(3) : 0;
        for (int i = 0; i < markers; i++) {
            members.add(member("cache_control", random.nextInt(4) == 0 ? NUMBERS[random.nextInt(NUMBERS.length)]
                    : "{\"type\":\"ephemeral\"" + (random.nextBoolean() ? ",\"ttl\":\"1h\"}" : "}")));
        }
    }

    private String nested(int depth) {
        List<String> members = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String value = depth > 0 && random.nextBoolean()
                    ? (random.nextBoolean() ? nested(depth - 1) : array(List.of(nested(depth - 1), string())))
                    : scalar();
            members.add(member(random.nextInt(3) == 0 ? "cache_control" : "k" + i, value));
        }
        return object(members);
    }

    private String scalar() {
        return switch (random.nextInt(5)) {
            case 0 -> "null";
            case 1 -> "true";
            case 2 -> NUMBERS[random.nextInt(NUMBERS.length)];
            default -> string();
        };
    }

    private String string() {
        StringBuilder sb = new StringBuilder("\"");
        int n = random.nextInt(5) == 0 ? 0 : random.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return sb.append('"').toString();
    }

    private String member(String name, String value) {
        return quote(name) + ws() + ":" + ws() + value;
    }

    private String object(List<String> members) {
        return "{" + ws() + String.join(ws() + "," + ws(), members) + ws() + "}";
    }

    private String array(List<String> items) {
        return "[" + ws() + String.join(ws() + "," + ws(), items) + ws() + "]";
    }

    private String ws() {
        return WS[random.nextInt(WS.length)];
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
