// SPDX-License-Identifier: Apache-2.0
package de.myk10;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.Test;

/**
 * The common module through the Java binding: version, status codes and
 * exceptions, UTC time and geodesy. Reference values come from outside the
 * library (java.time, textbook distances).
 */
class CommonTest {

    // ---- version and init ---------------------------------------------------

    @Test
    void versionMatchesHeaders() {
        assertEquals(Myk10.VERSION, Myk10.version());
        String[] parts = Myk10.VERSION.split("\\.");
        int number = Integer.parseInt(parts[0]) * 10000 + Integer.parseInt(parts[1]) * 100
                + Integer.parseInt(parts[2]);
        assertEquals(number, Myk10.versionNumber());
        assertEquals(number, Myk10.VERSION_NUMBER);
    }

    @Test
    void initIsIdempotent() {
        Myk10.init();
        Myk10.init();
    }

    // ---- status codes -----------------------------------------------------------

    @Test
    void statusEnumMatchesTheCLibrary() {
        assertEquals(22, Myk10.STATUS_COUNT);
        assertEquals(Myk10.STATUS_COUNT, Status.values().length);
        Set<String> descriptions = new HashSet<>();
        for (int code = 0; code < Myk10.STATUS_COUNT; code++) {
            Status status = Status.fromCode(code);
            assertEquals(code, status.code());
            assertEquals(code, status.ordinal());
            assertEquals("MYK10_" + status.name(), status.cName());
            assertEquals(Myk10.statusStr(code), status.description());
            assertTrue(descriptions.add(status.description()), "duplicate description");
        }
        assertEquals("invalid argument", Status.EINVAL.description());
    }

    @Test
    void fromCodeRejectsUnknownCodes() {
        assertThrows(IllegalArgumentException.class, () -> Status.fromCode(-1));
        assertThrows(IllegalArgumentException.class, () -> Status.fromCode(Myk10.STATUS_COUNT));
        assertEquals("MYK10_UNKNOWN", Myk10.statusName(Myk10.STATUS_COUNT));
        assertEquals("unknown status", Myk10.statusStr(-1));
    }

    @Test
    void exceptionIsUncheckedAndCarriesItsStatus() {
        Myk10Exception e = new Myk10Exception(Status.ENOTFOUND, "gauge 7 not found", -5);
        assertTrue(e instanceof RuntimeException);
        assertSame(Status.ENOTFOUND, e.getStatus());
        assertEquals(12, e.getCode());
        assertEquals(-1, e.getOffset());
        assertEquals("gauge 7 not found", e.getMessage());
    }

    // ---- time: known instants -----------------------------------------------

    @Test
    void knownInstants() {
        assertEquals(0L, Myk10.timeParse("1970-01-01T00:00:00Z"));
        assertEquals(1795680000L, Myk10.timeParse("2026-11-26T08:00:00Z"));
        assertEquals(1795680000L, Myk10.timeParse("2026-11-26T09:00:00+01:00"));
        assertEquals(1795680000L, Myk10.timeParse("2026-11-26T03:30:00-04:30"));
        assertEquals(-1L, Myk10.timeParse("1969-12-31T23:59:59Z"));
        assertEquals(-62167219200L, Myk10.timeParse("0000-01-01T00:00:00Z"));
        assertEquals(253402300799L, Myk10.timeParse("9999-12-31T23:59:59Z"));

        assertEquals("1970-01-01T00:00:00Z", Myk10.timeFormat(0));
        assertEquals("2026-11-26T08:00:00Z", Myk10.timeFormat(1795680000L));
        assertEquals("0000-01-01T00:00:00Z", Myk10.timeFormat(-62167219200L));
        assertEquals("9999-12-31T23:59:59Z", Myk10.timeFormat(253402300799L));
    }

    @Test
    void fractions() {
        assertArrayEquals(new long[] {1795680000L, 123456789L},
                Myk10.timeParseNanos("2026-11-26T08:00:00.123456789Z"));
        assertArrayEquals(new long[] {1795680000L, 500000000L},
                Myk10.timeParseNanos("2026-11-26T09:00:00.5+01:00"));
        assertArrayEquals(new long[] {-1L, 750000000L},
                Myk10.timeParseNanos("1969-12-31T23:59:59.75Z"));
        assertArrayEquals(new long[] {0L, 0L}, Myk10.timeParseNanos("1970-01-01T00:00:00Z"));
    }

    @Test
    void roundTripAgainstJavaTime() {
        DateTimeFormatter iso = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
                .withZone(ZoneOffset.UTC);
        long low = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long high = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        Random random = new Random(20261126);
        for (int i = 0; i < 3000; i++) {
            long seconds = low + (long) (random.nextDouble() * (high - low));
            String reference = iso.format(Instant.ofEpochSecond(seconds));
            assertEquals(reference, Myk10.timeFormat(seconds));
            assertEquals(seconds, Myk10.timeParse(reference));
        }
    }

