// SPDX-License-Identifier: Apache-2.0
package de.myk10;

import java.nio.charset.StandardCharsets;

/**
 * Thrown when a libmyk10 call fails. Unchecked, like the
 * {@code IllegalArgumentException} a Java library would throw for bad input.
 * It carries the C library's status code, its one-line message (for example
 * {@code "time: expected 'T' at byte 10"}) and, for parsers, the byte offset
 * into the input where parsing stopped.
 */
public class Myk10Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final long offset;

    /**
     * @param status the failure (not {@link Status#OK})
     * @param message one line of detail
     * @param offset byte offset into the input, or -1 when there is none
     */
    public Myk10Exception(Status status, String message, long offset) {
        this(status.code(), message, offset);
    }

    private Myk10Exception(int code, String message, long offset) {
        super(message);
        this.code = code;
        this.offset = offset < 0 ? -1 : offset;
    }

    /* Called from the JNI wrapper, which passes the message as UTF-8 bytes
     * (malformed sequences become U+FFFD). */
    @SuppressWarnings("unused")
    private Myk10Exception(int code, byte[] utf8Message, long offset) {
        this(code, new String(utf8Message, StandardCharsets.UTF_8), offset);
    }

    /**
     * @return the status; {@code null} only for a code newer than this
     *         binding, which cannot happen with the library it was built with
     */
    public Status getStatus() {
        return Status.lookup(code);
    }

    /** @return the numeric status code, as in C */
    public int getCode() {
        return code;
    }

    /** @return the byte offset into the input where the failure was found, or -1 */
    public long getOffset() {
        return offset;
    }
}
