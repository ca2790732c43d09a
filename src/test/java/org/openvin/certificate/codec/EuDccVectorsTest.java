package org.openvin.certificate.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every EU DCC conformance vector (dgc-testdata) except those its maintainers list as wrong: each
 * expected result that is present must pass when true and fail when false.
 */
class EuDccVectorsTest {

    private static final Path VECTORS = Path.of("../shared/testvectors/eu-dcc");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();
    /** country → [vectors fully passing, vectors with a failing step, vectors skipped as known issues] */
    private static final Map<String, int[]> TALLY = new TreeMap<>();
    private static final AtomicInteger STEPS_WITHOUT_DATA = new AtomicInteger();
    private static final Set<String> FAILED_VECTORS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @TestFactory
    Stream<DynamicNode> everyVectorMeetsItsExpectedResults() throws IOException {
        List<String> knownIssues = Files.readAllLines(VECTORS.resolve("known_issues.csv")).stream().skip(1).toList();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(VECTORS)) {
            files = walk.filter(p -> p.toString().endsWith(".json") && p.getParent().endsWith(Path.of("2DCode", "raw"))).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(90);
        List<DynamicNode> nodes = new ArrayList<>();
        for (Path file : files) {
            String country = file.getParent().getParent().getParent().getFileName().toString();
            String name = file.getFileName().toString().replaceFirst("\\.json$", "");
            TALLY.computeIfAbsent(country, c -> new int[3]);
            if (isKnownIssue(knownIssues, country, name)) {
                TALLY.get(country)[2]++;
                continue;
            }
            JsonNode vector = JSON.readTree(file.toFile());
            List<DynamicNode> steps = new ArrayList<>();
            vector.path("EXPECTEDRESULTS").properties().forEach(expectation -> {
                String id = country + "/" + name;
                boolean expected = expectation.getValue().asBoolean();
                steps.add(dynamicTest(expectation.getKey() + "=" + expected, () -> {
                    if (expectation.getKey().equals("EXPECTEDPICTUREDECODE") && !vector.has("2DCODE")) {
                        STEPS_WITHOUT_DATA.incrementAndGet();
                        Assumptions.abort("the vector has no 2DCODE image to decode");
                    }
                    try {
                        assertThat(step(expectation.getKey(), vector).call())
                                .as("%s %s (%s)", id, expectation.getKey(), vector.path("TESTCTX").path("DESCRIPTION").asString(""))
                                .isEqualTo(expected);
                    } catch (Throwable e) {
                        FAILED_VECTORS.add(id);
                        throw e;
                    }
                }));
            });
            steps.add(dynamicTest("tally", () -> TALLY.get(country)[FAILED_VECTORS.contains(country + "/" + name) ? 1 : 0]++));
            nodes.add(dynamicContainer(country + "/" + name, steps));
        }
        return nodes.stream();
    }

    @AfterAll
    static void printTallyPerCountry() {
        System.out.println("EU DCC vectors per country: passing / failing / skipped as known issues");
        TALLY.forEach((country, t) -> System.out.printf("  %-7s %3d / %d / %d%n", country, t[0], t[1], t[2]));
        System.out.println("  picture-decode steps skipped for want of a 2DCODE image: " + STEPS_WITHOUT_DATA.get());
    }

    /** A row applies to a vector when its country matches and its test set is empty or names the file. */
    private static boolean isKnownIssue(List<String> rows, String country, String name) {
        return rows.stream().map(row -> row.split(",", -1))
                .anyMatch(cols -> cols.length >= 3 && cols[1].equals(country) && (cols[2].isEmpty() || cols[2].equals(name)));
    }

