// SPDX-License-Identifier: Apache-2.0
package de.myk10;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The flood module through the Java binding. */
class FloodTest {
    // Chow, Maidment & Mays, Applied Hydrology (1988), Table 8.4.1.
    static final double[] CHOW_INFLOW = {93, 137, 208, 320, 442, 546, 630, 678, 691, 675, 634,
                                         571, 477, 390, 329, 247, 184, 134, 108, 90};
    static final double[] CHOW_C = {0.0631, 0.3442, 0.5927};
    static final long[] CHOW_OUTFLOW = {85, 91, 114, 159, 233, 324, 420, 509, 578, 623, 642,
                                        635, 603, 546, 479, 413, 341, 274, 215, 170};
    static final long T0 = 1795680000L; // 2026-11-26T08:00:00Z

    static String rivers() throws IOException {
        // The tests run from the build directory; find the source tree's example.
        Path p = Paths.get("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("examples/data/rivers.json"))) {
            p = p.getParent();
        }
        if (p == null) {
            p = Paths.get(System.getProperty("myk10.source", "."));
        }
        return new String(Files.readAllBytes(p.resolve("examples/data/rivers.json")),
                          StandardCharsets.UTF_8);
    }

    @Test
    void chowTable841WithTheBookCoefficients() {
        double[] out = Flood.muskingumApply(CHOW_INFLOW, CHOW_C, 85);
        long[] rounded = new long[out.length];
        for (int i = 0; i < out.length; i++) {
            rounded[i] = Math.round(out[i]);
        }
        assertArrayEquals(CHOW_OUTFLOW, rounded);
        assertArrayEquals(CHOW_C, Flood.muskingumCoefficients(2.3 * 3600, 0.15, 3600), 5e-5);
        Myk10Exception e = assertThrows(Myk10Exception.class,
                                        () -> Flood.muskingumCoefficients(-1, 0.15, 3600));
        assertEquals(Status.ERANGE, e.getStatus());
    }

    @Test
    void chowThroughARouterInPlainMode() {
        try (FloodNetwork net = new FloodNetwork()) {
            net.addNode("up", Myk10.FLOOD_GAUGE, 0, 0, 0);
            net.addNode("down", Myk10.FLOOD_OUTLET, 0, 0, 0);
            net.addMuskingumReach("r", "up", "down", 1000, 2.3 * 3600, 0.15);
            net.validate();
            try (FloodRouter router = new FloodRouter(net, 3600, Myk10.FLOOD_PLAIN)) {
                router.setReachState("r", 93, 85);
                double[] in = java.util.Arrays.copyOfRange(CHOW_INFLOW, 1, 20);
                double[] down = router.route(19, Map.of("up", in)).get("down");
                double[] exact = Flood.muskingumApply(
                    CHOW_INFLOW, Flood.muskingumCoefficients(2.3 * 3600, 0.15, 3600), 85);
                for (int i = 0; i < 19; i++) {
                    assertEquals(exact[i + 1], down[i], 1e-9);
                    assertEquals(CHOW_OUTFLOW[i + 1], down[i], 1.5);
                }
                try (FloodReachReport report = router.report("r")) {
                    assertEquals(Myk10.FLOOD_MUSKINGUM, report.getMethod());
                    assertEquals(2.3 * 3600, report.getKS(), 1e-9);
                    assertEquals(1, report.getSubreaches());
                }
            }
        }
    }

    @Test
    void riversJsonRoutes10M3sToTheOutlet() throws IOException {
        FloodRouter router;
        try (FloodNetwork net = FloodNetwork.fromJson(rivers())) {
            List<Flood.Node> nodes = net.nodes();
            assertEquals(16, nodes.size());
            assertEquals("pegel-kirchwald", nodes.get(0).id);
            assertEquals(0.4, nodes.get(0).baseflowM3s, 0);
            assertEquals("nette-1", net.reaches().get(0).id);
            assertEquals(Myk10.FLOOD_MUSKINGUM_CUNGE, net.reaches().get(0).method);
            try (FloodNetwork again = FloodNetwork.fromJson(net.toJson());
                 FloodNetwork geo = FloodNetwork.fromGeoJson(net.toGeoJson())) {
                assertEquals(13, again.reachCount());
                assertEquals(16, geo.nodeCount());
            }
            router = new FloodRouter(net, 900);
        }
        try (FloodRouter r = router) {
            double base = r.nodeFlow("outlet-nette-rhein");
            assertEquals(0.4, base, 1e-9);
            int steps = 400;
            double[] in = new double[steps];
            java.util.Arrays.fill(in, 10.4); // replaces the 0.4 baseflow: +10 m3/s
            Map<String, double[]> flows = r.route(steps, Map.of("pegel-kirchwald", in));
            double[] outlet = flows.get("outlet-nette-rhein");
            assertEquals(steps, outlet.length);
            assertTrue(outlet[0] < 1.0);
            assertEquals(base + 10.0, outlet[steps - 1], 1e-5);
            assertEquals(0.2, flows.get("outlet-elzbach-mosel")[steps - 1], 1e-9);
            assertTrue(r.storage() > 0);
            r.reset();
            assertEquals(base, r.nodeFlow("outlet-nette-rhein"), 1e-9);
            Myk10Exception e = assertThrows(Myk10Exception.class,
                () -> r.route(2, Map.of("pegel-kirchwald", new double[] {1, -1})));
            assertEquals(Status.ERANGE, e.getStatus());
            assertTrue(e.getMessage().contains("pegel-kirchwald"), e.getMessage());
        }
    }

