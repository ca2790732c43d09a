package org.openvin.certificate.codec;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

/** DEFLATE at the best compression — QR codes stay as small as possible — with or without the zlib header. */
final class Compression {

    private Compression() {
    }

    /** {@code raw}: no zlib header (SMART Health Cards); otherwise zlib, RFC 1950 (EU DCC). */
    static byte[] deflate(byte[] data, boolean raw) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, raw);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
