package org.openvin.certificate.codec;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of CBOR (RFC 8949) that COSE and CWT need. Jackson's CBOR tree model drops tags and
 * turns integer map keys into text, both of which COSE depends on, hence this small codec.
 *
 * <p>Values map to Java as: unsigned/negative integers → {@link Long} (or {@link BigInteger} past
 * 64 bits), byte string → {@code byte[]}, text → {@link String}, array → {@link List}, map →
 * {@link LinkedHashMap} (keys as decoded), tag → {@link Tagged}, simple values → {@link Boolean}
 * or {@code null}, floats → {@link Double}. Decoding is strict: malformed input, trailing bytes
 * and invalid UTF-8 are rejected with {@link IllegalArgumentException}.
 */
public final class Cbor {

    /** A tagged data item, e.g. tag 18 around a COSE_Sign1 array. */
    public record Tagged(long tag, Object content) {
    }

    private static final int MAX_DEPTH = 32;
    private static final Object BREAK = new Object();

    private Cbor() {
    }

    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    public static Object decode(byte[] bytes) {
        Reader reader = new Reader(bytes);
        Object value = reader.read(0);
        if (value == BREAK) {
            throw new IllegalArgumentException("CBOR break outside an indefinite-length item");
        }
        if (reader.position != bytes.length) {
            throw new IllegalArgumentException("Trailing bytes after CBOR item at " + reader.position);
        }
        return value;
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        switch (value) {
            case null -> out.write(0xf6);
            case Boolean b -> out.write(b ? 0xf5 : 0xf4);
            case Integer i -> writeInteger(out, i.longValue());
            case Long l -> writeInteger(out, l);
            case Double d -> {
                out.write(0xfb);
                writeBigEndian(out, Double.doubleToLongBits(d), 8);
            }
            case byte[] bytes -> {
                writeHead(out, 2, bytes.length);
                out.writeBytes(bytes);
            }
            case String text -> {
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                writeHead(out, 3, utf8.length);
                out.writeBytes(utf8);
            }
            case List<?> list -> {
                writeHead(out, 4, list.size());
                list.forEach(item -> write(out, item));
            }
            case Map<?, ?> map -> {
                writeHead(out, 5, map.size());
                map.forEach((k, v) -> {
                    write(out, k);
                    write(out, v);
                });
            }
            case Tagged tagged -> {
                writeHead(out, 6, tagged.tag());
                write(out, tagged.content());
            }
            default -> throw new IllegalArgumentException("No CBOR mapping for " + value.getClass().getName());
        }
    }

    private static void writeInteger(ByteArrayOutputStream out, long value) {
        if (value >= 0) {
            writeHead(out, 0, value);
        } else {
            writeHead(out, 1, -1 - value);
        }
    }

    private static void writeHead(ByteArrayOutputStream out, int majorType, long argument) {
        int major = majorType << 5;
        if (argument < 24) {
            out.write(major | (int) argument);
        } else if (argument < 0x100) {
            out.write(major | 24);
            writeBigEndian(out, argument, 1);
        } else if (argument < 0x10000) {
            out.write(major | 25);
            writeBigEndian(out, argument, 2);
        } else if (argument < 0x100000000L) {
            out.write(major | 26);
            writeBigEndian(out, argument, 4);
        } else {
            out.write(major | 27);
            writeBigEndian(out, argument, 8);
        }
    }

