package io.civicpass.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * An evidence item of a PII request (an image of an identity document, say). Personal data:
 * {@link #toString()} gives only its type and size.
 *
 * @param contentType the media type the server declared, for example {@code image/jpeg}
 * @param bytes       the content; copied in and out
 */
public record Evidence(String contentType, byte[] bytes) {

    /**
     * Copies the content.
     *
     * @param contentType the media type the server declared, for example {@code image/jpeg}
     * @param bytes the content; copied in and out
     */
    public Evidence {
        contentType = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
        bytes = Objects.requireNonNull(bytes, "bytes == null").clone();
    }

    /**
     * The content.
     *
     * @return a copy of the bytes
     */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The content's length.
     *
     * @return the number of bytes
     */
    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Evidence that && that.contentType.equals(contentType) && Arrays.equals(that.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * contentType.hashCode() + Arrays.hashCode(bytes);
    }

    /**
     * Type and size only.
     *
     * @return a description without the content
     */
    @Override
    public String toString() {
        return "Evidence[contentType=" + contentType + ", " + bytes.length + " bytes]";
    }
}
