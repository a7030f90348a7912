package org.openrouterproxy.cli;

import java.time.Duration;
import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}, a plain number of milliseconds, or ISO {@code PT2S}. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return check(Duration.parse(v.toUpperCase(Locale.ROOT)), value);
            }
            if (v.endsWith("ms")) {
                return check(Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))), value);
            }
            if (v.endsWith("s")) {
                return check(Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1))), value);
            }
            if (v.endsWith("m")) {
                return check(Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1))), value);
            }
            if (v.endsWith("h")) {
                return check(Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1))), value);
            }
            return check(Duration.ofMillis(Long.parseLong(v)), value);
        } catch (RuntimeException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (e.g. 250ms, 2s, 5m)");
        }
    }

    private static Duration check(Duration d, String value) {
        if (d.isNegative()) {
            throw new TypeConversionException("'" + value + "' must not be negative");
        }
        return d;
    }
}
