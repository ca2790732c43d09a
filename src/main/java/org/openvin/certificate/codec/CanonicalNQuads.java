package org.openvin.certificate.codec;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.rdf.api.RdfConsumerException;
import com.apicatalog.rdf.canon.RdfCanon;
import com.apicatalog.rdf.nquads.NQuadsWriter;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * RDF Dataset Canonicalization (URDNA2015 / RDFC-1.0) of a JSON-LD document, as N-Quads: the
 * form Linked Data Proofs sign, so that key order and whitespace never change a signature.
 */
public final class CanonicalNQuads {

    private static final BundledContexts CONTEXTS = new BundledContexts();

    private CanonicalNQuads() {
    }

    /** @throws IllegalArgumentException when the JSON is not valid JSON-LD or uses an unbundled context */
    public static String of(String jsonLd) {
        try (JsonReader reader = Json.createReader(new StringReader(jsonLd))) {
            RdfCanon canon = RdfCanon.create("SHA-256");
            JsonLd.toRdf(JsonDocument.of(reader.read())).loader(CONTEXTS).provide(canon);
            StringWriter out = new StringWriter();
            canon.provide(new NQuadsWriter(out));
            // Canonical N-Quads are sorted in code point order; sorting again makes that explicit.
            String[] lines = out.toString().split("\n");
            Arrays.sort(lines, CanonicalNQuads::compareCodePoints);
            return Arrays.stream(lines).filter(line -> !line.isBlank()).map(line -> line + "\n").collect(Collectors.joining());
        } catch (JsonLdError | RdfConsumerException | jakarta.json.JsonException e) {
            throw new IllegalArgumentException("Cannot canonicalise the document: " + e.getMessage(), e);
        }
    }

    /** String.compareTo orders UTF-16 units, which differs from code point order beyond U+FFFF. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
