// SPDX-License-Identifier: Apache-2.0
package de.myk10;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.OptionalLong;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Village forecasts and CAP warnings through the Java binding. */
class FloodForecastTest {
    static final long T0 = 1795680000L; // 2026-11-26T08:00:00Z
    static final double LAG_S = 7200;
    // Gauge readings: 0.5 m rising 0.25 m per 15 min (exact in binary), for 90 min.
    static final long START = T0 - 3 * 3600;
    static final int READINGS = 7;
    static final long NOW = START + 900L * (READINGS - 1);
    static final double[] VILLAGE_M3S = {1.875, 2.5};
    static final double[][] IDENTITY = {{0, Double.POSITIVE_INFINITY, 1, 0, 1}}; // Q = h

    FloodNetwork net;
    Gauge gauge;
    RatingCurve rating;

    @BeforeEach
    void setUp() {
        net = new FloodNetwork();
        net.addNode("pegel", Myk10.FLOOD_GAUGE, 50.30, 7.20, 0.5);
        net.addNode("dorf", Myk10.FLOOD_VILLAGE, 50.31, 7.25, 0);
        net.addNode("mouth", Myk10.FLOOD_OUTLET, 50.32, 7.30, 0);
        net.addLagReach("r1", "pegel", "dorf", 5000, LAG_S);
        net.addLagReach("r2", "dorf", "mouth", 1000, 600);
        net.setVillageLevels("dorf", VILLAGE_M3S);
        gauge = Gauge.create("pegel", new double[] {1, 2, 3, 4}, 0.05);
        for (int i = 0; i < READINGS; i++) {
            gauge.add(START + 900L * i, 0.5 + 0.25 * i);
        }
        rating = new RatingCurve(IDENTITY);
    }

    @AfterEach
    void tearDown() {
        net.close();
        gauge.close();
        rating.close();
    }

    /** When the linear ramp of readings reaches {@code level} (m, = m3/s here). */
    static double crossing(double level) {
        return START + 900 * (level - 0.5) / 0.25;
    }

    @Test
    void villageLevelsRoundTrip() {
        assertArrayEquals(VILLAGE_M3S, net.villageLevels("dorf"), 0);
        assertEquals(0, net.villageLevels(0).length);
        Myk10Exception e = assertThrows(Myk10Exception.class,
                                        () -> net.setVillageLevels("dorf", new double[] {3, 2}));
        assertEquals(Status.ECONFLICT, e.getStatus());
        assertArrayEquals(VILLAGE_M3S, net.villageLevels("dorf"), 0); // unchanged
    }

    @Test
    void pureLagReachArrivesAtTheGaugeCrossingPlusTheLag() {
        try (FloodForecaster f = new FloodForecaster(net)) {
            f.attach("pegel", gauge, rating);
            List<Flood.VillageForecast> villages = f.run(NOW);
            assertEquals(1, villages.size());
            Flood.VillageForecast v = villages.get(0);
            long arrival = (long) (crossing(1.875) + LAG_S);
            assertEquals("dorf", v.nodeId);
            assertEquals(NOW, v.now);
            assertEquals(2, v.levelCount);
            assertEquals(0, v.currentLevel);
            assertEquals(1, v.maxLevel);
            assertEquals(OptionalLong.of(arrival), v.levelTime(1));
            assertEquals(OptionalLong.of(arrival - NOW), v.warningS(1));
            // The gauge raised its level 1 (1.0 m) with the third reading.
            assertEquals(OptionalLong.of(arrival - (START + 1800)), v.leadWonS(1));
            assertEquals(OptionalLong.empty(), v.levelTime(2));
            assertEquals(OptionalLong.empty(), v.levelTime(3));
            assertEquals(0.5, v.currentM3s, 1e-12); // the flow that left the gauge a lag ago
            assertEquals(2.0, v.peakM3s, 1e-12);     // the last reading, persisted
            // Ensemble lags 0.8, 0.9, 1.0, 1.1, 1.2 x 7200 s; type-7 quantiles.
            double tc = crossing(1.875);
            assertEquals(tc + 5760 + 0.4 * 720, v.band(0).getAsLong(), 1.0);
            assertEquals(arrival, v.band(1).getAsLong(), 1.0);
            assertEquals(tc + 7920 + 0.6 * 720, v.band(2).getAsLong(), 1.0);
            assertEquals("pegel", v.drivingGauge);
            assertEquals("pegel > dorf", v.path);
            assertFalse(v.stale);
            assertFalse(v.routedOnly);
            assertEquals(1, f.villages().size());
        }
    }

