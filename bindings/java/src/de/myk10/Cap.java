// SPDX-License-Identifier: Apache-2.0
package de.myk10;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * CAP 1.2 (OASIS Common Alerting Protocol) village flood warnings:
 * {@link #classify} derives severity, urgency and certainty from a forecast
 * (the table in {@code flood.h}), {@link #write} turns a {@link Warning}
 * into one {@code <alert>} document. Failures throw {@link Myk10Exception}
 * naming the field.
 *
 * <pre>{@code
 * String xml = Cap.Warning.forVillage(village, config.getHorizonS())
 *     .identifier("myk10-dorf-1").sender("hochwasser@kreis-myk.example")
 *     .areaDesc("Dorf").circle(50.31, 7.25, 1.5).toXml();
 * }</pre>
 */
public final class Cap {
    private Cap() {
    }

    /** An enumeration with a C value. */
    interface Coded {
        int code();
    }

    static <E extends Enum<E> & Coded> E byCode(Class<E> type, int code) {
        for (E e : type.getEnumConstants()) {
            if (e.code() == code) {
                return e;
            }
        }
        throw new IllegalArgumentException("no " + type.getSimpleName() + " with code " + code);
    }

    /** {@code <severity>}, most severe first; {@code toString()} is the CAP text. */
    public enum Severity implements Coded {
        EXTREME(Myk10.CAP_EXTREME), SEVERE(Myk10.CAP_SEVERE), MODERATE(Myk10.CAP_MODERATE),
        MINOR(Myk10.CAP_MINOR), UNKNOWN(Myk10.CAP_SEVERITY_UNKNOWN);

        private final int code;

        Severity(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }

        @Override
        public String toString() {
            return Myk10.capSeverityStr(code);
        }
    }

    /** {@code <urgency>}; {@code toString()} is the CAP text. */
    public enum Urgency implements Coded {
        IMMEDIATE(Myk10.CAP_IMMEDIATE), EXPECTED(Myk10.CAP_EXPECTED), FUTURE(Myk10.CAP_FUTURE),
        PAST(Myk10.CAP_PAST), UNKNOWN(Myk10.CAP_URGENCY_UNKNOWN);

        private final int code;

        Urgency(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }

        @Override
        public String toString() {
            return Myk10.capUrgencyStr(code);
        }
    }

    /** {@code <certainty>}; {@code toString()} is the CAP text. */
    public enum Certainty implements Coded {
        OBSERVED(Myk10.CAP_OBSERVED), LIKELY(Myk10.CAP_LIKELY), POSSIBLE(Myk10.CAP_POSSIBLE),
        UNLIKELY(Myk10.CAP_UNLIKELY), UNKNOWN(Myk10.CAP_CERTAINTY_UNKNOWN);

        private final int code;

        Certainty(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }

        @Override
        public String toString() {
            return Myk10.capCertaintyStr(code);
        }
    }

    /** {@code <status>} of an alert. */
    public enum AlertStatus implements Coded {
        ACTUAL(Myk10.CAP_ACTUAL), EXERCISE(Myk10.CAP_EXERCISE), SYSTEM(Myk10.CAP_SYSTEM),
        TEST(Myk10.CAP_TEST), DRAFT(Myk10.CAP_DRAFT);

        private final int code;

        AlertStatus(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    /** {@code <msgType>} of an alert (UPDATE and CANCEL need references). */
    public enum MsgType implements Coded {
        ALERT(Myk10.CAP_ALERT), UPDATE(Myk10.CAP_UPDATE), CANCEL(Myk10.CAP_CANCEL);

        private final int code;

        MsgType(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    /** The three mandatory qualifiers of a CAP {@code <info>} block. */
    public static final class Classification {
        public final Severity severity;
        public final Urgency urgency;
        public final Certainty certainty;

        public Classification(Severity severity, Urgency urgency, Certainty certainty) {
            this.severity = Objects.requireNonNull(severity);
            this.urgency = Objects.requireNonNull(urgency);
            this.certainty = Objects.requireNonNull(certainty);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Classification && ((Classification) o).severity == severity
                && ((Classification) o).urgency == urgency
                && ((Classification) o).certainty == certainty;
        }

        @Override
        public int hashCode() {
            return Objects.hash(severity, urgency, certainty);
        }

        @Override
        public String toString() {
            return severity + "/" + urgency + "/" + certainty;
        }
    }

    /**
     * What {@link #classify} needs: level k of n, whether it is already
     * reached, and the warning time (s from issue to arrival) as 10/50/90 %
     * quantiles; a quantile beyond {@code horizonS} means "not within it".
     */
    public static final class Forecast {
        public final int level;
        public final int levelCount;
        public final boolean reached;
        public final long warningP10S;
        public final long warningP50S;
        public final long warningP90S;
        public final long horizonS;

        public Forecast(int level, int levelCount, boolean reached, long warningP10S,
                        long warningP50S, long warningP90S, long horizonS) {
            this.level = level;
            this.levelCount = levelCount;
            this.reached = reached;
            this.warningP10S = warningP10S;
            this.warningP50S = warningP50S;
            this.warningP90S = warningP90S;
            this.horizonS = horizonS;
        }

        /**
         * The highest level {@code v} reaches, as issued at the run's
         * {@code now} (myk10_cap_forecast_of_village): the forecast arrival is
         * the median, the ensemble band the early and late bounds (the late one
         * the horizon when the band runs past it).
         * @throws Myk10Exception ERANGE if the village reaches no level or the
         *         horizon is not positive
         */
        public static Forecast ofVillage(Flood.VillageForecast v, long horizonS) {
            int k = v.maxLevel;
            CapForecastRecord r = Myk10.capForecastOfVillage(
                v.nodeId, k, v.levelCount, v.currentLevel, orNone(v.warningS(k)), orNone(v.band(0)),
                orNone(v.band(2)), v.now, horizonS);
            try {
                return new Forecast(r.getLevel(), r.getLevelCount(), r.getReached(),
                                    r.getWarningP10S(), r.getWarningP50S(), r.getWarningP90S(),
                                    r.getHorizonS());
            } finally {
                r.delete();
            }
        }

        private static long orNone(java.util.OptionalLong t) {
            return t.orElse(Myk10.TIME_NONE);
        }
    }

    /** Severity, urgency and certainty of a forecast (ERANGE naming the field for bad input). */
    public static Classification classify(Forecast f) {
        CapClass c = Myk10.capClassify(f.level, f.levelCount, f.reached, f.warningP10S,
                                       f.warningP50S, f.warningP90S, f.horizonS);
        try {
            return new Classification(byCode(Severity.class, c.getSeverity()),
                                      byCode(Urgency.class, c.getUrgency()),
                                      byCode(Certainty.class, c.getCertainty()));
        } finally {
            c.delete();
        }
    }

    /**
     * One village warning, the input of {@link #write} (C
     * {@code myk10_cap_warning}); set its fields with the fluent setters.
     * Required: identifier, sender, sent, event, areaDesc and a circle or
     * polygon. Times are seconds since the epoch, written at
     * {@link #utcOffsetMin}. Not thread-safe (a builder).
     */
    public static final class Warning {
        // Keyed by the C field names, which the SWIG layer takes as they are.
        private final Map<String, String> texts = new LinkedHashMap<>();
        private final Map<String, Long> numbers = new LinkedHashMap<>();
        private double[] circle;
        private double[] polygon;

        /**
         * A warning of the highest level {@code v} reaches, issued at the run's
         * {@code now}: sent, level, level count, onset (the arrival), village
         * id, event "Hochwasser" and the classification of
         * {@link Forecast#ofVillage} are set.
         */
        public static Warning forVillage(Flood.VillageForecast v, long horizonS) {
            Forecast f = Forecast.ofVillage(v, horizonS);
            return new Warning().sent(v.now).event("Hochwasser").classification(classify(f))
                .level(f.level, f.levelCount).onset(v.levelTime(f.level).getAsLong())
                .villageId(v.nodeId);
        }

        private Warning text(String field, String value) {
            texts.put(field, value);
            return this;
        }

        private Warning number(String field, Long value) {
            numbers.put(field, value == null ? Myk10.TIME_NONE : value);
            return this;
        }

        public Warning identifier(String v) {
            return text("identifier", v);
        }

        public Warning sender(String v) {
            return text("sender", v);
        }

        public Warning sent(long time) {
            return number("sent", time);
        }

        /** Offset of the written times from UTC, minutes (60 for CET, 120 for CEST). */
        public Warning utcOffsetMin(int minutes) {
            return number("utc_offset_min", (long) minutes);
        }

        public Warning status(AlertStatus v) {
            return number("status", (long) v.code());
        }

        /** Update or Cancel, with the superseded "sender,identifier,sent" triples. */
        public Warning msgType(MsgType v, String references) {
            number("msg_type", (long) v.code());
            return text("references", references);
        }

        /** RFC 3066 tag; default "de-DE". */
        public Warning language(String v) {
            return text("language", v);
        }

        public Warning event(String v) {
            return text("event", v);
        }

        public Warning classification(Classification c) {
            number("severity", (long) c.severity.code());
            number("urgency", (long) c.urgency.code());
            return number("certainty", (long) c.certainty.code());
        }

        /** Alert level k of n, written as parameters alertLevel and alertLevelCount. */
        public Warning level(int level, int levelCount) {
            number("level", (long) level);
            return number("level_count", (long) levelCount);
        }

        /** Expected arrival; {@code null} omits it. */
        public Warning onset(Long time) {
            return number("onset", time);
        }

        /** End of validity; {@code null} omits it. */
        public Warning expires(Long time) {
            return number("expires", time);
        }

        public Warning senderName(String v) {
            return text("sender_name", v);
        }

        public Warning headline(String v) {
            return text("headline", v);
        }

        public Warning description(String v) {
            return text("description", v);
        }

        public Warning instruction(String v) {
            return text("instruction", v);
        }

        public Warning web(String v) {
            return text("web", v);
        }

        public Warning contact(String v) {
            return text("contact", v);
        }

        public Warning areaDesc(String v) {
            return text("area_desc", v);
        }

        /** The village id as {@code <geocode>} with valueName {@code name} (null: "village"). */
        public Warning geocode(String villageId, String name) {
            text("village_id", villageId);
            return text("geocode_name", name);
        }

        public Warning villageId(String v) {
            return text("village_id", v);
        }

        public Warning circle(double lat, double lon, double radiusKm) {
            circle = new double[] {lat, lon, radiusKm};
            return this;
        }

        /** A closed ring: {lat, lon} pairs, at least 4, first equal to last. */
        public Warning polygon(double[][] points) {
            double[] flat = new double[points.length * 2];
            for (int i = 0; i < points.length; i++) {
                if (points[i].length != 2) {
                    throw new IllegalArgumentException("a polygon point is {lat, lon}");
                }
                System.arraycopy(points[i], 0, flat, 2 * i, 2);
            }
            polygon = flat;
            return this;
        }

        /** @return the CAP document ({@link Cap#write}) */
        public String toXml() {
            return write(this);
        }
    }

    /** {@code w} as one CAP 1.2 {@code <alert>} document (validated first). */
    public static String write(Warning w) {
        CapWriter out = new CapWriter();
        try {
            w.texts.forEach(out::setText);
            w.numbers.forEach(out::setNumber);
            if (w.circle != null) {
                out.setCircle(w.circle[0], w.circle[1], w.circle[2]);
            }
            if (w.polygon != null) {
                out.setPolygon(Flood.pack(w.polygon));
            }
            return new String(out.write(), StandardCharsets.UTF_8);
        } finally {
            out.delete();
        }
    }
}
