// SPDX-License-Identifier: Apache-2.0
package de.myk10;

/**
 * An uplink a {@link SessionTable} accepted (C {@code myk10_session_result}).
 * Immutable; owns copies of all its bytes. The {@link #frame()} is a
 * {@link Frame} parsed from the same PHYPayload; closing it is optional
 * (it is small and the garbage collector frees it too).
 */
public final class UplinkResult {
    private final Frame frame;
    private final long fcnt;
    private final boolean retransmission;
    private final boolean payloadEncrypted;
    private final byte[] payload;
    private final byte[] fopts;
    private final long devEui;
    private final int version;
    private final String codec;

    private UplinkResult(Frame frame, long fcnt, boolean retransmission, boolean payloadEncrypted,
                         byte[] payload, byte[] fopts, long devEui, int version, String codec) {
        this.frame = frame;
        this.fcnt = fcnt;
        this.retransmission = retransmission;
        this.payloadEncrypted = payloadEncrypted;
        this.payload = payload;
        this.fopts = fopts;
        this.devEui = devEui;
        this.version = version;
        this.codec = codec;
    }

    /** Copies a result of the SWIG layer (the caller frees it). */
    static UplinkResult read(SessionUplink raw) {
        return new UplinkResult(Frame.parse(raw.phy()), raw.fcnt(), raw.retransmission(),
                                raw.payloadEncrypted(), raw.payload(), raw.fopts(), raw.devEui(),
                                raw.version(), raw.codec());
    }

    /** @return the parsed frame */
    public Frame frame() {
        return frame;
    }

    /** @return the reconstructed 32-bit FCntUp */
    public long fcnt() {
        return fcnt;
    }

    /** @return whether this was the one allowed repeat of the last confirmed uplink */
    public boolean retransmission() {
        return retransmission;
    }

    /** @return whether the payload is as received (FPort &gt; 0 and the session has no AppSKey) */
    public boolean payloadEncrypted() {
        return payloadEncrypted;
    }

    /** @return a copy of the FRMPayload in clear (empty if the frame has none) */
    public byte[] payload() {
        return payload.clone();
    }

    /** @return a copy of the FOpts in clear (1.1: decrypted; empty if none) */
    public byte[] fopts() {
        return fopts.clone();
    }

    /** @return the DevEUI of the session the uplink belongs to */
    public long devEui() {
        return devEui;
    }

    /** @return the session's version, {@link Myk10#LORAWAN_1_0} or {@link Myk10#LORAWAN_1_1} */
    public int version() {
        return version;
    }

    /** @return the session's codec name, "" for none */
    public String codec() {
        return codec;
    }

    @Override
    public String toString() {
        return String.format("UplinkResult(DevEUI %016X, FCnt %d%s, %d payload bytes%s)", devEui,
                             fcnt, retransmission ? ", retransmission" : "", payload.length,
                             payloadEncrypted ? " encrypted" : "");
    }
}