    @Test
    void staleAndRoutedOnly() {
        try (FloodForecaster f = new FloodForecaster(net)) {
            f.attach("pegel", gauge, rating);
            assertTrue(f.run(NOW + 3 * 3600).get(0).stale);
            f.detach("pegel");
            Flood.VillageForecast v = f.run(NOW).get(0);
            assertTrue(v.routedOnly);
            assertFalse(v.stale);
            assertEquals(0, v.maxLevel); // baseflow only
            assertEquals(0.5, v.peakM3s, 1e-12);
        }
    }

    @Test
    void errorsBecomeExceptions() {
        try (FloodForecastConfig config = new FloodForecastConfig()) {
            assertEquals(300, config.getDtS(), 0);
            assertEquals(21600, config.getHorizonS());
            assertEquals(Myk10.FLOOD_INFLOW_PERSIST, config.getInflow());
            config.setDtS(-1);
            Myk10Exception e = assertThrows(Myk10Exception.class,
                                            () -> new FloodForecaster(net, config));
            assertEquals(Status.ERANGE, e.getStatus());
            assertTrue(e.getMessage().contains("dt_s"), e.getMessage());
        }
        try (FloodForecaster f = new FloodForecaster(net)) {
            assertEquals(Status.ESTATE,
                         assertThrows(Myk10Exception.class, f::villages).getStatus());
            Myk10Exception e = assertThrows(Myk10Exception.class,
                                            () -> f.attach("nowhere", gauge, rating));
            assertEquals(Status.ENOTFOUND, e.getStatus());
            assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
            e = assertThrows(Myk10Exception.class, () -> f.attach("dorf", gauge, rating));
            assertEquals(Status.EINVAL, e.getStatus());
            // C borrows the gauge: once it is closed the forecaster refuses to run.
            Gauge other = Gauge.create("other", new double[] {1}, 0.05);
            f.attach("pegel", other, rating);
            other.close();
            e = assertThrows(Myk10Exception.class, () -> f.run(NOW));
            assertEquals(Status.ESTATE, e.getStatus());
            assertEquals(Status.EINVAL,
                         assertThrows(Myk10Exception.class,
                                      () -> f.attach("pegel", other, rating)).getStatus());
            f.detach("pegel");
            f.run(NOW);
        }
    }

    @Test
    void anUpdateAfterOneReadingReroutesOnlyWhatChanged() {
        try (FloodForecaster f = new FloodForecaster(net);
             Gauge late = Gauge.create("pegel", new double[] {1, 2, 3, 4}, 0.05)) {
            Myk10Exception e = assertThrows(Myk10Exception.class, f::lastRun);
            assertEquals(Status.ESTATE, e.getStatus());
            for (int i = 0; i < READINGS - 1; i++) {
                late.add(START + 900L * i, 0.5 + 0.25 * i);
            }
            f.attach("pegel", late, rating);
            f.run(NOW);
            Flood.RunStats first = f.lastRun();
            assertTrue(first.full);
            assertEquals(2, first.reachesRouted);
            late.add(NOW, 0.5 + 0.25 * (READINGS - 1));
            Flood.VillageForecast updated = f.run(NOW).get(0);
            Flood.RunStats stats = f.lastRun();
            assertFalse(stats.full);
            assertEquals(1, stats.gaugesChanged);
            assertEquals(2, stats.reachesRouted);
            // the same answer as the forecaster that saw every reading at once
            try (FloodForecaster fresh = new FloodForecaster(net)) {
                fresh.attach("pegel", gauge, rating);
                Flood.VillageForecast expected = fresh.run(NOW).get(0);
                assertEquals(expected.levelTime(1), updated.levelTime(1));
                assertEquals(expected.band(0), updated.band(0));
                assertEquals(expected.peakM3s, updated.peakM3s, 0);
            }
            f.run(NOW);
            assertEquals(0, f.lastRun().reachesRouted);
        }
    }

