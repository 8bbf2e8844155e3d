// SPDX-License-Identifier: Apache-2.0
package de.myk10;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Device sessions through the Java binding (SessionTable). Every uplink is
 * encoded with the session's own keys (Myk10.encodeData), so each test
 * states the whole path: a device encodes, the table accepts or refuses,
 * and the counters say what happened.
 */
class SessionTest {
    private static final byte[] NWK_S_KEY = FrameTest.hex("44024241ed4ce9a68c6a8bc055233fd3");
    private static final byte[] APP_S_KEY = FrameTest.hex("ec925802ae430ca77fd3dd73cb2cc588");
    private static final long EUI_10 = 0x70B3D57ED0000001L;
    private static final long ADDR_10 = 0x26011BDAL;
    private static final long EUI_11 = 0x70B3D57ED0000002L;
    private static final long ADDR_11 = 0x26011BDBL;

    private SessionTable table;

    static FrameKeys keys10(byte[] app) {
        return FrameTest.keys10(NWK_S_KEY, app);
    }

    static FrameKeys keys11() {
        FrameKeys keys = new FrameKeys(Myk10.LORAWAN_1_1);
        keys.set(Myk10.KEY_F_NWK_S_INT, FrameTest.hex("01010101010101010101010101010101"));
        keys.set(Myk10.KEY_S_NWK_S_INT, FrameTest.hex("02020202020202020202020202020202"));
        keys.set(Myk10.KEY_NWK_S_ENC, FrameTest.hex("03030303030303030303030303030303"));
        keys.set(Myk10.KEY_APP_S, FrameTest.hex("04040404040404040404040404040404"));
        return keys;
    }

    /** A data uplink encoded by the device. */
    static byte[] encode(FrameKeys keys, int mtype, long devAddr, long fcnt, byte[] payload,
                         byte[] fopts, int txDr, int txCh) {
        return Myk10.encodeData(mtype, devAddr, fcnt, true, 2, payload, fopts, false, false,
                                false, false, false, 0, (short) txDr, (short) txCh, keys);
    }

    static byte[] up10(long fcnt, byte[] payload) {
        try (FrameKeys keys = keys10(APP_S_KEY)) {
            return encode(keys, Myk10.FRAME_UNCONFIRMED_UP, ADDR_10, fcnt, payload, new byte[0],
                          0, 0);
        }
    }