    @Test
    void offsetsAndFractionsAgainstJavaTime() {
        // The wall-clock time at an offset is the UTC time shifted by it
        // (java.time's ZoneOffset stops at 18:00, RFC 3339 allows 23:59).
        DateTimeFormatter local = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
                .withZone(ZoneOffset.UTC);
        Random random = new Random(10);
        for (int i = 0; i < 2000; i++) {
            long seconds = -2_000_000_000L + (long) (random.nextDouble() * 6_000_000_000L);
            int nanos = random.nextInt(1_000_000_000);
            int minutes = random.nextInt(2 * (23 * 60 + 59) + 1) - (23 * 60 + 59);
            String text = String.format("%s.%09d%s%02d:%02d",
                    local.format(Instant.ofEpochSecond(seconds + minutes * 60L)), nanos,
                    minutes < 0 ? "-" : "+", Math.abs(minutes) / 60, Math.abs(minutes) % 60);
            assertArrayEquals(new long[] {seconds, nanos}, Myk10.timeParseNanos(text), text);
        }
    }

    // ---- time: errors -----------------------------------------------------------

    @Test
    void malformedTimeReportsByteAndMessage() {
        Myk10Exception e = assertThrows(Myk10Exception.class,
                () -> Myk10.timeParse("2026-11-26 08:00:00Z"));
        assertSame(Status.EMALFORMED, e.getStatus());
        assertEquals(4, e.getCode());
        assertEquals(10, e.getOffset());
        assertEquals("time: expected 'T' at byte 10", e.getMessage());
        assertEquals(e.getMessage(), Myk10.lastError());
        assertEquals(4, Myk10.lastErrorCode());
        assertEquals(10, Myk10.lastErrorOffset());
        assertTrue(e instanceof RuntimeException);
    }

    @Test
    void month13IsOutOfRange() {
        Myk10Exception e = assertThrows(Myk10Exception.class,
                () -> Myk10.timeParse("2026-13-01T00:00:00Z"));
        assertSame(Status.ERANGE, e.getStatus());
        assertEquals(5, e.getOffset());
        assertEquals("time: month 13 at byte 5 outside 1..12", e.getMessage());
    }

    @Test
    void moreBadTimes() {
        assertEquals(19, assertThrows(Myk10Exception.class,
                () -> Myk10.timeParse("2026-11-26T08:00:00")).getOffset());
        assertEquals(17, assertThrows(Myk10Exception.class,
                () -> Myk10.timeParse("2026-11-26T23:59:60Z")).getOffset());
        // Non-ASCII input arrives as UTF-8; the parser stops at its first byte.
        Myk10Exception e = assertThrows(Myk10Exception.class,
                () -> Myk10.timeParse("2026-11-26T08:00:00Zä"));
        assertSame(Status.EMALFORMED, e.getStatus());
        assertEquals(20, e.getOffset());
        // Text with a NUL is rejected, not cut short at it.
        assertSame(Status.EINVAL, assertThrows(Myk10Exception.class,
                () -> Myk10.timeParse("2026-11-26T08:00:00Z\0trailing")).getStatus());
        assertEquals(20, assertThrows(Myk10Exception.class,
                () -> Myk10.timeParse("2026-11-26T08:00:00Z\uD83D\uDE00")).getOffset());
    }

