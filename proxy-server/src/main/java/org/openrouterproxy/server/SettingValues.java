package org.openrouterproxy.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parsers for configuration values; each throws {@link IllegalArgumentException} with a one-line message. */
final class SettingValues {
    private SettingValues() {
    }

    /** {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, a plain number of seconds, or ISO-8601 {@code PT5M}. */
    static Duration duration(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) {
                return nonNegative(key, value, Duration.parse(v.toUpperCase(Locale.ROOT)));
            }
            if (v.endsWith("ms")) {
                long ms = Long.parseLong(v.substring(0, v.length() - 2).trim());
                return nonNegative(key, value, Duration.ofMillis(ms));
            }
            long n;
            char unit = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
            String digits = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1).trim();
            n = Long.parseLong(digits);
            Duration d = switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> {
                    if (!Character.isDigit(unit)) {
                        throw new NumberFormatException();
                    }
                    yield Duration.ofSeconds(n);
                }
            };
            return nonNegative(key, value, d);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a duration such as 30s, 5m, 1h or 500ms; got '"
                    + value + "'");
        }
    }

    private static Duration nonNegative(String key, String value, Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(key + " must not be negative; got '" + value + "'");
        }
        return d;
    }

    static int port(String key, String value) {
        try {
            int p = Integer.parseInt(value.trim());
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(key + " must be a port number 0..65535; got '" + value + "'");
    }

    /** A whole number of at least zero. */
    static int count(String key, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(key + " must be a whole number of at least 0; got '" + value + "'");
    }

    static boolean bool(String key, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false; got '" + value + "'");
        };
    }

    /** A byte size: a number, or with a binary k/m/g suffix ({@code 32MiB}, {@code 64k}). */
    static long bytes(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        try {
            long mult = 1;
            if (v.endsWith("k")) {
                mult = 1024;
            } else if (v.endsWith("m")) {
                mult = 1024 * 1024;
            } else if (v.endsWith("g")) {
                mult = 1024L * 1024 * 1024;
            }
            String digits = mult == 1 ? v : v.substring(0, v.length() - 1).trim();
            long n = Long.parseLong(digits) * mult;
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(key + " must be a positive size such as 32MiB or 1048576; got '"
                + value + "'");
    }

    /** Comma-separated values, trimmed, empties dropped. */
    static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
