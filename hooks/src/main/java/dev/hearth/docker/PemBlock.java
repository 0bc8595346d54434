package dev.hearth.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One {@code -----BEGIN type-----} ... {@code -----END type-----} block of a PEM file: its type, its
 * RFC 1421 headers (an encrypted PKCS#1 or SEC1 key carries {@code Proc-Type: 4,ENCRYPTED}) and
 * its decoded body.
 */
final class PemBlock {
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private final String type;
    private final Map<String, String> headers;
    private final byte[] der;

    PemBlock(String type, Map<String, String> headers, byte[] der) {
        this.type = type;
        this.headers = Map.copyOf(headers);
        this.der = der;
    }

    String type() {
        return type;
    }

    byte[] der() {
        return der.clone();
    }

    boolean encrypted() {
        return type.startsWith("ENCRYPTED ")
                || headers.getOrDefault("Proc-Type", "").contains("ENCRYPTED");
    }

    /** Every block of the file, in order; text outside the blocks (openssl's comments) is ignored. */
    static List<PemBlock> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new DockerTlsException(file + ": missing");
        } catch (IOException e) {
            throw new DockerTlsException(
                    file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        List<PemBlock> blocks = new ArrayList<>();
        String[] lines = text.lines().toArray(String[]::new);
        String type = null;
        int startLine = 0;
        Map<String, String> headers = new java.util.HashMap<>();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (type == null) {
                if (line.startsWith(BEGIN) && line.endsWith(DASHES)) {
                    type = line.substring(BEGIN.length(), line.length() - DASHES.length());
                    startLine = i + 1;
                    headers.clear();
                    body.setLength(0);
                }
            } else if (line.startsWith(END)) {
                if (!line.equals(END + type + DASHES))
                    throw new DockerTlsException(
                            file + " line " + (i + 1) + ": END does not match the BEGIN of line " + startLine);
                byte[] der;
                try {
                    der = Base64.getMimeDecoder().decode(body.toString());
                } catch (IllegalArgumentException e) {
                    throw new DockerTlsException(file + " line " + startLine + ": the block is not valid base64");
                }
                blocks.add(new PemBlock(type, headers, der));
                type = null;
            } else if (line.indexOf(':') > 0 && body.isEmpty()) {
                int colon = line.indexOf(':');
                headers.put(
                        line.substring(0, colon).strip(),
                        line.substring(colon + 1).strip());
            } else {
                body.append(line);
            }
        }
        if (type != null) throw new DockerTlsException(file + " line " + startLine + ": a BEGIN without its END");
        return blocks;
    }
}