    @Test
    void capForecastOfAVillageNeedsALevel() {
        try (FloodForecaster f = new FloodForecaster(net)) {
            f.attach("pegel", gauge, rating);
            Flood.VillageForecast v = f.run(NOW).get(0);
            Cap.Forecast c = Cap.Forecast.ofVillage(v, 21600);
            assertEquals(v.warningS(1).getAsLong(), c.warningP50S);
            Myk10Exception e = assertThrows(Myk10Exception.class, () -> Cap.Forecast.ofVillage(v, 0));
            assertEquals(Status.ERANGE, e.getStatus());
            net.setVillageLevels("dorf", new double[] {50});
            try (FloodForecaster high = new FloodForecaster(net)) {
                high.attach("pegel", gauge, rating);
                Flood.VillageForecast none = high.run(NOW).get(0);
                e = assertThrows(Myk10Exception.class, () -> Cap.Forecast.ofVillage(none, 21600));
                assertTrue(e.getMessage().contains("expects no alert level"), e.getMessage());
            }
        }
    }

    @Test
    void capClassificationFollowsTheTable() {
        Cap.Classification c = Cap.classify(new Cap.Forecast(4, 4, true, 0, 0, 0, 21600));
        assertEquals(new Cap.Classification(Cap.Severity.EXTREME, Cap.Urgency.IMMEDIATE,
                                            Cap.Certainty.OBSERVED), c);
        assertEquals("Extreme", c.severity.toString());
        c = Cap.classify(new Cap.Forecast(3, 8, false, 7 * 3600, 8 * 3600, 30 * 3600, 21600));
        assertEquals(Cap.Severity.MODERATE, c.severity); // 3 of 8: second quarter
        assertEquals(Cap.Urgency.FUTURE, c.urgency);
        assertEquals(Cap.Certainty.UNLIKELY, c.certainty);
        Myk10Exception e = assertThrows(Myk10Exception.class,
            () -> Cap.classify(new Cap.Forecast(5, 4, false, 0, 0, 0, 21600)));
        assertEquals(Status.ERANGE, e.getStatus());
    }

    static String text(Element parent, String tag) {
        return parent.getElementsByTagNameNS(CAP_NS, tag).item(0).getTextContent();
    }

    static final String CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2";

    @Test
    void capWarningOfAVillageParsesBack() throws Exception {
        Flood.VillageForecast v;
        try (FloodForecaster f = new FloodForecaster(net)) {
            f.attach("pegel", gauge, rating);
            v = f.run(NOW).get(0);
        }
        String area = "Dorf (Mosel) <Süd> & Ürzig";
        String xml = Cap.Warning.forVillage(v, 21600)
            .identifier("myk10-dorf-" + NOW + "-1").sender("hochwasser@kreis-myk.example")
            .areaDesc(area).circle(50.31, 7.25, 1.5).utcOffsetMin(60)
            .headline("Hochwasser: Meldestufe 1 erwartet").toXml();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element alert = doc.getDocumentElement();
        assertEquals(CAP_NS, alert.getNamespaceURI());
        assertEquals("alert", alert.getLocalName());
        assertEquals("myk10-dorf-" + NOW + "-1", text(alert, "identifier"));
        assertEquals("Actual", text(alert, "status"));
        assertEquals(NOW, OffsetDateTime.parse(text(alert, "sent")).toEpochSecond());
        assertTrue(text(alert, "sent").endsWith("+01:00"));
        // Level 1 of 2 is Minor; the early arrival is 1-6 h away; the median within the horizon.
        assertEquals("Minor", text(alert, "severity"));
        assertEquals("Expected", text(alert, "urgency"));
        assertEquals("Likely", text(alert, "certainty"));
        assertEquals(v.levelTime(1).getAsLong(),
                     OffsetDateTime.parse(text(alert, "onset")).toEpochSecond());
        assertEquals(area, text(alert, "areaDesc"));
        String[] circle = text(alert, "circle").split("[, ]");
        assertEquals(50.31, Double.parseDouble(circle[0]), 1e-9);
        assertEquals(7.25, Double.parseDouble(circle[1]), 1e-9);
        assertEquals(1.5, Double.parseDouble(circle[2]), 1e-9);
        Element geocode = (Element) alert.getElementsByTagNameNS(CAP_NS, "geocode").item(0);
        assertEquals("village", text(geocode, "valueName"));
        assertEquals("dorf", text(geocode, "value"));
        assertNull(alert.getElementsByTagNameNS(CAP_NS, "expires").item(0));

        Myk10Exception e = assertThrows(Myk10Exception.class,
            () -> new Cap.Warning().identifier("has space").sender("s").sent(NOW).event("e")
                .areaDesc("a").circle(50, 7, 1).toXml());
        assertEquals(Status.EINVAL, e.getStatus());
        assertTrue(e.getMessage().contains("identifier"), e.getMessage());
    }
}
