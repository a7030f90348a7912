package org.openrouterproxy.cli.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads REPL input line by line from a stream when stdin is not a terminal; prints no prompts, keeps no history. */
final class PlainLineSource implements LineSource {
    private final BufferedReader reader;

    PlainLineSource(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    @Override
    public String readLine(String prompt) throws IOException {
        return reader.readLine();
    }
}
