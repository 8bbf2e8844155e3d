// SPDX-License-Identifier: Apache-2.0
package de.myk10;

import java.util.Objects;

/**
 * The state of one device session besides its keys (C
 * {@code myk10_session_info}). Immutable; change a copy with the
 * {@code with...} methods and hand it to {@link SessionTable#update}:
 * {@code table.update(table.get(eui).withCodec("dragino-ldds75"))}.
 *
 * <p>Unsigned C values are held in {@code long}s: DevEUI with the same 64
 * bits, DevAddr and the 32-bit counters as 0 .. 2^32 - 1. The C host
 * pointer ({@code user}) is not carried: key your own objects by DevEUI.
 */
public final class SessionInfo {
    private final long devEui;
    private final long devAddr;
    private final int version;
    private final boolean hasFcntUp;
    private final long fcntUp;
    private final long nfcntDown;
    private final long afcntDown;
    private final boolean lastConfirmed;
    private final boolean retransmitted;
    private final String codec;

    private SessionInfo(long devEui, long devAddr, int version, boolean hasFcntUp, long fcntUp,
                        long nfcntDown, long afcntDown, boolean lastConfirmed,
                        boolean retransmitted, String codec) {
        this.devEui = devEui;
        this.devAddr = devAddr;
        this.version = version;
        this.hasFcntUp = hasFcntUp;
        this.fcntUp = hasFcntUp ? fcntUp : 0;
        this.nfcntDown = nfcntDown;
        this.afcntDown = afcntDown;
        this.lastConfirmed = lastConfirmed;
        this.retransmitted = retransmitted;
        this.codec = codec == null ? "" : codec;
    }

    /**
     * A session that has accepted no uplink yet, downlink counters 0, no
     * codec. The version is taken from the keys when it is added.
     */
    public SessionInfo(long devEui, long devAddr) {
        this(devEui, devAddr, Myk10.LORAWAN_1_0, false, 0, 0, 0, false, false, "");
    }

    /** Copies a record of the SWIG layer and frees it. */
    static SessionInfo read(SessionRecord rec) {
        try {
            return new SessionInfo(rec.devEui(), rec.devAddr(), rec.version(), rec.hasFcntUp(),
                                   rec.fcntUp(), rec.nfcntDown(), rec.afcntDown(),
                                   rec.lastConfirmed(), rec.retransmitted(), rec.codec());
        } finally {
            rec.delete();
        }
    }

    /** @param fcntUp the last accepted uplink counter, or {@code null} for none yet */
    public SessionInfo withFcntUp(Long fcntUp) {
        return new SessionInfo(devEui, devAddr, version, fcntUp != null,
                               fcntUp == null ? 0 : fcntUp, nfcntDown, afcntDown, lastConfirmed,
                               retransmitted, codec);
    }

    /** @param next the next NFCntDown (1.0: FCntDown) */
    public SessionInfo withNfcntDown(long next) {
        return new SessionInfo(devEui, devAddr, version, hasFcntUp, fcntUp, next, afcntDown,
                               lastConfirmed, retransmitted, codec);
    }

    /** @param next the next AFCntDown (1.1) */
    public SessionInfo withAfcntDown(long next) {
        return new SessionInfo(devEui, devAddr, version, hasFcntUp, fcntUp, nfcntDown, next,
                               lastConfirmed, retransmitted, codec);
    }

    /** Sets whether the last uplink was confirmed and whether its retransmission was seen. */
    public SessionInfo withConfirmed(boolean lastConfirmed, boolean retransmitted) {
        return new SessionInfo(devEui, devAddr, version, hasFcntUp, fcntUp, nfcntDown,
                               afcntDown, lastConfirmed, retransmitted, codec);
    }

    /** @param codec payload codec name for the host, at most 31 UTF-8 bytes ("" or null: none) */
    public SessionInfo withCodec(String codec) {
        return new SessionInfo(devEui, devAddr, version, hasFcntUp, fcntUp, nfcntDown,
                               afcntDown, lastConfirmed, retransmitted, codec);
    }

    public long devEui() {
        return devEui;
    }

    public long devAddr() {
        return devAddr;
    }

    /** @return {@link Myk10#LORAWAN_1_0} or {@link Myk10#LORAWAN_1_1} (as stored in a table) */
    public int version() {
        return version;
    }

    /** @return whether an uplink has been accepted ({@link #fcntUp()} is meaningful) */
    public boolean hasFcntUp() {
        return hasFcntUp;
    }

    /** @return the last accepted uplink counter, 0 when there is none */
    public long fcntUp() {
        return fcntUp;
    }

    /** @return the next NFCntDown (1.0: FCntDown) */
    public long nfcntDown() {
        return nfcntDown;
    }

    /** @return the next AFCntDown (1.1) */
    public long afcntDown() {
        return afcntDown;
    }

    /** @return whether the last accepted uplink was a confirmed one */
    public boolean lastConfirmed() {
        return lastConfirmed;
    }

    /** @return whether that confirmed uplink's one retransmission has been accepted */
    public boolean retransmitted() {
        return retransmitted;
    }

    /** @return the codec name, "" for none */
    public String codec() {
        return codec;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof SessionInfo)) {
            return false;
        }
        SessionInfo o = (SessionInfo) other;
        return devEui == o.devEui && devAddr == o.devAddr && version == o.version
            && hasFcntUp == o.hasFcntUp && fcntUp == o.fcntUp && nfcntDown == o.nfcntDown
            && afcntDown == o.afcntDown && lastConfirmed == o.lastConfirmed
            && retransmitted == o.retransmitted && codec.equals(o.codec);
    }

    @Override
    public int hashCode() {
        return Objects.hash(devEui, devAddr, version, hasFcntUp, fcntUp, nfcntDown, afcntDown,
                            lastConfirmed, retransmitted, codec);
    }

    @Override
    public String toString() {
        return String.format("SessionInfo(DevEUI %016X, DevAddr %08X, %s, FCntUp %s, "
                             + "NFCntDown %d, AFCntDown %d%s%s, codec \"%s\")",
                             devEui, devAddr, version == Myk10.LORAWAN_1_1 ? "1.1" : "1.0",
                             hasFcntUp ? Long.toString(fcntUp) : "none", nfcntDown, afcntDown,
                             lastConfirmed ? ", last confirmed" : "",
                             retransmitted ? ", retransmitted" : "", codec);
    }
}
