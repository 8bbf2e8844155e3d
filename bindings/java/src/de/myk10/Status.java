// SPDX-License-Identifier: Apache-2.0
package de.myk10;

/**
 * libmyk10 status codes ({@code myk10_status}), named without the
 * {@code MYK10_} prefix. The codes are those of the C library and never
 * change; new ones are only ever appended.
 */
public enum Status {
    /** Success. */
    OK(0),
    /** An argument is invalid. */
    EINVAL(1),
    /** Memory allocation failed. */
    ENOMEM(2),
    /** The input ends before a complete item. */
    ETRUNCATED(3),
    /** The input is syntactically malformed. */
    EMALFORMED(4),
    /** An integrity check failed (MIC, checksum, signature). */
    EINTEGRITY(5),
    /** A message was replayed or a counter went backwards. */
    EREPLAY(6),
    /** A counter jumped further than allowed. */
    EGAP(7),
    /** Well-formed but not supported (version, type, option). */
    EUNSUPPORTED(8),
    /** A key is needed but none is known. */
    ENOKEY(9),
    /** Conflicts with existing state (e.g. an overlapping booking). */
    ECONFLICT(10),
    /** No capacity left (seats, compartments, quantity). */
    ECAPACITY(11),
    /** The named item does not exist. */
    ENOTFOUND(12),
    /** An item with that identity already exists. */
    EEXISTS(13),
    /** A value lies outside its allowed range. */
    ERANGE(14),
    /** A buffer is too small. */
    EBUFSIZE(15),
    /** Reading or writing a file failed. */
    EIO(16),
    /** Stored data is corrupt or of an unknown version. */
    ECORRUPT(17),
    /** The cryptographic library failed. */
    ECRYPTO(18),
    /** The call is not valid in the object's current state. */
    ESTATE(19),
    /** The result would disclose personal data. */
    EPRIVACY(20),
    /** A host-supplied callback reported failure. */
    ECALLBACK(21);

    /** All constants, indexed by code (the codes are 0, 1, 2, ... in order). */
    private static final Status[] BY_CODE = values();

    private final int code;

    Status(int code) {
        this.code = code;
    }

    /** @return the numeric code, as in C */
    public int code() {
        return code;
    }

    /** @return the C library's short description, e.g. "invalid argument" */
    public String description() {
        return Myk10.statusStr(code);
    }

    /** @return the C name, e.g. "MYK10_EINVAL" */
    public String cName() {
        return Myk10.statusName(code);
    }

    /**
     * The status with the given code.
     *
     * @param code a numeric status code
     * @return its constant
     * @throws IllegalArgumentException if no status has that code
     */
    public static Status fromCode(int code) {
        Status status = lookup(code);
        if (status == null) {
            throw new IllegalArgumentException("unknown libmyk10 status code " + code);
        }
        return status;
    }

    /** The status with the given code, or {@code null} if there is none. */
    static Status lookup(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
