package org.openvin.certificate.codec;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The EU DCC payload checked against the official JSON schema (1.3.3, bundled unchanged under
 * {@code certificate/eu-dcc-schema}) by a JSON Schema validator, so a verifier refuses exactly
 * what the schema refuses: birth dates outside 1900–2099, an empty country, dose number 0, an
 * over-long testing centre. Value sets (vaccine codes etc.) are business rules, not checked here;
 * {@code format} stays an annotation, as JSON Schema 2020-12 and the reference validators have it.
 */
public final class DccSchema {

    private static final String RESOURCE = "/certificate/eu-dcc-schema/DCC.combined-schema.json";
    /** Parsed once; a compiled schema is immutable and serves every thread. */
    private static final Schema SCHEMA = load();

    private DccSchema() {
    }

    /** @return where and how the payload breaks the schema (e.g. {@code /v/0 required property 'mp' not found}), empty when it conforms */
    public static List<String> violations(JsonNode dcc) {
        if (dcc == null || !dcc.isObject()) {
            return List.of("payload is not a JSON object");
        }
        return SCHEMA.validate(dcc).stream().map(error -> {
            String where = error.getInstanceLocation().toString();
            return (where.isEmpty() ? "/" : where) + " " + error.getMessage();
        }).toList();
    }

    private static Schema load() {
        try (InputStream in = DccSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("EU DCC schema missing from the jar: " + RESOURCE);
            }
            // valueset-uri is the schema's own pointer to the value set files: an annotation, not a rule.
            Dialect dialect = Dialect.builder(Dialects.getDraft202012()).keyword(new AnnotationKeyword("valueset-uri")).build();
            return SchemaRegistry.withDefaultDialect(dialect).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
