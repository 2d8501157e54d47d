package io.civicpass.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * The buffered input of one connection, read by one thread at a time: bytes, and header lines
 * read into one reused buffer. Unlike {@code BufferedInputStream} it takes no lock per byte,
 * and a line costs one string rather than a growing builder and a copy.
 */
final class HttpInput extends InputStream {

    /** A line longer than the limit: the request is refused rather than read on. */
    static final class LineTooLong extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLong() {
            super("line too long", null);
        }
    }

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private byte[] line = new byte[512];

    HttpInput(InputStream in) {
        this.in = in;
    }

    /**
     * One line without its CRLF (or bare LF), as ISO-8859-1 text.
     *
     * @param maxLength the longest line accepted
     * @param mayEnd    whether an end of stream before the line's first byte is a clean end
     * @return the line; null at a clean end
     * @throws LineTooLong     when the line exceeds {@code maxLength}
     * @throws SocketException when the stream ends inside the line
     */
    String readLine(int maxLength, boolean mayEnd) throws IOException {
        int length = 0;
        while (true) {
            if (position == limit && !fill()) {
                if (mayEnd && length == 0) {
                    return null;
                }
                throw new SocketException("connection closed mid-request");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
                return new String(line, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (length >= maxLength) {
                throw new LineTooLong();
            }
            if (length == line.length) {
                byte[] longer = new byte[Math.min(Math.max(2 * line.length, 16), maxLength + 1)];
                System.arraycopy(line, 0, longer, 0, length);
                line = longer;
            }
            line[length++] = b;
        }
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == limit) {
            if (length >= buffer.length) {
                return in.read(target, offset, length); // large reads skip the buffer
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (limit - position) + in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Reads more bytes into the empty buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
