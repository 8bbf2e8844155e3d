// SPDX-License-Identifier: Apache-2.0
package de.myk10;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The flood module's functions and value classes. The handles are
 * {@link FloodNetwork}, {@link FloodRouter}, {@link RatingCurve},
 * {@link Gauge} (with {@link GaugeConfig}), {@link AlertState} and
 * {@link FloodForecaster} (with {@link FloodForecastConfig}), all
 * {@code AutoCloseable}; CAP warnings are in {@link Cap}; constants are {@code Myk10.FLOOD_*},
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

    /**
     * One village's forecast from {@link FloodForecaster#run} (a copy). Times
     * are seconds since the epoch, durations seconds; a time or duration
     * that does not exist (not within the horizon, unknown) is an empty
     * {@code OptionalLong}.
     */
    public static final class VillageForecast {
        public final String nodeId;
        public final int nodeIndex;
        /** the time the run was for */
        public final long now;
        /** levels configured for the village (0: levels stay 0, flows are still given) */
        public final int levelCount;
        public final double currentM3s;
        public final double peakM3s;
        public final long peakTime;
        public final int currentLevel;
        public final int maxLevel;
        /** an attached gauge upstream was stale at {@code now} */
        public final boolean stale;
        /** a gauge node upstream had no valid reading: the routed flow was used */
        public final boolean routedOnly;
        /** the upstream gauge node driving the forecast, or {@code null} */
        public final String drivingGauge;
        /** node ids from the driving gauge down to the village, joined by " &gt; " */
        public final String path;
        private final long[] levelTime;
        private final long[] warningS;
        private final long[] leadWonS;
        private final long[] band;

        private VillageForecast(FloodVillageForecast v, long now) {
            nodeId = v.getNodeId();
            nodeIndex = (int) v.getNodeIndex();
            this.now = now;
            levelCount = (int) v.getLevelCount();
            currentM3s = v.getCurrentM3s();
            peakM3s = v.getPeakM3s();
            peakTime = v.getPeakTime();
            currentLevel = v.getCurrentLevel();
            maxLevel = v.getMaxLevel();
            stale = v.getStale();
            routedOnly = v.getRoutedOnly();
            drivingGauge = v.getDrivingGauge();
            path = v.getPath();
            levelTime = new long[levelCount];
            warningS = new long[levelCount];
            leadWonS = new long[levelCount];
            for (int k = 1; k <= levelCount; k++) {
                levelTime[k - 1] = v.levelTime(k);
                warningS[k - 1] = v.warningS(k);
                leadWonS[k - 1] = v.leadWonS(k);
            }
            band = new long[] {v.band(1), v.band(2), v.band(3)};
        }

        /** Copies a record of the SWIG layer and frees it. */
        static VillageForecast read(FloodVillageForecast v, long now) {
            try {
                return new VillageForecast(v, now);
            } finally {
                v.delete();
            }
        }

        /** @return when level k (1-based) is first reached: {@code now} if it already is */
        public OptionalLong levelTime(int k) {
            return at(levelTime, k - 1);
        }

        /** @return levelTime(k) minus {@code now} */
        public OptionalLong warningS(int k) {
            return at(warningS, k - 1);
        }

        /** @return levelTime(k) minus the first raise of a gauge upstream (lead time won) */
        public OptionalLong leadWonS(int k) {
            return at(leadWonS, k - 1);
        }

        /** @return arrival of maxLevel: i = 0 (10 %), 1 (50 %) or 2 (90 % of the ensemble) */
        public OptionalLong band(int i) {
            return at(band, i);
        }

        private static OptionalLong at(long[] times, int i) {
            return i < 0 || i >= times.length || times[i] == Myk10.TIME_NONE
                ? OptionalLong.empty() : OptionalLong.of(times[i]);
        }

        @Override
        public String toString() {
            return "VillageForecast(" + nodeId + ", level " + maxLevel + "/" + levelCount + ")";
        }
    }

    /** What one forecaster run did ({@link FloodForecaster#lastRun}). */
    public static final class RunStats {
        /** routed everything: the first run, or a new step of the grid */
        public final boolean full;
        /** gauge series recomputed from their readings */
        public final long gaugesRefreshed;
        /** of those, series (or validity) that changed */
        public final long gaugesChanged;
        /** reaches re-routed */
        public final long reachesRouted;
        /** reaches at or below a gauge: what a full run routes */
        public final long reachesVarying;
        /** villages whose crossings were recomputed */
        public final long villagesObserved;

        RunStats(boolean full, long gaugesRefreshed, long gaugesChanged, long reachesRouted,
                 long reachesVarying, long villagesObserved) {
            this.full = full;
            this.gaugesRefreshed = gaugesRefreshed;
            this.gaugesChanged = gaugesChanged;
            this.reachesRouted = reachesRouted;
            this.reachesVarying = reachesVarying;
            this.villagesObserved = villagesObserved;
        }

        @Override
        public String toString() {
            return "RunStats(" + (full ? "full" : "incremental") + ", " + reachesRouted + " of "
                + reachesVarying + " reaches)";
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
