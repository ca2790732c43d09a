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
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.openvin.TestVectors;
import org.opentest4j.TestAbortedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every EU DCC conformance vector (dgc-testdata, kept in {@code src/test/resources/testvectors/eu-dcc}):
 * each expected result that is present must pass when true and fail when false. The runner takes the
 * upstream sets as they come: folder names in any case, validation clocks with or without an offset
 * (none means UTC, as upstream reads them), vectors without a CBOR, JSON or picture field (the steps
 * needing it are skipped), expected-result keys it has no check for (skipped and counted, never a
 * crash), and {@code known_issues.csv} rows, which skip only the upstream test they name — the whole
 * vector only when they name none.
 */
class EuDccVectorsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();
    /**
     * Which of our steps do the check of each upstream test named in {@code known_issues.csv}
     * (dgc-testdata's tests/test_ehealth_certs.py): a known issue skips those steps only.
     */
    private static final Map<String, Set<String>> STEPS_OF_UPSTREAM_TEST = Map.ofEntries(
            Map.entry("test_compression", Set.of("EXPECTEDCOMPRESSION")),
            Map.entry("test_cose_schema", Set.of("EXPECTEDSCHEMAVALIDATION")),
            Map.entry("test_cose_json", Set.of("EXPECTEDVALIDJSON")),
            Map.entry("test_cbor_json", Set.of("EXPECTEDENCODE")),
            Map.entry("test_cose_cbor", Set.of("EXPECTEDDECODE")),
            Map.entry("test_verification_check", Set.of("EXPECTEDVERIFY")),
            Map.entry("test_expiration_check", Set.of("EXPECTEDEXPIRATIONCHECK")),
            Map.entry("test_expected_key_usage", Set.of("EXPECTEDKEYUSAGE")),
            Map.entry("test_b45decode", Set.of("EXPECTEDB45DECODE")),
            Map.entry("test_un_prefix", Set.of("EXPECTEDUNPREFIX")),
            Map.entry("test_picture_decode", Set.of("EXPECTEDPICTUREDECODE")));
    /** The field a step cannot do without; a vector lacking it skips the step, as upstream does. */
    private static final Map<String, String> FIELD_NEEDED = Map.of(
            "EXPECTEDENCODE", "CBOR", "EXPECTEDVALIDJSON", "JSON", "EXPECTEDPICTUREDECODE", "2DCODE",
            "EXPECTEDVERIFY", "TESTCTX.CERTIFICATE", "EXPECTEDKEYUSAGE", "TESTCTX.CERTIFICATE");
    private static final Run SHIPPED = new Run();

    @TestFactory
    Stream<DynamicNode> everyVectorMeetsItsExpectedResults() throws IOException {
        List<DynamicNode> vectors = SHIPPED.testsOf(TestVectors.path("eu-dcc"));
        assertThat(vectors).hasSizeGreaterThan(90);
        return vectors.stream();
    }

    @AfterAll
    static void printTallyPerCountry() {
        SHIPPED.print();
    }

    /**
     * The runner on a set shaped as other upstream snapshots are: an upper-case folder, a clock
     * without an offset, a key it has no check for, a vector without CBOR, and a known issue
     * naming one step of a vector whose other steps still run.
     */
    @Test
    void theRunnerTakesUpstreamSetsAsTheyCome(@TempDir Path dir) throws Throwable {
        Path common = TestVectors.path("eu-dcc/common/2DCode/raw");
        Path raw = Files.createDirectories(dir.resolve("xx/2DCODE/RAW"));
        ObjectNode clockless = (ObjectNode) JSON.readTree(common.resolve("CO3.json").toFile());
        ((ObjectNode) clockless.get("TESTCTX")).put("VALIDATIONCLOCK", "2021-05-03T18:00:00");
        ((ObjectNode) clockless.get("EXPECTEDRESULTS")).put("EXPECTEDEXPIRATIONCHECK", true)
                .put("EXPECTEDENCODE", true).put("EXPECTEDSOMETHINGNEW", true);
        clockless.remove("CBOR");
        Files.writeString(raw.resolve("CLOCK.JSON"), clockless.toString());
        ObjectNode wrongVerify = (ObjectNode) JSON.readTree(common.resolve("CO3.json").toFile());
        ((ObjectNode) wrongVerify.get("EXPECTEDRESULTS")).put("EXPECTEDVERIFY", false);
        Files.writeString(raw.resolve("KNOWN.json"), wrongVerify.toString());
        Files.writeString(dir.resolve("known_issues.csv"), "test_name,country,test_set,reason\n"
                + "test_verification_check,XX,KNOWN,a wrong expectation\n");

        Run run = new Run();
        Map<String, String> outcomes = new TreeMap<>();
        for (DynamicNode vector : run.testsOf(dir)) {
            for (DynamicNode step : ((DynamicContainer) vector).getChildren().toList()) {
                String name = vector.getDisplayName() + " " + step.getDisplayName();
                try {
                    ((DynamicTest) step).getExecutable().execute();
                    outcomes.put(name, "passed");
                } catch (TestAbortedException e) {
                    outcomes.put(name, "skipped");
                }
            }
        }

        assertThat(outcomes).containsEntry("XX/CLOCK EXPECTEDEXPIRATIONCHECK=true", "passed")
                .containsEntry("XX/CLOCK EXPECTEDVERIFY=true", "passed")
                .containsEntry("XX/CLOCK EXPECTEDENCODE=true", "skipped")
                .containsEntry("XX/CLOCK EXPECTEDSOMETHINGNEW=true", "skipped")
                .containsEntry("XX/KNOWN EXPECTEDVERIFY=false", "skipped")
                .containsEntry("XX/KNOWN EXPECTEDDECODE=true", "passed");
        assertThat(outcomes.values()).containsOnly("passed", "skipped");
        assertThat(run.unknownKeys).containsExactly("EXPECTEDSOMETHINGNEW");
        assertThat(run.tally.get("XX")).containsExactly(2, 0, 0);
    }

    /** One pass over a folder of vectors: its tests and what they counted. */
    static final class Run {
        /** country → [vectors fully passing, vectors with a failing step, vectors skipped whole as known issues] */
        final Map<String, int[]> tally = new TreeMap<>();
        final AtomicInteger stepsWithoutData = new AtomicInteger();
        final AtomicInteger stepsKnownWrong = new AtomicInteger();
        final Set<String> unknownKeys = ConcurrentHashMap.newKeySet();
        private final Set<String> failedVectors = ConcurrentHashMap.newKeySet();

        List<DynamicNode> testsOf(Path root) throws IOException {
            List<KnownIssue> knownIssues = KnownIssue.read(root.resolve("known_issues.csv"));
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(EuDccVectorsTest::isRawVector).sorted().toList();
            }
            List<DynamicNode> nodes = new ArrayList<>();
            for (Path file : files) {
                String country = file.getParent().getParent().getParent().getFileName().toString().toUpperCase(Locale.ROOT);
                String name = file.getFileName().toString().replaceFirst("(?i)\\.json$", "");
                String id = country + "/" + name;
                tally.computeIfAbsent(country, c -> new int[3]);
                List<KnownIssue> issues = knownIssues.stream().filter(k -> k.appliesTo(country, name)).toList();
                if (issues.stream().anyMatch(KnownIssue::wholeVector)) {
                    tally.get(country)[2]++;
                    continue;
                }
                JsonNode vector = JSON.readTree(file.toFile());
                List<DynamicNode> steps = new ArrayList<>();
                vector.path("EXPECTEDRESULTS").properties().forEach(expectation -> {
                    String key = expectation.getKey();
                    boolean expected = expectation.getValue().asBoolean();
                    steps.add(dynamicTest(key + "=" + expected, () -> {
                        Optional<KnownIssue> known = issues.stream().filter(k -> k.steps().contains(key)).findFirst();
                        if (known.isPresent()) {
                            stepsKnownWrong.incrementAndGet();
                            Assumptions.abort("known issue: " + known.get().reason());
                        }
                        if (!hasFieldFor(key, vector)) {
                            stepsWithoutData.incrementAndGet();
                            Assumptions.abort("the vector has no " + FIELD_NEEDED.get(key) + " for " + key);
                        }
                        Callable<Boolean> step = step(key, vector);
                        if (step == null) {
                            unknownKeys.add(key);
                            Assumptions.abort("no check written for expected result " + key);
                        }
                        try {
                            assertThat(step.call())
                                    .as("%s %s (%s)", id, key, vector.path("TESTCTX").path("DESCRIPTION").asString(""))
                                    .isEqualTo(expected);
                        } catch (Throwable e) {
                            failedVectors.add(id);
                            throw e;
                        }
                    }));
                });
                steps.add(dynamicTest("tally", () -> tally.get(country)[failedVectors.contains(id) ? 1 : 0]++));
                nodes.add(dynamicContainer(id, steps));
            }
            return nodes;
        }

        void print() {
            System.out.println("EU DCC vectors per country: passing / failing / skipped as known issues");
            tally.forEach((country, t) -> System.out.printf("  %-7s %3d / %d / %d%n", country, t[0], t[1], t[2]));
            System.out.println("  steps skipped as known issues: " + stepsKnownWrong.get()
                    + "; for want of the data they check: " + stepsWithoutData.get()
                    + "; expected results with no check written: " + unknownKeys);
        }
    }

    /** {@code <country>/2DCode/raw/<name>.json}, whatever the case of the folder and file names. */
    private static boolean isRawVector(Path p) {
        return p.getNameCount() >= 4 && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                && p.getParent().getFileName().toString().equalsIgnoreCase("raw")
                && p.getParent().getParent().getFileName().toString().equalsIgnoreCase("2DCode");
    }

    private static boolean hasFieldFor(String key, JsonNode vector) {
        String field = FIELD_NEEDED.get(key);
        return field == null || (field.startsWith("TESTCTX.")
                ? vector.path("TESTCTX").hasNonNull(field.substring("TESTCTX.".length()))
                : vector.hasNonNull(field));
    }

    /**
     * A row of {@code known_issues.csv}: an upstream test (empty: all of them) wrong for a country's
     * test set (empty: all of its vectors).
     */
    record KnownIssue(String upstreamTest, String country, String testSet, String reason) {

        static List<KnownIssue> read(Path csv) throws IOException {
            if (!Files.exists(csv)) {
                return List.of();
            }
            return Files.readAllLines(csv).stream().skip(1).map(row -> row.split(",", -1)).filter(cols -> cols.length >= 3)
                    .map(cols -> new KnownIssue(cols[0].strip(), cols[1].strip(), cols[2].strip(), cols.length > 3 ? cols[3] : ""))
                    .toList();
        }

        boolean appliesTo(String vectorCountry, String name) {
            return country.equalsIgnoreCase(vectorCountry) && (testSet.isEmpty() || testSet.equalsIgnoreCase(name));
        }

        boolean wholeVector() {
            return upstreamTest.isEmpty();
        }

        /** Our steps doing the named upstream test's check; none when we have no such check. */
        Set<String> steps() {
            return STEPS_OF_UPSTREAM_TEST.getOrDefault(upstreamTest, Set.of());
        }
    }

    /** Whether the named step succeeds on this vector; null when no check is written for the key. */
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
            default -> null;
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

    /** The DCC from the certificate, or from the CBOR field (if any) when the certificate does not decode. */
    private static JsonNode dccOf(JsonNode vector) {
        try {
            return decoded(vector).dcc();
        } catch (IllegalArgumentException e) {
            if (!vector.hasNonNull("CBOR")) {
                throw e;
            }
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

    /**
     * VALIDATIONCLOCK comes as ISO-8601 with offsets written +02:00 or +0200, or with no offset,
     * which upstream reads as UTC.
     */
    static Instant clockOf(JsonNode vector) {
        String clock = vector.path("TESTCTX").path("VALIDATIONCLOCK").asString("");
        if (clock.isEmpty()) {
            return null;
        }
        TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(
                clock.replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2"), OffsetDateTime::from, LocalDateTime::from);
        return parsed instanceof OffsetDateTime offset ? offset.toInstant() : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
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
