// SPDX-License-Identifier: Apache-2.0
package de.myk10;

import java.util.Arrays;
import java.util.Objects;

/**
 * One normalised measurement {device, time, quantity, unit, value, channel}
 * (C {@code myk10_measurement}). Immutable. The value is a number, text,
 * boolean, bytes or absent (a SenML record with only a sum); see
 * {@link #kind()} and the {@code Myk10.VALUE_*} constants.
 *
 * <p>Codecs create them with {@link #of(String, String, double)} and the
 * {@code with...} methods: {@code Measurement.of("distance", "m", 2.5).withChannel(1)}.
 */
public final class Measurement {
    private final String device;
    private final String quantity;
    private final String unit;
    private final Long time;
    private final int timeNs;
    private final int channel;
    private final int kind;
    private final double number;
    private final boolean booleanValue;
    private final String text;
    private final byte[] data;
    private final Double sum;

    private Measurement(String device, String quantity, String unit, Long time, int timeNs,
                        int channel, int kind, double number, boolean booleanValue, String text,
                        byte[] data, Double sum) {
        this.device = device;
        this.quantity = Objects.requireNonNull(quantity, "quantity");
        this.unit = unit == null ? "" : unit;
        this.time = time;
        this.timeNs = timeNs;
        this.channel = channel;
        this.kind = kind;
        this.number = number;
        this.booleanValue = booleanValue;
        this.text = text;
        this.data = data;
        this.sum = sum;
    }

    /** A numeric measurement without device, time or channel. */
    public static Measurement of(String quantity, String unit, double value) {
        return new Measurement(null, quantity, unit, null, 0, Myk10.NO_CHANNEL,
                               Myk10.VALUE_NUMBER, value, false, null, null, null);
    }

    /** A text measurement (SenML vs). */
    public static Measurement ofText(String quantity, String unit, String value) {
        return new Measurement(null, quantity, unit, null, 0, Myk10.NO_CHANNEL,
                               Myk10.VALUE_STRING, 0, false, Objects.requireNonNull(value),
                               null, null);
    }

    /** A boolean measurement (SenML vb). */
    public static Measurement ofBoolean(String quantity, String unit, boolean value) {
        return new Measurement(null, quantity, unit, null, 0, Myk10.NO_CHANNEL,
                               Myk10.VALUE_BOOLEAN, 0, value, null, null, null);
    }

    /** An opaque-bytes measurement (SenML vd). */
    public static Measurement ofData(String quantity, String unit, byte[] value) {
        return new Measurement(null, quantity, unit, null, 0, Myk10.NO_CHANNEL,
                               Myk10.VALUE_DATA, 0, false, null, value.clone(), null);
    }

    public Measurement withChannel(int channel) {
        return new Measurement(device, quantity, unit, time, timeNs, channel, kind, number,
                               booleanValue, text, data, sum);
    }

    public Measurement withDevice(String device) {
        return new Measurement(device, quantity, unit, time, timeNs, channel, kind, number,
                               booleanValue, text, data, sum);
    }

    public Measurement withTime(long seconds, int nanoseconds) {
        return new Measurement(device, quantity, unit, seconds, nanoseconds, channel, kind,
                               number, booleanValue, text, data, sum);
    }

    public Measurement withSum(double sum) {
        return new Measurement(device, quantity, unit, time, timeNs, channel, kind, number,
                               booleanValue, text, data, sum);
    }

    /* Device and time from the context where the codec left them open. */
    Measurement withDefaults(String contextDevice, long contextTime) {
        return new Measurement(device == null ? contextDevice : device, quantity, unit,
                               time == null ? contextTime : time, timeNs, channel, kind, number,
                               booleanValue, text, data, sum);
    }

    /* Copies element i of a native list. */
    static Measurement read(MeasurementList list, long i) {
        int kind = list.kind(i);
        return new Measurement(list.device(i), list.quantity(i), list.unit(i), list.time(i),
                               list.timeNs(i), list.channel(i), kind, list.number(i),
                               list.booleanValue(i),
                               kind == Myk10.VALUE_STRING ? list.string(i) : null,
                               kind == Myk10.VALUE_DATA ? list.data(i) : null,
                               list.hasSum(i) ? list.sum(i) : null);
    }

    /** Device id; "" if unknown ({@code ""} also for one a codec left open). */
    public String device() {
        return device == null ? "" : device;
    }

    public String quantity() {
        return quantity;
    }

    /** SenML unit, "" for dimensionless values. */
    public String unit() {
        return unit;
    }

    /** Seconds since the epoch (UTC); 0 if a codec left it open. */
    public long time() {
        return time == null ? 0 : time;
    }

    public int timeNs() {
        return timeNs;
    }

    /** Sensor channel, or {@link Myk10#NO_CHANNEL}. */
    public int channel() {
        return channel;
    }

    /** One of {@code Myk10.VALUE_NUMBER}, {@code VALUE_STRING}, ... */
    public int kind() {
        return kind;
    }

    public double number() {
        return number;
    }

    public boolean booleanValue() {
        return booleanValue;
    }

    /** Text of a VALUE_STRING measurement, otherwise {@code null}. */
    public String text() {
        return text;
    }

    /** Bytes of a VALUE_DATA measurement (a copy), otherwise {@code null}. */
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    public boolean hasSum() {
        return sum != null;
    }

    public double sum() {
        return sum == null ? 0.0 : sum;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Measurement)) {
            return false;
        }
        Measurement m = (Measurement) other;
        return device().equals(m.device()) && quantity.equals(m.quantity)
                && unit.equals(m.unit) && time() == m.time() && timeNs == m.timeNs
                && channel == m.channel && kind == m.kind
                && Double.compare(number, m.number) == 0 && booleanValue == m.booleanValue
                && Objects.equals(text, m.text) && Arrays.equals(data, m.data)
                && Objects.equals(sum, m.sum);
    }

    @Override
    public int hashCode() {
        return Objects.hash(device(), quantity, unit, time(), channel, kind, number);
    }

    @Override
    public String toString() {
        String value;
        if (kind == Myk10.VALUE_STRING) {
            value = '"' + text + '"';
        } else if (kind == Myk10.VALUE_BOOLEAN) {
            value = Boolean.toString(booleanValue);
        } else if (kind == Myk10.VALUE_DATA) {
            value = data.length + " bytes";
        } else if (kind == Myk10.VALUE_NONE) {
            value = "-";
        } else {
            value = Double.toString(number);
        }
        return quantity + (channel == Myk10.NO_CHANNEL ? "" : "[" + channel + "]") + "=" + value
                + (unit.isEmpty() ? "" : " " + unit) + (device().isEmpty() ? "" : " @" + device());
    }
}