    @Test
    void textCrossesAsStandardUtf8() {
        // Outside the BMP: four UTF-8 bytes (JNI's modified UTF-8 would send
        // two 3-byte surrogates), then the terminating NUL.
        assertArrayEquals(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, 0},
                Myk10JNI.encode("\uD83D\uDE00"));
        assertArrayEquals(new byte[] {'M', (byte) 0xC3, (byte) 0xBC, 0}, Myk10JNI.encode("M\u00FC"));
        assertNull(Myk10JNI.encode(null));
        // Bytes from C that are not UTF-8 cannot break the JVM.
        assertEquals("a\uFFFDb", Myk10JNI.decode(new byte[] {'a', (byte) 0xFF, 'b'}));
    }

    @Test
    void nullTextIsAnInvalidArgument() {
        Myk10Exception e = assertThrows(Myk10Exception.class, () -> Myk10.timeParse(null));
        assertSame(Status.EINVAL, e.getStatus());
        assertEquals(-1, e.getOffset());
    }

    @Test
    void timeFormatOutOfRange() {
        for (long seconds : new long[] {-62167219201L, 253402300800L, Long.MIN_VALUE, Long.MAX_VALUE}) {
            Myk10Exception e = assertThrows(Myk10Exception.class, () -> Myk10.timeFormat(seconds));
            assertSame(Status.ERANGE, e.getStatus());
            assertEquals(-1, e.getOffset());
            assertTrue(e.getMessage().contains("outside years 0000-9999"), e.getMessage());
        }
    }

    // ---- geodesy --------------------------------------------------------------------

    @Test
    void oneDegreeAlongTheEquator() {
        double expected = Myk10.EARTH_RADIUS_M * Math.PI / 180;
        assertEquals(6371008.8, Myk10.EARTH_RADIUS_M);
        assertEquals(expected, Myk10.geoDistance(0, 0, 0, 1), expected * 1e-12);
        assertEquals(expected, Myk10.geoDistance(0, 0, 1, 0), expected * 1e-12);
    }

    @Test
    void haversineTextbookExample() {
        // Rosetta Code "Haversine formula": BNA -> LAX is 2887.2599506071106 km
        // on a sphere of 6372.8 km; compare central angles.
        double distance = Myk10.geoDistance(36.12, -86.67, 33.94, -118.40);
        assertEquals(2887.2599506071106 / 6372.8, distance / Myk10.EARTH_RADIUS_M, 1e-12);
    }

    @Test
    void distanceProperties() {
        double there = Myk10.geoDistance(50.3569, 7.5890, 50.3277, 7.2229); // Koblenz -> Mayen
        assertTrue(there > 26_000 && there < 26_500, Double.toString(there));
        assertEquals(there, Myk10.geoDistance(50.3277, 7.2229, 50.3569, 7.5890), there * 1e-15);
        assertEquals(0.0, Myk10.geoDistance(50.3569, 7.5890, 50.3569, 7.5890));
        double half = Math.PI * Myk10.EARTH_RADIUS_M;
        assertEquals(half, Myk10.geoDistance(90, 0, -90, 0), half * 1e-12);
    }

    @Test
    void invalidPositions() {
        Myk10.geoCheck(90, 180);
        Myk10.geoCheck(-90, -180);
        Myk10Exception e = assertThrows(Myk10Exception.class, () -> Myk10.geoDistance(91, 0, 0, 0));
        assertSame(Status.ERANGE, e.getStatus());
        assertEquals("geo: latitude 91 outside [-90, 90]", e.getMessage());
        assertEquals(-1, e.getOffset());
        assertSame(Status.ERANGE, assertThrows(Myk10Exception.class,
                () -> Myk10.geoCheck(Double.NaN, 0)).getStatus());
        assertSame(Status.ERANGE, assertThrows(Myk10Exception.class,
                () -> Myk10.geoCheck(0, Double.NaN)).getStatus());
        assertSame(Status.ERANGE, assertThrows(Myk10Exception.class,
                () -> Myk10.geoDistance(0, 0, 0, 180.5)).getStatus());
        assertSame(Status.ERANGE, assertThrows(Myk10Exception.class,
                () -> Myk10.geoCheck(Double.POSITIVE_INFINITY, 0)).getStatus());
    }

    // ---- per-thread error detail ----------------------------------------------------

    @Test
    void eachThreadSeesItsOwnFailure() throws InterruptedException {
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<String> timeMessages = new CopyOnWriteArrayList<>();
        List<String> geoMessages = new CopyOnWriteArrayList<>();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();

        Thread time = new Thread(() -> fail(barrier, unexpected, timeMessages,
                () -> Myk10.timeParse("2026-11-26 08:00:00Z")));
        Thread geo = new Thread(() -> fail(barrier, unexpected, geoMessages,
                () -> Myk10.geoCheck(91, 0)));
        time.start();
        geo.start();
        time.join();
        geo.join();

        assertTrue(unexpected.isEmpty(), unexpected.toString());
        assertEquals(Set.of("time: expected 'T' at byte 10 @10 last=time: expected 'T' at byte 10"),
                new HashSet<>(timeMessages));
        assertEquals(Set.of("geo: latitude 91 outside [-90, 90] @-1 last=geo: latitude 91 outside [-90, 90]"),
                new HashSet<>(geoMessages));
        assertEquals(500, timeMessages.size());
        assertEquals(500, geoMessages.size());
    }

    /* Waits for the other thread, then fails `action` 500 times, recording
     * each exception's message, offset and this thread's last error. */
    private static void fail(CyclicBarrier barrier, List<Throwable> unexpected, List<String> seen,
                             Runnable action) {
        try {
            barrier.await();
        } catch (InterruptedException | BrokenBarrierException e) {
            unexpected.add(e);
            return;
        }
        for (int i = 0; i < 500; i++) {
            try {
                action.run();
                unexpected.add(new AssertionError("no exception"));
            } catch (Myk10Exception e) {
                seen.add(e.getMessage() + " @" + e.getOffset() + " last=" + Myk10.lastError());
            }
        }
    }

    @Test
    void clearErrorForgetsTheFailure() {
        assertThrows(Myk10Exception.class, () -> Myk10.geoCheck(91, 0));
        Myk10.clearError();
        assertEquals("", Myk10.lastError());
        assertEquals(0, Myk10.lastErrorCode());
        assertEquals(-1, Myk10.lastErrorOffset());
        assertNull(Status.lookup(-1));
        assertNotNull(Status.lookup(0));
    }
}
