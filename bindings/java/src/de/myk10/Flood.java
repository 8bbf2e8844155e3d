// SPDX-License-Identifier: Apache-2.0
package de.myk10;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The flood module's functions and value classes. The handles are
 * {@link FloodNetwork}, {@link FloodRouter}, {@link RatingCurve},
 * {@link Gauge} (with {@link GaugeConfig}) and {@link AlertState}, all
 * {@code AutoCloseable}; constants are {@code Myk10.FLOOD_*},
 * {@code Myk10.READING_*}, {@code Myk10.CROSSING_*}, {@code Myk10.READINGS_*}.
 */
public final class Flood {
    private Flood() {
    }

    /** A node of a network (a copy). */
    public static final class Node {
        public final String id;
        public final String name;
        public final int kind;
        public final double lat;
        public final double lon;
        public final double baseflowM3s;

        Node(String id, String name, int kind, double lat, double lon, double baseflowM3s) {
            this.id = id;
            this.name = name;
            this.kind = kind;
            this.lat = lat;
            this.lon = lon;
            this.baseflowM3s = baseflowM3s;
        }

        @Override
        public String toString() {
            return "Node(" + id + ")";
        }
    }

    /** A reach of a network (a copy); only its method's parameters are meaningful. */
    public static final class Reach {
        public final String id;
        public final String from;
        public final String to;
        public final double lengthM;
        public final int method;
        public final double lagS;
        public final double kS;
        public final double x;
        public final double slope;
        public final double manningN;
        public final double widthM;
        public final double referenceM3s;
        public final double lateralM3s;

        Reach(String id, String from, String to, double[] v) {
            this.id = id;
            this.from = from;
            this.to = to;
            this.lengthM = v[0];
            this.method = (int) v[1];
            this.lagS = v[2];
            this.kS = v[3];
            this.x = v[4];
            this.slope = v[5];
            this.manningN = v[6];
            this.widthM = v[7];
            this.referenceM3s = v[8];
            this.lateralM3s = v[9];
        }

        @Override
        public String toString() {
            return "Reach(" + id + ": " + from + " -> " + to + ")";
        }
    }

    /** A parsed reading. */
    public static final class Reading {
        public final String gauge;
        public final long time;
        public final double levelM;
        public final long line;

        Reading(String gauge, long time, double levelM, long line) {
            this.gauge = gauge;
            this.time = time;
            this.levelM = levelM;
            this.line = line;
        }

        @Override
        public String toString() {
            return "Reading(" + gauge + ", " + time + ", " + levelM + ")";
        }
    }

    /** @return {C0, C1, C2} for K (s), X and dt (s) */
    public static double[] muskingumCoefficients(double kS, double x, double dtS) {
        return unpack(Myk10.floodMuskingumCoefficients(kS, x, dtS));
    }

    /** @return O[j] = C0 I[j] + C1 I[j-1] + C2 O[j-1] with O[0] = o0, as written */
    public static double[] muskingumApply(double[] inflow, double[] c, double o0) {
        return unpack(Myk10.floodMuskingumApply(pack(inflow), pack(c), o0));
    }

    /** @return {K, X, clamped (1 or 0)} of a Muskingum-Cunge reach */
    public static double[] cungeParameters(double lengthM, double slope, double manningN,
                                           double widthM, double referenceM3s) {
        return unpack(Myk10.floodCungeParameters(lengthM, slope, manningN, widthM, referenceM3s));
    }

    /** Validates alert thresholds and hysteresis (ERANGE / ECONFLICT). */
    public static void checkAlerts(double[] thresholds, double hysteresisM) {
        Myk10.alertConfigCheck(pack(thresholds), hysteresisM);
    }

    /** Parses CSV ({@code Myk10.READINGS_CSV}) or JSON-lines readings. */
    public static List<Reading> parseReadings(String text, int format) {
        ReadingList list = Myk10.readingsParse(text, format);
        try {
            int n = (int) list.count();
            List<Reading> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(new Reading(list.gauge(i), list.time(i), list.levelM(i), list.line(i)));
            }
            return out;
        } finally {
            list.delete();
        }
    }

    static byte[] pack(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.nativeOrder());
        b.asDoubleBuffer().put(values);
        return b.array();
    }

    static double[] unpack(byte[] bytes) {
        double[] out = new double[bytes.length / 8];
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).asDoubleBuffer().get(out);
        return out;
    }

    static byte[] packSegments(double[][] segments) {
        double[] flat = new double[segments.length * 5];
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].length != 5) {
                throw new IllegalArgumentException("a segment is {stageMin, stageMax, a, h0, b}");
            }
            System.arraycopy(segments[i], 0, flat, 5 * i, 5);
        }
        return pack(flat);
    }
}