    static byte[] up10(long fcnt) {
        return up10(fcnt, new byte[] {1, 2});
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @BeforeEach
    void createTable() {
        table = new SessionTable();
        try (FrameKeys k10 = keys10(APP_S_KEY); FrameKeys k11 = keys11()) {
            table.add(k10, EUI_10, ADDR_10, "cayenne-lpp");
            table.add(k11, new SessionInfo(EUI_11, ADDR_11));
        }
    }

    @AfterEach
    void closeTable() {
        table.close();
    }

    @Test
    void lorawan10UplinkIsAcceptedAndReplayRefused() {
        UplinkResult r = table.uplink(up10(5, ascii("gauge 7")));
        assertEquals(5, r.fcnt());
        assertArrayEquals(ascii("gauge 7"), r.payload());
        assertArrayEquals(new byte[0], r.fopts());
        assertFalse(r.retransmission());
        assertFalse(r.payloadEncrypted());
        assertEquals(EUI_10, r.devEui());
        assertEquals(Myk10.LORAWAN_1_0, r.version());
        assertEquals("cayenne-lpp", r.codec());
        assertEquals(ADDR_10, r.frame().devAddr());
        assertEquals(5, r.frame().fcnt16());
        assertEquals(5, table.get(EUI_10).fcntUp());

        Myk10Exception e = FrameTest.expect(Status.EREPLAY,
                                            () -> table.uplink(up10(5, ascii("gauge 7"))));
        assertTrue(e.getMessage().contains("26011BDA"), e.getMessage());
        FrameTest.expect(Status.EREPLAY, () -> table.uplink(up10(4)));
        assertEquals(5, table.get(EUI_10).fcntUp());
    }

    @Test
    void lorawan11UplinkChecksTheSplitMicAndDecryptsFopts() {
        byte[] fopts = FrameTest.hex("067307"); // DevStatusAns battery 115, margin 7
        byte[] phy;
        try (FrameKeys keys = keys11()) {
            phy = encode(keys, Myk10.FRAME_UNCONFIRMED_UP, ADDR_11, 9, new byte[] {42}, fopts, 5,
                         2);
        }
        assertFalse(Arrays.equals(fopts, Frame.parse(phy).fopts())); // encrypted on air
        FrameTest.expect(Status.EINTEGRITY, () -> table.uplink(phy, 4, 2, 0));
        assertFalse(table.get(EUI_11).hasFcntUp());
        UplinkResult r = table.uplink(phy, 5, 2, 0);
        assertEquals(9, r.fcnt());
        assertArrayEquals(new byte[] {42}, r.payload());
        assertArrayEquals(fopts, r.fopts());
        assertEquals(Myk10.LORAWAN_1_1, r.version());
        assertEquals(115L, MacCommandList.decodeAll(r.fopts(), true).get(0).field("battery"));
        FrameTest.expect(Status.EREPLAY, () -> table.uplink(phy, 5, 2, 0));
        // A parsed Frame works too, and may be closed before the result is used.
        UplinkResult fromFrame;
        try (FrameKeys keys = keys11();
             Frame f = Frame.parse(encode(keys, Myk10.FRAME_UNCONFIRMED_UP, ADDR_11, 10,
                                          ascii("ok"), new byte[0], 5, 2))) {
            fromFrame = table.uplink(f, 5, 2, 0);
        }
        assertEquals(10, fromFrame.fcnt());
        assertArrayEquals(ascii("ok"), fromFrame.payload());
        Frame closed = Frame.parse(up10(20));
        closed.close();
        FrameTest.expect(Status.EINVAL, () -> table.uplink(closed));
    }

    @Test
    void gapOfMaxFcntGapPlusOneIsRefused() {
        assertEquals(16384, Myk10.SESSION_MAX_FCNT_GAP);
        table.uplink(up10(1));
        FrameTest.expect(Status.EGAP, () -> table.uplink(up10(1 + 16385)));
        assertEquals(1, table.get(EUI_10).fcntUp());
        assertEquals(16385, table.uplink(up10(1 + 16384)).fcnt());
    }

    @Test
    void fcntWrapsFrom0xFFFFTo0x10000() {
        try (FrameKeys keys = keys10(APP_S_KEY)) {
            table.add(keys, new SessionInfo(0x1111L, 0x01020304L).withFcntUp(0xFFFFL));
            byte[] phy = encode(keys, Myk10.FRAME_UNCONFIRMED_UP, 0x01020304L, 0x10000L,
                                ascii("wrap"), new byte[0], 0, 0);
            assertEquals(0, Frame.parse(phy).fcnt16());
            UplinkResult r = table.uplink(phy);
            assertEquals(65536L, r.fcnt());
            assertArrayEquals(ascii("wrap"), r.payload());
        }
        assertEquals(65536L, table.get(0x1111L).fcntUp());
    }

    @Test
    void flippedByteIsIntegrityErrorAndTheCounterStays() {
        table.uplink(up10(3));
        byte[] phy = up10(4, ascii("level"));
        phy[10] ^= 0x01;
        FrameTest.expect(Status.EINTEGRITY, () -> table.uplink(phy));
        assertEquals(3, table.get(EUI_10).fcntUp());
        assertEquals(4, table.uplink(up10(4, ascii("level"))).fcnt());
    }

    @Test
    void unknownDevAddrIsNoKey() {
        byte[] phy;
        try (FrameKeys keys = keys10(APP_S_KEY)) {
            phy = encode(keys, Myk10.FRAME_UNCONFIRMED_UP, 0x0BADADD0L, 1, ascii("x"),
                         new byte[0], 0, 0);
        }
        FrameTest.expect(Status.ENOKEY, () -> table.uplink(phy));
    }

    @Test
    void confirmedUplinkMayBeRetransmittedOnce() {
        byte[] phy;
        try (FrameKeys keys = keys10(APP_S_KEY)) {
            phy = encode(keys, Myk10.FRAME_CONFIRMED_UP, ADDR_10, 7, ascii("alarm"), new byte[0],
                         0, 0);
        }
        UplinkResult first = table.uplink(phy);
        assertFalse(first.retransmission());
        assertTrue(table.get(EUI_10).lastConfirmed());
        UplinkResult again = table.uplink(phy);
        assertTrue(again.retransmission());
        assertEquals(7, again.fcnt());
        assertArrayEquals(ascii("alarm"), again.payload());
        assertTrue(table.get(EUI_10).retransmitted());
        FrameTest.expect(Status.EREPLAY, () -> table.uplink(phy));
    }

    @Test
    void snapshotRoundTripIsByteIdentical() {
        table.uplink(up10(12));
        table.nextFcntDown(EUI_11, true);
        byte[] snapshot = table.snapshot();
        try (SessionTable loaded = SessionTable.load(snapshot)) {
            assertArrayEquals(snapshot, loaded.snapshot());
            assertEquals(2, loaded.size());
            assertEquals(table.get(EUI_10), loaded.get(EUI_10));
            assertEquals(table.get(EUI_11), loaded.get(EUI_11));
            assertEquals(12, loaded.get(EUI_10).fcntUp());
            assertEquals(1, loaded.get(EUI_11).afcntDown());
            FrameTest.expect(Status.EREPLAY, () -> loaded.uplink(up10(12)));
            assertArrayEquals(ascii("on"), loaded.uplink(up10(13, ascii("on"))).payload());
        }
        // A truncated or altered snapshot is an error, never a half-loaded table.
        for (int cut : new int[] {0, 1, snapshot.length / 2, snapshot.length - 1}) {
            byte[] truncated = Arrays.copyOf(snapshot, cut);
            FrameTest.expect(Status.ECORRUPT, () -> SessionTable.load(truncated));
        }
        byte[] altered = snapshot.clone();
        altered[altered.length / 2] ^= 0x40;
        FrameTest.expect(Status.ECORRUPT, () -> SessionTable.load(altered));
        Arrays.fill(snapshot, (byte) 0);
    }

    @Test
    void nextFcntDownIncrements() {
        assertEquals(0, table.nextFcntDown(EUI_10));
        assertEquals(1, table.nextFcntDown(EUI_10));
        assertEquals(2, table.nextFcntDown(EUI_10, true)); // 1.0 has one downlink counter
        assertEquals(3, table.get(EUI_10).nfcntDown());
        assertEquals(0, table.nextFcntDown(EUI_11, true));
        assertEquals(1, table.nextFcntDown(EUI_11, true));
        assertEquals(0, table.nextFcntDown(EUI_11, false));
        SessionInfo info = table.get(EUI_11);
        assertEquals(1, info.nfcntDown());
        assertEquals(2, info.afcntDown());
        table.update(info.withNfcntDown(0xFFFFFFFEL));
        assertEquals(0xFFFFFFFEL, table.nextFcntDown(EUI_11));
        FrameTest.expect(Status.ERANGE, () -> table.nextFcntDown(EUI_11));
    }

    @Test
    void addGetUpdateRemoveFind() {
        assertEquals(2, table.size());
        Set<Long> euis = new HashSet<>();
        for (SessionInfo s : table) {
            euis.add(s.devEui());
        }
        assertEquals(Set.of(EUI_10, EUI_11), euis);
        assertTrue(table.contains(EUI_10));
        assertFalse(table.contains(42));
        SessionInfo info = table.get(EUI_11);
        assertEquals(Myk10.LORAWAN_1_1, info.version());
        assertFalse(info.hasFcntUp());
        assertEquals("", info.codec());
        try (FrameKeys k10 = keys10(APP_S_KEY);
             FrameKeys empty = new FrameKeys(Myk10.LORAWAN_1_1)) {
            FrameTest.expect(Status.EEXISTS, () -> table.add(k10, EUI_10, 1, ""));
            FrameTest.expect(Status.ENOKEY, () -> table.add(empty, 3, 3, ""));
            String tooLong = "x".repeat(32); // 31 characters and the NUL fit the C field
            FrameTest.expect(Status.EINVAL, () -> table.add(k10, 3, 3, tooLong));
            assertEquals(2, table.size());
            table.add(k10, 3, 3, "x".repeat(31));
            assertEquals("x".repeat(31), table.get(3).codec());
            table.remove(3);
        }
        table.update(info.withFcntUp(100L).withCodec("dragino-ldds75"));
        SessionInfo updated = table.get(EUI_11);
        assertEquals(100, updated.fcntUp());
        assertEquals("dragino-ldds75", updated.codec());
        assertEquals(ADDR_11, updated.devAddr());
        assertNotEquals(info, updated);
        FrameTest.expect(Status.ENOTFOUND, () -> table.update(new SessionInfo(99, 1)));
        // Several devices may share a DevAddr; the MIC picks the right one.
        try (FrameKeys other = keys10(new byte[16])) {
            table.add(other, 0x2222L, ADDR_11, null);
            assertEquals(Set.of(0x2222L, EUI_11), new HashSet<>(table.find(ADDR_11)));
            assertEquals(List.of(), table.find(0x12345678L));
            byte[] phy = encode(other, Myk10.FRAME_UNCONFIRMED_UP, ADDR_11, 1, ascii("b"),
                                new byte[0], 0, 0);
            assertEquals(0x2222L, table.uplink(phy).devEui());
        }
        table.remove(0x2222L);
        FrameTest.expect(Status.ENOTFOUND, () -> table.remove(0x2222L));
        FrameTest.expect(Status.ENOTFOUND, () -> table.get(0x2222L));
        assertEquals(2, table.size());
    }

    @Test
    void keysOfASessionEncodeADownlink() {
        try (FrameKeys keys = table.keys(EUI_10); FrameKeys device = keys10(APP_S_KEY)) {
            assertEquals(Myk10.LORAWAN_1_0, keys.version());
            assertArrayEquals(APP_S_KEY, keys.get(Myk10.KEY_APP_S));
            long fcnt = table.nextFcntDown(EUI_10);
            byte[] down = encode(keys, Myk10.FRAME_UNCONFIRMED_DOWN, ADDR_10, fcnt, ascii("cfg"),
                                 new byte[0], 0, 0);
            try (Frame f = Frame.parse(down)) {
                f.verify(device, fcnt);
                assertArrayEquals(ascii("cfg"), f.decrypt(device, fcnt));
            }
        }
        FrameTest.expect(Status.ENOTFOUND, () -> table.keys(42));
    }

    @Test
    void closedTableThrowsState() {
        SessionTable t = new SessionTable();
        try (FrameKeys keys = keys10(APP_S_KEY)) {
            t.add(keys, 1, ADDR_10, "");
        }
        UplinkResult r = t.uplink(up10(1));
        t.close();
        t.close(); // idempotent
        Myk10Exception e = assertThrows(Myk10Exception.class, () -> t.uplink(up10(2)));
        assertSame(Status.ESTATE, e.getStatus());
        FrameTest.expect(Status.ESTATE, t::size);
        FrameTest.expect(Status.ESTATE, t::snapshot);
        assertArrayEquals(new byte[] {1, 2}, r.payload()); // results own their bytes
    }

    /** The public methods are synchronized: threads sharing a table cannot corrupt it. */
    @Test
    void concurrentUplinksAreSerialised() throws Exception {
        int n = 2000;
        byte[][] frames = new byte[n][];
        for (int i = 0; i < n; i++) {
            frames[i] = up10(i + 1);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    int accepted = 0;
                    for (int i = offset; i < n; i += 4) {
                        try {
                            table.uplink(frames[i]);
                            accepted++;
                        } catch (Myk10Exception e) {
                            if (e.getStatus() != Status.EREPLAY) {
                                throw e;
                            }
                        }
                    }
                    return accepted;
                }));
            }
            int accepted = 0;
            for (Future<Integer> f : results) {
                accepted += f.get();
            }
            // Threads race, so a frame may arrive after a later one (a replay);
            // the frame with the highest counter is always accepted.
            assertTrue(accepted >= 1 && accepted <= n, "accepted " + accepted);
            assertEquals(n, table.get(EUI_10).fcntUp());
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }
}
