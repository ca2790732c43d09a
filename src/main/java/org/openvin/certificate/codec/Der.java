package org.openvin.certificate.codec;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Just enough ASN.1 DER to build a self-signed certificate and convert ECDSA signatures. */
final class Der {

    private Der() {
    }

    static void writeTlv(ByteArrayOutputStream out, int tag, byte[] content) {
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write((length >> 8) & 0xff);
            out.write(length & 0xff);
        }
        out.writeBytes(content);
    }

    static byte[] tlv(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] content : contents) {
            body.writeBytes(content);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeTlv(out, tag, body.toByteArray());
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... elements) {
        return tlv(0x30, elements);
    }

    /** Reads consecutive TLVs from a byte range, checking each tag. */
    static final class Reader {
        private final byte[] bytes;
        private int position;
        private final int end;

        Reader(byte[] bytes) {
            this(bytes, 0, bytes.length);
        }

        private Reader(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.position = start;
            this.end = end;
        }

        /** The content of the next TLV, which must carry the given tag. */
        byte[] read(int expectedTag) {
            int[] range = next(expectedTag);
            return Arrays.copyOfRange(bytes, range[0], range[1]);
        }

        /** A reader over the content of the next TLV, e.g. a SEQUENCE. */
        Reader enter(int expectedTag) {
            int[] range = next(expectedTag);
            return new Reader(bytes, range[0], range[1]);
        }

        private int[] next(int expectedTag) {
            if (position + 2 > end || (bytes[position] & 0xff) != expectedTag) {
                throw new IllegalArgumentException("Expected DER tag " + expectedTag + " at " + position);
            }
            position++;
            int length = bytes[position++] & 0xff;
            if (length >= 0x80) {
                int count = length & 0x7f;
                if (count == 0 || count > 3 || position + count > end) {
                    throw new IllegalArgumentException("Unsupported DER length at " + position);
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (bytes[position++] & 0xff);
                }
            }
            if (position + length > end) {
                throw new IllegalArgumentException("DER value runs past its container");
            }
            int[] range = {position, position + length};
            position += length;
            return range;
        }
    }
}