    /** Whether the named step succeeds on this vector. */
    private static Callable<Boolean> step(String key, JsonNode vector) {
        String prefixed = vector.path("PREFIX").asString(null);
        Instant clock = clockOf(vector);
        return switch (key) {
            case "EXPECTEDUNPREFIX" -> () -> succeeds(() -> EuDcc.removePrefix(prefixed));
            case "EXPECTEDB45DECODE" -> () -> succeeds(() -> {
                byte[] compressed = Base45.decode(EuDcc.removePrefix(prefixed));
                if (vector.has("COMPRESSED")) {
                    assertThat(compressed).isEqualTo(HEX.parseHex(vector.get("COMPRESSED").asString()));
                }
                return compressed;
            });
            case "EXPECTEDCOMPRESSION" -> () -> succeeds(() -> {
                byte[] cose = EuDcc.inflate(Base45.decode(EuDcc.removePrefix(prefixed)));
                if (vector.has("COSE")) {
                    assertThat(cose).isEqualTo(HEX.parseHex(vector.get("COSE").asString()));
                }
                return cose;
            });
            case "EXPECTEDVALIDOBJECT" -> () -> succeeds(() -> CoseSign1.parse(coseBytes(vector)));
            case "EXPECTEDDECODE" -> () -> succeeds(() -> decoded(vector));
            case "EXPECTEDVALIDJSON" -> () -> sameJson(decoded(vector).dcc(), vector.get("JSON"));
            case "EXPECTEDENCODE" -> () -> encodesToTheGivenCbor(vector);
            case "EXPECTEDVERIFY" -> () -> succeedsWith(() -> EuDcc.signatureCheck(decoded(vector), trustListOf(vector)) == Verification.Reason.VALID);
            case "EXPECTEDEXPIRATIONCHECK" -> () -> succeedsWith(() -> EuDcc.timeliness(decoded(vector), clock) == Verification.Reason.VALID);
            case "EXPECTEDSCHEMAVALIDATION" -> () -> succeedsWith(() -> DccSchema.violations(dccOf(vector)).isEmpty());
            case "EXPECTEDKEYUSAGE" -> () -> succeedsWith(() -> DccKeyUsage.permits(certificateOf(vector), decoded(vector).dcc()));
            case "EXPECTEDPICTUREDECODE" -> () -> succeedsWith(() ->
                    QrCodes.readText(Base64.getDecoder().decode(vector.get("2DCODE").asString())).equals(prefixed));
            default -> throw new IllegalStateException("No check written for expected result " + key);
        };
    }

    private static EuDcc.Decoded decoded(JsonNode vector) {
        return EuDcc.decodeCose(coseBytes(vector));
    }

    /** The COSE as given, or as reached through the pipeline when the vector leaves it out. */
    private static byte[] coseBytes(JsonNode vector) {
        return vector.has("COSE") ? HEX.parseHex(vector.get("COSE").asString())
                : EuDcc.inflate(Base45.decode(EuDcc.removePrefix(vector.get("PREFIX").asString())));
    }

    /** The DCC from the certificate, or from the CBOR field when the certificate does not decode. */
    private static JsonNode dccOf(JsonNode vector) {
        try {
            return decoded(vector).dcc();
        } catch (IllegalArgumentException e) {
            return EuDcc.toJson(Cbor.decode(HEX.parseHex(vector.get("CBOR").asString())));
        }
    }

    /** The CBOR field holds either the DCC alone or the whole CWT claims map, depending on the vector. */
    private static boolean encodesToTheGivenCbor(JsonNode vector) {
        Object given = Cbor.decode(HEX.parseHex(vector.get("CBOR").asString()));
        if (given instanceof Map<?, ?> claims && claims.get(-260L) instanceof Map<?, ?> hcert) {
            given = hcert.get(1L);
        }
        JsonNode expected = vector.get("JSON");
        Object ours = Cbor.decode(Cbor.encode(JSON.convertValue(expected, Object.class)));
        return sameJson(EuDcc.toJson(given), expected) && sameJson(EuDcc.toJson(ours), expected);
    }

    /** Compares as JSON values; numbers by value, so 1 and 1.0 are equal. */
    private static boolean sameJson(JsonNode a, JsonNode b) {
        return a.equals((x, y) -> x.isNumber() && y.isNumber() ? x.decimalValue().compareTo(y.decimalValue()) : x.equals(y) ? 0 : 1, b);
    }

    private static TrustList trustListOf(JsonNode vector) {
        return new TrustList().add(certificateOf(vector));
    }

    private static X509Certificate certificateOf(JsonNode vector) {
        byte[] der = Base64.getDecoder().decode(vector.path("TESTCTX").path("CERTIFICATE").asString());
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("Vector certificate does not parse", e);
        }
    }

    /** VALIDATIONCLOCK comes as ISO-8601 with offsets written +02:00 or +0200. */
    private static Instant clockOf(JsonNode vector) {
        String clock = vector.path("TESTCTX").path("VALIDATIONCLOCK").asString("");
        return clock.isEmpty() ? null : OffsetDateTime.parse(clock.replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2")).toInstant();
    }

    private static boolean succeeds(Callable<?> step) {
        try {
            step.call();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean succeedsWith(Callable<Boolean> step) {
        try {
            return step.call();
        } catch (IllegalArgumentException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
