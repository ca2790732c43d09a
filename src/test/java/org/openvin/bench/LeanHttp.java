package org.openvin.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The load generator's HTTP/1.1 client for the timed calls of the storms and the vaccination day:
 * one blocking socket per call in flight, kept alive, the request written in one piece, on the
 * caller's virtual thread. The JDK's {@code HttpClient} costs the machine about as much CPU per
 * call as a light request costs the server, and funnels every answer of a run through one
 * selector thread that competes for the same two cores, so it lowered the throughput it measured
 * and lengthened its tail. wrk does the same job for the read-only figures; this does it for the
 * calls wrk cannot script (each with its own token, body and idempotency key, counted by
 * outcome). It speaks only what the server sends: a status line, headers, and a body with a
 * {@code Content-Length} or chunked; a connection the server closes is dropped, never reused.
 */
final class LeanHttp {

    /** A status and a body, read whole. */
    record Answer(int status, String body) {
    }

    private final InetSocketAddress address;
    private final String host;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    LeanHttp(String base) {
        URI uri = URI.create(base);
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("plain http only: " + base);
        }
        this.address = new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
        this.host = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /** POSTs a JSON body to {@code path} with the headers given; the answer read whole. */
    Answer postJson(String path, Map<String, String> headers, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host)
                .append("\r\nContent-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[start.length + body.length];
        System.arraycopy(start, 0, request, 0, start.length);
        System.arraycopy(body, 0, request, start.length, body.length);
        return exchange(request);
    }

    private Answer exchange(byte[] request) {
        Connection pooled = idle.pollFirst();
        if (pooled != null) {
            try {
                return pooled.exchange(request, this);
            } catch (IOException stale) {
                // Taken to be closed by the server while idle (Tomcat ends idle keep-alives, and
                // says "Connection: close" on the last answer it gives on one), so sent again on a
                // new connection. Should the server have acted on it after all, the storms' booking
                // is refused as already made and a dose is answered from its Idempotency-Key.
                pooled.close();
            }
        }
        Connection fresh;
        try {
            fresh = new Connection(address);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return fresh.exchange(request, this);
        } catch (IOException e) {
            fresh.close();
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the idle connections. */
    void close() {
        for (Connection c; (c = idle.pollFirst()) != null; ) {
            c.close();
        }
    }

    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(InetSocketAddress address) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, 10_000);
            socket.setSoTimeout(300_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }

        Answer exchange(byte[] request, LeanHttp client) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line(in);
            if (statusLine == null) {
                throw new EOFException("the server closed the connection before answering");
            }
            // "HTTP/1.1 200 " or "HTTP/1.1 200 OK"
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean keepAlive = true;
            for (String header; !(header = required(line(in))).isEmpty(); ) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> keepAlive = !value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            byte[] body;
            if (chunked) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int size; (size = Integer.parseInt(strip(required(line(in))), 16)) > 0; ) {
                    all.write(in.readNBytes(size));
                    required(line(in));
                }
                while (!required(line(in)).isEmpty()) {
                    // trailers, if any
                }
                body = all.toByteArray();
            } else if (length >= 0) {
                body = in.readNBytes((int) length);
                if (body.length < length) {
                    throw new EOFException("the body ended early");
                }
            } else {
                body = in.readAllBytes();
                keepAlive = false;
            }
            if (keepAlive) {
                client.idle.offerFirst(this);
            } else {
                close();
            }
            return new Answer(status, new String(body, StandardCharsets.UTF_8));
        }

        private static String required(String line) throws EOFException {
            if (line == null) {
                throw new EOFException("the answer ended early");
            }
            return line;
        }

        private static String strip(String chunkSize) {
            int extension = chunkSize.indexOf(';');
            return (extension < 0 ? chunkSize : chunkSize.substring(0, extension)).trim();
        }

        /** One header line without its CRLF; null at the end of the stream before any byte. */
        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    if (line.isEmpty()) {
                        return null;
                    }
                    throw new EOFException("the answer ended inside a line");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do: it is gone either way
            }
        }
    }
}