    @Test
    void validationErrorNamesTheId() {
        try (FloodNetwork net = new FloodNetwork()) {
            net.addNode("a", Myk10.FLOOD_GAUGE, 0, 0, 0);
            net.addNode("b", Myk10.FLOOD_VILLAGE, 0, 0, 0);
            net.addLagReach("a-b", "a", "b", 100, 60);
            Myk10Exception e = assertThrows(Myk10Exception.class, net::validate);
            assertEquals(Status.EINVAL, e.getStatus());
            assertTrue(e.getMessage().contains("'b'"), e.getMessage());
        }
        Myk10Exception e = assertThrows(Myk10Exception.class,
                                        () -> FloodNetwork.fromJson("{\"format\": "));
        assertEquals(Status.EMALFORMED, e.getStatus());
    }

    @Test
    void ratingCurve() {
        try (RatingCurve curve = new RatingCurve(new double[][] {
                {0, 1, 10, 0, 2}, {1, Double.POSITIVE_INFINITY, 10, 0, 2}})) {
            assertEquals(2.5, curve.discharge(0.5), 1e-12);
            assertEquals(1.0, curve.stage(10), 1e-12);
        }
    }

    @Test
    void gaugeHysteresisAndSpike() {
        double[] ramp = {0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.1, 1.05, 1.0, 0.95,
                         0.92, 0.88, 0.85};
        int[] expected = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
        try (Gauge gauge = Gauge.create("pegel-mayen", new double[] {1, 2, 3, 4}, 0.1)) {
            for (int i = 0; i < ramp.length; i++) {
                assertEquals(Myk10.READING_ACCEPTED, gauge.add(T0 + 900L * i, ramp[i]));
                try (GaugeStatus st = gauge.status(T0 + 900L * i)) {
                    assertEquals(expected[i], st.alertLevel(), "after reading " + i);
                }
            }
        }
        try (Gauge spiky = Gauge.create("spiky", new double[] {1, 2, 3, 4}, 0.05)) {
            long[] times = new long[20];
            double[] levels = new double[20];
            for (int i = 0; i < 20; i++) {
                times[i] = T0 + 900L * i;
                levels[i] = i == 10 ? 3.5 : 0.5;
            }
            int[] outcomes = spiky.addAll(times, levels);
            assertEquals(Myk10.READING_SPIKE, outcomes[10]);
            try (GaugeStatus st = spiky.status(T0 + 900L * 20)) {
                assertEquals(1, st.getSpikes());
                assertEquals(0, st.alertLevel());
                assertFalse(st.getStale());
            }
            assertEquals(0, spiky.gaps().length);
        }
    }

    @Test
    void timeToThresholdOnALinearRamp() {
        try (Gauge gauge = Gauge.create("ramp", new double[] {1, 2, 3, 4}, 0.05)) {
            for (int i = 0; i < 12; i++) {
                gauge.add(T0 + 900L * i, 0.5 + 0.05 * i); // 0.2 m/h
            }
            long now = T0 + 900L * 11;
            try (GaugeForecast fc = gauge.timeToThreshold(now, 12 * 3600)) {
                assertEquals(Myk10.CROSSING_EXPECTED, fc.getCrossing());
                assertEquals(2, fc.getLevel());
                assertEquals(0.2, fc.getSlopeMPerH(), 1e-9);
                assertEquals(now + 4.75 * 3600, fc.getTime(), 60);
                assertTrue(fc.getTimeEarly() <= fc.getTime() && fc.getTime() <= fc.getTimeLate());
            }
        }
    }

    @Test
    void readingsCsvParsedAndMalformedOneHasAnOffset() {
        String csv = "gauge_id,time,level_m\r\npegel-mayen,2026-11-26T08:00:00Z,1.25\r\n";
        List<Flood.Reading> readings = Flood.parseReadings(csv, Myk10.READINGS_CSV);
        assertEquals(1, readings.size());
        assertEquals("pegel-mayen", readings.get(0).gauge);
        assertEquals(T0, readings.get(0).time);
        assertEquals(1.25, readings.get(0).levelM, 0);
        assertEquals(2, readings.get(0).line);
        String bad = "gauge_id,time,level_m\ng1,2026-11-26T08:00:00Z,abc\n";
        Myk10Exception e = assertThrows(Myk10Exception.class,
                                        () -> Flood.parseReadings(bad, Myk10.READINGS_CSV));
        assertEquals(Status.EMALFORMED, e.getStatus());
        assertEquals(bad.indexOf("abc"), e.getOffset());
        assertNotNull(e.getMessage());
    }

    @Test
    void closedHandleThrowsState() {
        FloodNetwork net = new FloodNetwork();
        net.close();
        Myk10Exception e = assertThrows(Myk10Exception.class, net::validate);
        assertEquals(Status.ESTATE, e.getStatus());
    }
}
