// SPDX-License-Identifier: Apache-2.0
package de.myk10;

/**
 * What a codec knows about a frame besides its payload (C
 * {@code myk10_codec_context}). Mutable, with chained setters:
 * {@code new CodecContext().device("gauge-7").time(t).fport(2).mountingHeight(4.0)}.
 *
 * <p>With a mounting height, every {@code distance} measurement also yields
 * {@code water_level = mountingHeight - distance}; with a probe height,
 * every {@code water_depth} yields {@code water_level = probeHeight + depth}.
 */
public final class CodecContext {
    private String device = "";
    private long time;
    private int fport = -1;
    private Double mountingHeight;
    private Double probeHeight;

    /** Device id copied into every measurement ("" for none). */
    public CodecContext device(String device) {
        this.device = device == null ? "" : device;
        return this;
    }

    /** Receive time, seconds since the epoch (UTC). */
    public CodecContext time(long seconds) {
        this.time = seconds;
        return this;
    }

    /** LoRaWAN FPort 1..223, or -1 when unknown. */
    public CodecContext fport(int fport) {
        this.fport = fport;
        return this;
    }

    /** Sensor zero point above gauge zero in metres ({@code null}: none). */
    public CodecContext mountingHeight(Double metres) {
        this.mountingHeight = metres;
        return this;
    }

    /** Submersible probe above gauge zero in metres ({@code null}: none). */
    public CodecContext probeHeight(Double metres) {
        this.probeHeight = metres;
        return this;
    }

    public String device() {
        return device;
    }

    public long time() {
        return time;
    }

    public int fport() {
        return fport;
    }

    public boolean hasMountingHeight() {
        return mountingHeight != null;
    }

    /** @return the mounting height, 0 when there is none */
    public double mountingHeight() {
        return mountingHeight == null ? 0.0 : mountingHeight;
    }

    public boolean hasProbeHeight() {
        return probeHeight != null;
    }

    /** @return the probe height, 0 when there is none */
    public double probeHeight() {
        return probeHeight == null ? 0.0 : probeHeight;
    }
}