    private static void writeBigEndian(ByteArrayOutputStream out, long value, int length) {
        for (int shift = (length - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xff);
        }
    }

    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        Object read(int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("CBOR nested deeper than " + MAX_DEPTH);
            }
            int initial = next();
            int major = initial >>> 5;
            int info = initial & 0x1f;
            if (major == 7) {
                return simpleOrFloat(info);
            }
            if (info == 31) {
                return indefinite(major, depth);
            }
            long argument = argument(info);
            return switch (major) {
                case 0 -> argument >= 0 ? (Object) argument : new BigInteger(Long.toUnsignedString(argument));
                case 1 -> argument >= 0 ? (Object) (-1 - argument)
                        : BigInteger.ONE.negate().subtract(new BigInteger(Long.toUnsignedString(argument)));
                case 2 -> take(argument);
                case 3 -> utf8(take(argument));
                case 4 -> {
                    long count = checkedCount(argument);
                    List<Object> list = new ArrayList<>();
                    for (long i = 0; i < count; i++) {
                        list.add(item(depth));
                    }
                    yield list;
                }
                case 5 -> {
                    long count = checkedCount(argument);
                    Map<Object, Object> map = new LinkedHashMap<>();
                    for (long i = 0; i < count; i++) {
                        putUnique(map, item(depth), item(depth));
                    }
                    yield map;
                }
                case 6 -> new Tagged(argument, item(depth));
                default -> throw new IllegalStateException("unreachable major type " + major);
            };
        }

        /** A data item that must not be a break code. */
        private Object item(int depth) {
            Object value = read(depth + 1);
            if (value == BREAK) {
                throw new IllegalArgumentException("Unexpected CBOR break at " + (position - 1));
            }
            return value;
        }

        private Object indefinite(int major, int depth) {
            switch (major) {
                case 2, 3 -> {
                    ByteArrayOutputStream chunks = new ByteArrayOutputStream();
                    while (true) {
                        Object chunk = read(depth + 1);
                        if (chunk == BREAK) {
                            break;
                        }
                        if (major == 2 && chunk instanceof byte[] b) {
                            chunks.writeBytes(b);
                        } else if (major == 3 && chunk instanceof String s) {
                            chunks.writeBytes(s.getBytes(StandardCharsets.UTF_8));
                        } else {
                            throw new IllegalArgumentException("Wrong chunk type in indefinite-length string");
                        }
                    }
                    return major == 2 ? chunks.toByteArray() : utf8(chunks.toByteArray());
                }
                case 4 -> {
                    List<Object> list = new ArrayList<>();
                    for (Object item = read(depth + 1); item != BREAK; item = read(depth + 1)) {
                        list.add(item);
                    }
                    return list;
                }
                case 5 -> {
                    Map<Object, Object> map = new LinkedHashMap<>();
                    for (Object key = read(depth + 1); key != BREAK; key = read(depth + 1)) {
                        putUnique(map, key, item(depth));
                    }
                    return map;
                }
                default -> throw new IllegalArgumentException("Indefinite length not allowed for major type " + major);
            }
        }

        private Object simpleOrFloat(int info) {
            return switch (info) {
                case 20 -> Boolean.FALSE;
                case 21 -> Boolean.TRUE;
                case 22, 23 -> null;
                case 25 -> (double) Float.float16ToFloat((short) argument(info));
                case 26 -> (double) Float.intBitsToFloat((int) argument(info));
                case 27 -> Double.longBitsToDouble(argument(info));
                case 31 -> BREAK;
                default -> throw new IllegalArgumentException("Unsupported CBOR simple value " + info);
            };
        }

        private long argument(int info) {
            if (info < 24) {
                return info;
            }
            int length = switch (info) {
                case 24 -> 1;
                case 25 -> 2;
                case 26 -> 4;
                case 27 -> 8;
                default -> throw new IllegalArgumentException("Reserved CBOR additional information " + info);
            };
            long value = 0;
            for (int i = 0; i < length; i++) {
                value = (value << 8) | next();
            }
            return value;
        }

        /** An array or map cannot hold more items than there are bytes left; checked before allocating. */
        private long checkedCount(long count) {
            if (count < 0 || count > bytes.length - position) {
                throw new IllegalArgumentException("CBOR item count " + count + " exceeds the input");
            }
            return count;
        }

        private byte[] take(long length) {
            if (length < 0 || length > bytes.length - position) {
                throw new IllegalArgumentException("CBOR string of " + length + " bytes exceeds the input");
            }
            byte[] slice = Arrays.copyOfRange(bytes, position, position + (int) length);
            position += (int) length;
            return slice;
        }

        private int next() {
            if (position >= bytes.length) {
                throw new IllegalArgumentException("CBOR input ends early");
            }
            return bytes[position++] & 0xff;
        }

        private static void putUnique(Map<Object, Object> map, Object key, Object value) {
            if (key instanceof byte[] || key instanceof List || key instanceof Map) {
                throw new IllegalArgumentException("Unsupported CBOR map key type");
            }
            if (map.containsKey(key)) {
                throw new IllegalArgumentException("Duplicate CBOR map key " + key);
            }
            map.put(key, value);
        }

        private static String utf8(byte[] bytes) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("CBOR text string is not valid UTF-8", e);
            }
        }
    }
}
