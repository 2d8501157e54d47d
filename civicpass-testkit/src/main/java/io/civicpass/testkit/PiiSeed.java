package io.civicpass.testkit;

import io.civicpass.model.PiiStatus;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A PII request to plant in the fake ({@link FakeCivic#seedPii(PiiSeed)}): its type, the
 * verified information, its status and its evidence items. Immutable: each method returns a
 * new seed. Contains made-up personal data only.
 */
public final class PiiSeed {

    /** The type Civic's ID-verification pass uses. */
    public static final String ID_DOCUMENT_TYPE = "gatekeeperProofOfIdentityWithIdDocument-v3";
    /** The type used for {@link #emailOnly()}. */
    public static final String EMAIL_TYPE = "gatekeeperProofOfEmail-v1";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0,127}");

    /** A minimal JPEG (start and end markers around a JFIF header), enough for content checks. */
    private static final byte[] FRONT_IMAGE = jpeg("front");
    private static final byte[] BACK_IMAGE = jpeg("back");

    private final String type;
    private final Map<String, Object> fields;
    private final PiiStatus status;
    private final Map<String, Item> evidence;
    private final String id;
    private final String clientId;

    /** One evidence item. */
    record Item(String contentType, byte[] bytes) {
    }

    private PiiSeed(String type, Map<String, Object> fields, PiiStatus status, Map<String, Item> evidence, String id,
                    String clientId) {
        this.type = type;
        this.fields = fields;
        this.status = status;
        this.evidence = evidence;
        this.id = id;
        this.clientId = clientId;
    }

    /**
     * An ID-document verification awaiting the partner's decision: email, name, birth date,
     * document data, address and a {@code did:sol:} account id, with front and back images of the
     * document as evidence.
     *
     * @return the seed
     */
    public static PiiSeed idDocument() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", "jane.doe@example.com");
        fields.put("name", "Jane Quinn Doe");
        fields.put("dateOfBirth", "1990-01-01");
        fields.put("dateOfExpiry", "2035-05-28");
        fields.put("documentType", "passport");
        fields.put("documentNumber", "0123456789");
        fields.put("issueCountry", "GBR");
        fields.put("address", "1 Example Street, London");
        fields.put("accountId", "did:sol:4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQQQ");
        Map<String, Item> evidence = new LinkedHashMap<>();
        evidence.put("idDocumentFront", new Item("image/jpeg", FRONT_IMAGE));
        evidence.put("idDocumentBack", new Item("image/jpeg", BACK_IMAGE));
        return new PiiSeed(ID_DOCUMENT_TYPE, Collections.unmodifiableMap(fields), PiiStatus.VERIFICATION_SUCCESS,
                Collections.unmodifiableMap(evidence), null, null);
    }

    /**
     * A verified email address, no evidence, awaiting the partner's decision.
     *
     * @return the seed
     */
    public static PiiSeed emailOnly() {
        return new PiiSeed(EMAIL_TYPE, Map.of("email", "jane.doe@example.com"), PiiStatus.VERIFICATION_SUCCESS,
                Map.of(), null, null);
    }

    /**
     * A request of any type with any verified fields, no evidence, awaiting the partner's decision.
     *
     * @param type   the request type
     * @param fields the verified information (strings, numbers, booleans, lists, maps)
     * @return the seed
     */
    public static PiiSeed custom(String type, Map<String, Object> fields) {
        Objects.requireNonNull(type, "type == null");
        Objects.requireNonNull(fields, "fields == null");
        return new PiiSeed(type, Collections.unmodifiableMap(new LinkedHashMap<>(fields)),
                PiiStatus.VERIFICATION_SUCCESS, Map.of(), null, null);
    }

    /**
     * This seed in another status (only {@code verification-success} and the partner decisions
     * show the verified information and evidence).
     *
     * @param value the status
     * @return a new seed
     */
    public PiiSeed status(PiiStatus value) {
        return new PiiSeed(type, fields, Objects.requireNonNull(value, "status == null"), evidence, id, clientId);
    }

    /**
     * This seed with one more evidence item (or a replaced one of the same name).
     *
     * @param rel         the link relation naming it, for example {@code selfie}
     * @param contentType its media type
     * @param bytes       its content
     * @return a new seed
     */
    public PiiSeed evidence(String rel, String contentType, byte[] bytes) {
        if (rel == null || !NAME.matcher(rel).matches() || "self".equals(rel)) {
            throw new IllegalArgumentException("rel '" + rel + "' is not a valid evidence name");
        }
        Objects.requireNonNull(contentType, "contentType == null");
        Objects.requireNonNull(bytes, "bytes == null");
        Map<String, Item> copy = new LinkedHashMap<>(evidence);
        copy.put(rel, new Item(contentType, bytes.clone()));
        return new PiiSeed(type, fields, status, Collections.unmodifiableMap(copy), id, clientId);
    }

    /**
     * This seed with a chosen scope request id (a random UUID otherwise).
     *
     * @param value the id
     * @return a new seed
     */
    public PiiSeed id(String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new IllegalArgumentException("id '" + value + "' is not a valid scope request id");
        }
        return new PiiSeed(type, fields, status, evidence, value, clientId);
    }

    /**
     * This seed visible only to one client (every client sees it otherwise).
     *
     * @param value the client id
     * @return a new seed
     */
    public PiiSeed forClient(String value) {
        return new PiiSeed(type, fields, status, evidence, id, Objects.requireNonNull(value, "clientId == null"));
    }

    String type() {
        return type;
    }

    Map<String, Object> fields() {
        return fields;
    }

    PiiStatus statusValue() {
        return status;
    }

    Map<String, Item> evidenceItems() {
        return evidence;
    }

    String idOrNull() {
        return id;
    }

    String clientIdOrNull() {
        return clientId;
    }

    /**
     * Type, status and the names of fields and evidence: never the values.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "PiiSeed[type=" + type + ", status=" + status + ", fields=" + fields.keySet() + ", evidence="
                + evidence.keySet() + "]";
    }

    private static byte[] jpeg(String marker) {
        byte[] text = marker.getBytes(StandardCharsets.US_ASCII);
        byte[] head = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00};
        byte[] out = new byte[head.length + text.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(text, 0, out, head.length, text.length);
        out[out.length - 2] = (byte) 0xFF;
        out[out.length - 1] = (byte) 0xD9;
        return out;
    }
}
