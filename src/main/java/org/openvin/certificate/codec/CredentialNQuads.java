package org.openvin.certificate.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The canonical N-Quads (URDNA2015) of the credential {@link W3cVerifiableCredential#credential}
 * builds and of its Ed25519Signature2018 proof options, written straight from the claim: what
 * titanium's JSON-LD expansion and canonicalisation make of that JSON, without either. Issuing did
 * both on every certificate, and they were most of its cost (context term building, IRI parsing).
 *
 * <p>The credential's shape is fixed, so its quads are too: each JSON field is one quad whose
 * predicate and datatype come from the bundled contexts (credentials/v1 and OpenVIN's vaccination
 * context), and a field that is null in the JSON has no quad. The five objects without an
 * {@code id} (the credential, the holder's address, the facility, its address, the verifier) are
 * blank nodes. Their canonical labels depend on the values, so they are computed as URDNA2015
 * does: each node's first-degree hash, labels issued in hash order. The hashes are always distinct
 * here (each node has an incoming edge no other has), so the n-degree step is never needed; if
 * they ever were equal this returns null and the caller falls back to titanium.
 *
 * <p>Titanium stays the reference: {@code CredentialNQuadsTest} compares both byte for byte over
 * thousands of generated claims, and {@link W3cVerifiableCredential#issue} checks the issuer URL
 * and key id, which come from configuration, against titanium once each.
 */
final class CredentialNQuads {

    private static final String RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
    private static final String XSD = "http://www.w3.org/2001/XMLSchema#";
    private static final String CRED = "https://www.w3.org/2018/credentials#";
    private static final String SCHEMA = "https://schema.org/";
    private static final String VAC = "urn:openvin:vaccination:";
    private static final String SEC = "https://w3id.org/security#";

    private CredentialNQuads() {
    }

    /**
     * @param json the values the credential's JSON is written from (W3cVerifiableCredential#fields),
     *             so that the two cannot drift apart
     * @return the canonical N-Quads, or null when the blank nodes cannot be labelled by their
     * first-degree hashes alone
     */
    static String document(Fields json) {
        Graph graph = new Graph();
        Blank credential = graph.blank();
        Blank holderAddress = graph.blank();
        Blank facility = graph.blank();
        Blank facilityAddress = graph.blank();
        String holder = iri(json.holderIri());
        String evidence = iri(json.evidenceIri());

        graph.add(credential, RDF_TYPE, iri(CRED + "VerifiableCredential"));
        graph.add(credential, RDF_TYPE, iri(VAC + "ProofOfVaccinationCredential"));
        graph.add(credential, iri(CRED + "credentialSubject"), holder);
        graph.add(credential, iri(CRED + "evidence"), evidence);
        graph.add(credential, iri(CRED + "issuanceDate"), typed(json.issuanceDate(), XSD + "dateTime"));
        graph.add(credential, iri(CRED + "issuer"), iri(json.issuerIri()));
        graph.add(credential, iri(VAC + "nonTransferable"), string("true"));

        graph.add(holder, RDF_TYPE, iri(SCHEMA + "Person"));
        graph.add(holder, iri(VAC + "refId"), string(json.refId()));
        graph.add(holder, iri(SCHEMA + "name"), string(json.name()));
        graph.add(holder, iri(SCHEMA + "gender"), string(json.gender()));
        graph.add(holder, iri(VAC + "age"), string(json.age()));
        graph.add(holder, iri(SCHEMA + "birthDate"), string(json.dob()));
        graph.add(holder, iri(SCHEMA + "address"), holderAddress);
        graph.add(holderAddress, iri(SCHEMA + "addressCountry"), string(json.country()));

        graph.add(evidence, RDF_TYPE, iri(VAC + "Vaccination"));
        graph.add(evidence, iri(VAC + "certificateId"), string(json.certificateId()));
        graph.add(evidence, iri(VAC + "batch"), string(json.batch()));
        graph.add(evidence, iri(VAC + "vaccine"), string(json.vaccine()));
        graph.add(evidence, iri(VAC + "manufacturer"), string(json.manufacturer()));
        graph.add(evidence, iri(VAC + "icd11Code"), string(json.icd11Code()));
        graph.add(evidence, iri(VAC + "prophylaxis"), string(json.prophylaxis()));
        graph.add(evidence, iri(VAC + "date"), typed(json.date(), XSD + "dateTime"));
        graph.add(evidence, iri(VAC + "effectiveStart"), typed(json.effectiveStart(), XSD + "date"));
        graph.add(evidence, iri(VAC + "effectiveUntil"), typed(json.effectiveUntil(), XSD + "date"));
        graph.add(evidence, iri(VAC + "dose"), typed(String.valueOf(json.dose()), XSD + "integer"));
        graph.add(evidence, iri(VAC + "totalDoses"), typed(String.valueOf(json.totalDoses()), XSD + "integer"));
        if (json.verifierName() != null) {
            // the verifier object is there whenever a vaccinator is named; its name is never null then
            Blank verifier = graph.blank();
            graph.add(evidence, iri(VAC + "verifier"), verifier);
            graph.add(verifier, iri(SCHEMA + "name"), string(json.verifierName()));
        }
        graph.add(evidence, iri(VAC + "facility"), facility);
        graph.add(facility, iri(SCHEMA + "name"), string(json.facilityName()));
        graph.add(facility, iri(SCHEMA + "address"), facilityAddress);
        graph.add(facilityAddress, iri(SCHEMA + "streetAddress"), string(json.streetAddress()));
        graph.add(facilityAddress, iri(SCHEMA + "addressCountry"), string(json.country()));
        return graph.canonical();
    }

    /**
     * The proof options (type, created, verificationMethod, proofPurpose) under the credential's
     * context, where Ed25519Signature2018's scoped context defines them. One blank node, so always
     * {@code _:c14n0}; the predicates differ before any value, so the order below is the sorted one.
     */
    static String proofOptions(String created, String verificationMethod) {
        String proof = "_:c14n0 ";
        return proof + "<http://purl.org/dc/terms/created> " + typed(created, XSD + "dateTime") + " .\n"
                + proof + RDF_TYPE + " " + iri(SEC + "Ed25519Signature2018") + " .\n"
                + proof + iri(SEC + "proofPurpose") + " " + iri(SEC + "assertionMethod") + " .\n"
                + proof + iri(SEC + "verificationMethod") + " " + iri(verificationMethod) + " .\n";
    }

    /**
     * The credential's values as they appear in its JSON; null where the JSON has null, which
     * JSON-LD drops. {@code verifierName} null means there is no verifier object at all.
     */
    record Fields(String holderIri, String refId, String name, String gender, String age, String dob,
                  String country, String issuerIri, String issuanceDate, String evidenceIri, String certificateId,
                  String batch, String vaccine, String manufacturer, String icd11Code, String prophylaxis, String date,
                  String effectiveStart, String effectiveUntil, int dose, int totalDoses, String verifierName,
                  String facilityName, String streetAddress) {
    }

    private static String iri(String iri) {
        return "<" + iri + ">";
    }

    /** A plain (xsd:string) literal, or null for a JSON null. */
    private static String string(String value) {
        return value == null ? null : "\"" + escape(value) + "\"";
    }

    private static String typed(String value, String datatype) {
        return value == null ? null : "\"" + escape(value) + "\"^^<" + datatype + ">";
    }

    /**
     * Canonical N-Quads string escaping (RDF 1.2 N-Triples canonical form, as titanium writes it):
     * ECHAR for backspace, tab, line feed, form feed, carriage return, quote and backslash; UCHAR
     * with upper-case hex for the other C0 controls and DEL; every other character as itself.
     */
    static String escape(String value) {
        StringBuilder escaped = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '\b' -> "\\b";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\f' -> "\\f";
                case '\r' -> "\\r";
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                default -> c <= 0x1f || c == 0x7f ? String.format("\\u%04X", (int) c) : null;
            };
            if (replacement != null && escaped == null) {
                escaped = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (escaped != null) {
                if (replacement != null) {
                    escaped.append(replacement);
                } else {
                    escaped.append(c);
                }
            }
        }
        return escaped == null ? value : escaped.toString();
    }

    /** A blank node; its canonical label is set once all first-degree hashes are known. */
    private static final class Blank {
        String label;
        byte[] hash;
    }

    /** Subject and object are an N-Quads term (String) or a Blank; the object may be null (no quad). */
    private record Quad(Object subject, String predicate, Object object) {

        boolean mentions(Blank blank) {
            return subject == blank || object == blank;
        }

        /** The quad as URDNA2015's first-degree hash sees it: this node as _:a, every other blank as _:z. */
        String forHash(Blank reference) {
            return term(subject, reference) + " " + predicate + " " + term(object, reference) + " .\n";
        }

        String canonical() {
            return term(subject, null) + " " + predicate + " " + term(object, null) + " .\n";
        }

        private static String term(Object term, Blank reference) {
            if (term instanceof Blank blank) {
                return reference == null ? blank.label : blank == reference ? "_:a" : "_:z";
            }
            return (String) term;
        }
    }

    private static final class Graph {
        private final List<Blank> blanks = new ArrayList<>(5);
        private final List<Quad> quads = new ArrayList<>(36);

        Blank blank() {
            Blank blank = new Blank();
            blanks.add(blank);
            return blank;
        }

        void add(Object subject, String predicate, Object object) {
            if (object != null) {
                quads.add(new Quad(subject, predicate, object));
            }
        }

        String canonical() {
            MessageDigest sha256 = sha256();
            for (Blank blank : blanks) {
                List<String> related = new ArrayList<>();
                for (Quad quad : quads) {
                    if (quad.mentions(blank)) {
                        related.add(quad.forHash(blank));
                    }
                }
                related.sort(Comparator.naturalOrder()); // String order, as titanium sorts them for the hash
                sha256.reset();
                for (String line : related) {
                    sha256.update(line.getBytes(StandardCharsets.UTF_8));
                }
                blank.hash = sha256.digest();
            }
            // hex strings in code point order are the digests in unsigned byte order
            List<Blank> byHash = new ArrayList<>(blanks);
            byHash.sort((a, b) -> Arrays.compareUnsigned(a.hash, b.hash));
            for (int i = 0; i < byHash.size(); i++) {
                if (i > 0 && Arrays.equals(byHash.get(i - 1).hash, byHash.get(i).hash)) {
                    return null;
                }
                byHash.get(i).label = "_:c14n" + i;
            }
            String[] lines = new String[quads.size()];
            for (int i = 0; i < lines.length; i++) {
                lines[i] = quads.get(i).canonical();
            }
            Arrays.sort(lines, CanonicalNQuads::compareCodePoints);
            return String.join("", lines);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
