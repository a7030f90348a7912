package org.openrouterproxy.cli.chat;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads Server-Sent Events line by line and returns the {@code data} of each event: comment lines ({@code :}) and
 * other fields are skipped, several {@code data:} lines of one event are joined with a newline.
 */
final class SseDataReader {
    private final BufferedReader lines;

    SseDataReader(BufferedReader lines) {
        this.lines = lines;
    }

    /** The data of the next event, or null at the end of the stream. */
    String next() throws IOException {
        StringBuilder data = null;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return data.toString();
                }
                continue;
            }
            if (!line.startsWith("data:")) {
                continue;
            }
            String value = line.substring(line.length() > 5 && line.charAt(5) == ' ' ? 6 : 5);
            if (data == null) {
                data = new StringBuilder(value);
            } else {
                data.append('\n').append(value);
            }
        }
        return data == null ? null : data.toString();
    }
}
