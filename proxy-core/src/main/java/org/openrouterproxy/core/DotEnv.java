package org.openrouterproxy.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the text of a {@code .env} file: {@code KEY=value} lines, optional {@code export }, {@code #} comments,
 * single- or double-quoted values ({@code \n}, {@code \"} and {@code \\} escapes inside double quotes),
 * inline {@code #} comments after unquoted values. A leading UTF-8 BOM is ignored. Later keys win.
 */
public final class DotEnv {
    private DotEnv() {
    }

    /** The settings in {@code text}, in file order. Malformed lines (no {@code =}, bad key) are skipped. */
    public static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        for (String raw : text.split("\r\n|\r|\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring(7).stripLeading();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                continue;
            }
            out.put(key, value(line.substring(eq + 1).strip()));
        }
        return out;
    }

    private static String value(String v) {
        if (v.length() >= 2 && v.charAt(0) == '\'' ) {
            int end = v.indexOf('\'', 1);
            return end > 0 ? v.substring(1, end) : v.substring(1);
        }
        if (v.length() >= 1 && v.charAt(0) == '"') {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\' && i + 1 < v.length()) {
                    char n = v.charAt(++i);
                    sb.append(switch (n) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> n;
                    });
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
        int hash = v.indexOf(" #");
        return (hash >= 0 ? v.substring(0, hash) : v).strip();
    }
}
