package org.openvin.certificate.codec;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.document.Document;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.apicatalog.jsonld.loader.DocumentLoaderOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the JSON-LD contexts a vaccination credential uses from inside the jar and refuses
 * every other URL. A verifier must work offline, the CoWIN context URL never resolved, and a
 * context fetched from the network could change what a signed credential means.
 *
 * <p>OpenVIN's own vaccination context lives at {@code <issuer>/credentials/vaccination/v1}: each
 * deployment serves it, and every deployment's URL maps to the same bundled document. Credentials
 * issued before it named {@link #COWIN_VACCINATION_V1}, a URL DIVOC uses for a different document
 * (so DIVOC's verifiers rejected them); that URL still maps to the document those credentials were
 * signed with, so they keep verifying here.
 */
public final class BundledContexts implements DocumentLoader {

    public static final String CREDENTIALS_V1 = "https://www.w3.org/2018/credentials/v1";
    /** Named by OpenVIN credentials issued before the context had its own URL. */
    public static final String COWIN_VACCINATION_V1 = "https://cowin.gov.in/credentials/vaccination/v1";
    /** Where a deployment serves OpenVIN's vaccination context, under its issuer URL. */
    public static final String VACCINATION_V1_PATH = "/credentials/vaccination/v1";
    public static final String SECURITY_V1 = "https://w3id.org/security/v1";
    public static final String SECURITY_V2 = "https://w3id.org/security/v2";
    private static final String OPENVIN_VACCINATION_V1 = "openvin-vaccination-v1.jsonld";

    private static final Map<String, String> RESOURCE_BY_URL = Map.of(
            CREDENTIALS_V1, "credentials-v1.jsonld",
            COWIN_VACCINATION_V1, "vaccination-v1.jsonld",
            SECURITY_V1, "security-v1.jsonld",
            SECURITY_V2, "security-v2.jsonld");

    /** OpenVIN's vaccination context URL for credentials of this issuer. */
    public static String vaccinationContext(String issuerUrl) {
        return issuerUrl.replaceAll("/+$", "") + VACCINATION_V1_PATH;
    }

    /** The bundled OpenVIN vaccination context, as served at {@link #vaccinationContext}. */
    public static byte[] vaccinationContextDocument() {
        try (InputStream in = BundledContexts.class.getResourceAsStream("/certificate/contexts/" + OPENVIN_VACCINATION_V1)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("Bundled context missing from the jar: " + OPENVIN_VACCINATION_V1, e);
        }
    }

    /** Parsed once: a credential's issue and verify each canonicalise twice, and reading the jar each time showed in JFR. */
    private static final Map<String, Document> LOADED = new ConcurrentHashMap<>();

    @Override
    public Document loadDocument(URI url, DocumentLoaderOptions options) throws JsonLdError {
        String resource = RESOURCE_BY_URL.getOrDefault(url.toString(), isOpenVinVaccinationContext(url) ? OPENVIN_VACCINATION_V1 : null);
        if (resource == null) {
            throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED, "Context not bundled, and the network is never used: " + url);
        }
        Document loaded = LOADED.get(resource);
        if (loaded == null) {
            loaded = read(url, resource);
            LOADED.putIfAbsent(resource, loaded);
        }
        return loaded;
    }

    private static boolean isOpenVinVaccinationContext(URI url) {
        return ("https".equals(url.getScheme()) || "http".equals(url.getScheme()))
                && VACCINATION_V1_PATH.equals(url.getPath()) && url.getQuery() == null && url.getFragment() == null;
    }

    /** The parsed context is immutable JSON, so one instance serves every thread. */
    private static Document read(URI url, String resource) throws JsonLdError {
        try (InputStream in = BundledContexts.class.getResourceAsStream("/certificate/contexts/" + resource)) {
            if (in == null) {
                throw new JsonLdError(JsonLdErrorCode.LOADING_DOCUMENT_FAILED, "Bundled context missing from the jar: " + resource);
            }
            JsonDocument document = JsonDocument.of(in);
            document.setDocumentUrl(url);
            return document;
        } catch (IOException e) {
            throw new JsonLdError(JsonLdErrorCode.LOADING_DOCUMENT_FAILED, e);
        }
    }
}
