// SPDX-License-Identifier: Apache-2.0
package de.myk10;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The frame module through the Java binding. Vectors from public sources,
 * as in tests/frame/test_frame.c (lora-packet, ChirpStack), the Cayenne LPP
 * documentation and the packet forwarder's PROTOCOL.TXT.
 */
class FrameTest {
    private static final byte[] NWK_S_KEY = hex("44024241ed4ce9a68c6a8bc055233fd3");
    private static final byte[] APP_S_KEY = hex("ec925802ae430ca77fd3dd73cb2cc588");
    private static final byte[] UPLINK = hex("40F17DBE4900020001954378762B11FF0D");

    static byte[] hex(String text) {
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static FrameKeys keys10(byte[] nwk, byte[] app) {
        FrameKeys keys = new FrameKeys(Myk10.LORAWAN_1_0);
        keys.setNwkSKey(nwk);
        if (app != null) {
            keys.set(Myk10.KEY_APP_S, app);
        }
        return keys;
    }

    static Myk10Exception expect(Status status, Runnable call) {
        Myk10Exception e = assertThrows(Myk10Exception.class, call::run);
        assertSame(status, e.getStatus(), e.getMessage());
        return e;
    }

    @Test
    void loraPacketUplinkParsesVerifiesAndDecrypts() {
        try (FrameKeys keys = keys10(NWK_S_KEY, APP_S_KEY); Frame f = Frame.parse(UPLINK)) {
            assertEquals(Myk10.FRAME_UNCONFIRMED_UP, f.mtype());
            assertEquals("UnconfirmedDataUp", f.mtypeName());
            assertTrue(f.uplink());
            assertEquals(0x49BE7DF1L, f.devAddr());
            assertEquals(2, f.fcnt16());
            assertTrue(f.hasFport());
            assertEquals(1, f.fport());
            assertArrayEquals(hex("95437876"), f.frmPayload());
            assertArrayEquals(new byte[0], f.fopts());
            assertArrayEquals(hex("2B11FF0D"), f.mic());
            assertArrayEquals(f.mic(), f.computeMic(keys, 2));
            f.verify(keys, 2);
            assertArrayEquals("test".getBytes(StandardCharsets.US_ASCII), f.decrypt(keys, 2));
        }
    }

    @Test
    void badMicAndTruncatedFrames() {
        try (FrameKeys keys = keys10(NWK_S_KEY, null)) {
            Frame forged = Frame.parse(hex("40F17DBE49000300012A3518AA"));
            Myk10Exception e = expect(Status.EINTEGRITY, () -> forged.verify(keys, 3));
            assertEquals(9, e.getOffset());
            assertEquals("frame: MIC at byte 9 does not match", e.getMessage());
            Frame.parse(hex("40F17DBE49000300012A3518AF")).verify(keys, 3);
        }
        Myk10Exception e = expect(Status.ETRUNCATED, () -> Frame.parse(hex("40F17DBE4900")));
        assertTrue(e.getOffset() >= 0);
        assertEquals(0, expect(Status.ETRUNCATED, () -> Frame.parse(new byte[0])).getOffset());
        assertEquals(255, expect(Status.EMALFORMED, () -> Frame.parse(new byte[300])).getOffset());
        expect(Status.EINVAL, () -> Frame.parse(null));
    }

    @Test
    void encodeParseRoundTripAndChirpStackVector() {
        try (FrameKeys keys = keys10(hex("0102030405060708090a0b0c0d0e0f10"),
                                     hex("100f0e0d0c0b0a090807060504030201"));
             MacCommand status = new MacCommand(Myk10.MAC_DEV_STATUS, true)) {
            status.setField("battery", 115);
            status.setField("margin", 7);
            byte[] fopts = MacCommandList.encodeAll(List.of(status));
            assertArrayEquals(hex("067307"), fopts);
            byte[] phy = Myk10.encodeData(Myk10.FRAME_CONFIRMED_UP, 0x01020304L, 0, true, 10,
                                          new byte[] {1, 2, 3, 4}, fopts, false, false, false,
                                          false, false, 0, (short) 0, (short) 0, keys);
            assertArrayEquals(hex("80040302010300000673070ae264d4f7e117d2c0"), phy);
            try (Frame f = Frame.parse(phy)) {
                f.verify(keys, 0);
                assertArrayEquals(new byte[] {1, 2, 3, 4}, f.decrypt(keys, 0));
                List<MacCommand> commands = f.macCommands(keys, 0);
                assertEquals(1, commands.size());
                assertEquals("DevStatusAns", commands.get(0).name());
                assertEquals(115L, commands.get(0).fields().get("battery"));
                assertEquals(7L, commands.get(0).field("margin"));
            }
            // 32-bit counter: the high bits are in the MIC, not on air.
            byte[] wrapped = Myk10.encodeData(Myk10.FRAME_UNCONFIRMED_UP, 0x26011BDAL, 0x10005L,
                                              true, 42, new byte[] {9}, new byte[0], true,
                                              false, false, false, false, 0, (short) 0,
                                              (short) 0, keys);
            try (Frame f = new Frame(wrapped)) {
                assertEquals(5, f.fcnt16());
                assertTrue(f.adr());
                expect(Status.EINTEGRITY, () -> f.verify(keys, 5));
                f.verify(keys, 0x10005L);
                assertArrayEquals(new byte[] {9}, f.decrypt(keys, 0x10005L));
            }
        }
    }

    @Test
    void joinRequestAndAccept() {
        try (FrameKeys keys = new FrameKeys(Myk10.LORAWAN_1_0); JoinAccept fields = new JoinAccept()) {
            keys.set(Myk10.KEY_APP, hex("0102030405060708090a0b0c0d0e0f10"));
            byte[] request = Myk10.encodeJoinRequest(0xFFFFFFFFFFFFFFFEL, 0x0202020202020202L,
                                                     0x0304, keys);
            Frame f = Frame.parse(request);
            assertEquals(Myk10.FRAME_JOIN_REQUEST, f.mtype());
            assertEquals(0xFFFFFFFFFFFFFFFEL, f.joinEui());
            assertEquals(0x0304, f.devNonce());
            f.computeMic(keys, 0);
            fields.set(0x010203L, 0x040506L, 0x01020304L, false, 2, 3, 1);
            byte[] accept = Myk10.encodeJoinAccept(fields, keys, Myk10.JOIN_REQ_JOIN, 0, 0);
            assertEquals(17, accept.length);
            try (JoinAccept opened = Frame.parse(accept).openJoinAccept(keys, Myk10.JOIN_REQ_JOIN, 0, 0)) {
                assertEquals(0x01020304L, opened.devAddr());
                assertEquals(0x040506L, opened.netId());
                assertEquals(3, opened.rx2Dr());
                assertFalse(opened.hasCflist());
            }
            accept[3] ^= 1;
            expect(Status.EINTEGRITY, () -> Frame.parse(accept).openJoinAccept(keys, Myk10.JOIN_REQ_JOIN, 0, 0));
        }
    }

    @Test
    void closedHandlesThrowState() {
        FrameKeys keys = keys10(NWK_S_KEY, APP_S_KEY);
        keys.close();
        keys.close(); // idempotent
        expect(Status.ESTATE, () -> keys.get(Myk10.KEY_APP_S));
        expect(Status.EINVAL, () -> Frame.parse(UPLINK).verify(keys, 2));
        expect(Status.ENOKEY, () -> new FrameKeys(Myk10.LORAWAN_1_1).get(Myk10.KEY_NWK));
        expect(Status.EINVAL, () -> new FrameKeys(12));
    }

    @Test
    void macCommandsDecodeAndErrors() {
        List<MacCommand> down = MacCommandList.decodeAll(hex("0350FF0001020A02"), false);
        assertEquals("LinkADRReq", down.get(0).name());
        assertEquals(0xFFL, down.get(0).field("ch_mask"));
        assertEquals(5L, down.get(1).offset());
        assertArrayEquals(hex("0350FF0001020A02"), MacCommandList.encodeAll(down));
        assertEquals(0, expect(Status.ETRUNCATED,
                               () -> MacCommandList.decode(hex("0350FF"), false)).getOffset());
        expect(Status.ENOTFOUND, () -> down.get(0).field("voltage"));
    }

    @Test
    void lppDocumentationExample() {
        try (CodecRegistry registry = new CodecRegistry()) {
            List<Measurement> got = registry.decode("cayenne-lpp", hex("03670110056700FF"),
                                                    new CodecContext().device("lpp-1").time(1795680000L));
            assertEquals(2, got.size());
            assertEquals("temperature", got.get(0).quantity());
            assertEquals("Cel", got.get(0).unit());
            assertEquals(3, got.get(0).channel());
            assertEquals(27.2, got.get(0).number(), 1e-9);
            assertEquals(25.5, got.get(1).number(), 1e-9);
            assertEquals("lpp-1", got.get(1).device());
            assertEquals(1795680000L, got.get(1).time());
            expect(Status.ETRUNCATED, () -> registry.decode("cayenne-lpp", hex("0367011003"), null));
            expect(Status.ENOTFOUND, () -> registry.decode("nope", new byte[0], null));
        }
    }

    @Test
    void javaCodecThroughTheRegistry() {
        List<CodecContext> seen = new ArrayList<>();
        try (CodecRegistry registry = new CodecRegistry()) {
            registry.register("java-gauge", (payload, ctx) -> {
                seen.add(ctx);
                double distance = (((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF)) / 1000.0;
                return List.of(Measurement.of("distance", "m", distance),
                               Measurement.of("battery_voltage", "V", payload[2] / 10.0).withChannel(1));
            });
            assertTrue(registry.contains("java-gauge"));
            assertEquals("java-gauge", registry.names().get(registry.names().size() - 1));
            List<Measurement> got = registry.decode("java-gauge", hex("09C421"),
                    new CodecContext().device("gauge-7").time(100).fport(2).mountingHeight(4.0));
            assertEquals(1, seen.size());
            assertEquals("gauge-7", seen.get(0).device());
            assertEquals(2, seen.get(0).fport());
            assertEquals(4.0, seen.get(0).mountingHeight(), 0);
            assertEquals(3, got.size());
            assertEquals(2.5, got.get(0).number(), 1e-9);
            assertEquals(1, got.get(1).channel());
            assertEquals("water_level", got.get(2).quantity());
            assertEquals(1.5, got.get(2).number(), 1e-9);
            assertEquals("gauge-7", got.get(0).device());
            assertEquals(100, got.get(0).time());
            expect(Status.EEXISTS, () -> registry.register("java-gauge", (p, c) -> List.of()));
            registry.unregister("java-gauge");
            assertFalse(registry.contains("java-gauge"));
        }
    }

    @Test
    void javaCodecExceptionBecomesCallbackStatus() {
        try (CodecRegistry registry = new CodecRegistry()) {
            registry.register("broken", (payload, ctx) -> {
                throw new IllegalStateException("sensor said no");
            });
            Myk10Exception e = expect(Status.ECALLBACK, () -> registry.decode("broken", new byte[] {1}, null));
            assertTrue(e.getMessage().contains("sensor said no"), e.getMessage());
            assertTrue(e.getMessage().contains("broken"), e.getMessage());
            assertTrue(e.getCause() instanceof IllegalStateException);
            registry.register("empty", (payload, ctx) -> List.of(Measurement.of("", "", 1)));
            expect(Status.ECALLBACK, () -> registry.decode("empty", new byte[0], null));
            // still usable
            assertEquals(1, registry.decode("cayenne-lpp", hex("03670110"), null).size());
        }
    }

    @Test
    void declarativeCodecAndSenml() {
        String definition = "{\"name\":\"g\",\"length\":8,\"fields\":["
                + "{\"quantity\":\"battery_voltage\",\"offset\":0,\"type\":\"u16\",\"scale\":0.001,\"unit\":\"V\"},"
                + "{\"quantity\":\"distance\",\"offset\":2,\"type\":\"u16\",\"endian\":\"little\",\"scale\":0.001,\"unit\":\"m\"}]}";
        try (CodecRegistry registry = new CodecRegistry(); MeasurementList list = new MeasurementList()) {
            registry.registerDeclarative("g", definition);
            registry.decode(list, "g", hex("0CE4C409FF388F00"), new CodecContext().mountingHeight(4.0));
            List<Measurement> got = list.toList();
            assertEquals(3, got.size());
            assertEquals(3.3, got.get(0).number(), 1e-9);
            assertEquals(2.5, got.get(1).number(), 1e-9);
            assertEquals(1.5, got.get(2).number(), 1e-9);
            String json = new String(Myk10.senmlJsonEncode(list, 0), StandardCharsets.UTF_8);
            assertTrue(json.startsWith("[{\"n\":\"battery_voltage\",\"u\":\"V\""), json);
            expect(Status.EMALFORMED, () -> registry.registerDeclarative("x", "{\"fields\":"));
        }
    }

    @Test
    void packetForwarderPushData() {
        String json = "{\"rxpk\":[{\"time\":\"2013-03-31T16:21:17.528002Z\",\"tmst\":3512348611,"
                + "\"chan\":2,\"rfch\":0,\"freq\":866.349812,\"stat\":1,\"modu\":\"LORA\","
                + "\"datr\":\"SF7BW125\",\"codr\":\"4/6\",\"rssi\":-35,\"lsnr\":5.1,\"size\":17,"
                + "\"data\":\"" + Base64.getEncoder().encodeToString(UPLINK) + "\"}]}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] datagram = new byte[12 + body.length];
        datagram[0] = 2;
        datagram[3] = 0;
        System.arraycopy(hex("AA555A0000000101"), 0, datagram, 4, 8);
        System.arraycopy(body, 0, datagram, 12, body.length);
        try (UplinkList list = Myk10.uplinkParse(Myk10.UPLINK_FORMAT_AUTO, datagram, 0, 0)) {
            assertEquals(1, list.count());
            Uplink up = list.get(0);
            assertEquals(Myk10.UPLINK_FORMAT_PACKET_FORWARDER, up.format());
            assertEquals(Myk10.UPLINK_PHY_PAYLOAD, up.kind());
            assertArrayEquals(UPLINK, up.payload());
            assertEquals(1364746877L, up.timeSec());
            assertEquals(866349812L, up.frequencyHz());
            assertEquals(7, up.spreadingFactor());
            assertEquals(-35.0, up.rssiDbm(), 0);
            assertTrue(up.has(Myk10.UPLINK_HAS_GATEWAY_EUI));
            assertEquals(0xAA555A0000000101L, up.gatewayEui());
            assertFalse(up.has(Myk10.UPLINK_HAS_FPORT));
            try (FrameKeys keys = keys10(NWK_S_KEY, APP_S_KEY); Frame f = Frame.parse(up.payload())) {
                f.verify(keys, 2);
                assertArrayEquals("test".getBytes(StandardCharsets.US_ASCII), f.decrypt(keys, 2));
            }
        }
        try (UplinkReader reader = new UplinkReader()) {
            expect(Status.ESTATE, reader::format);
            String two = "{\"rxpk\":[{\"data\":\"!!\"}," + json.substring(9);
            assertEquals(2, reader.load(Myk10.UPLINK_FORMAT_AUTO, two.getBytes(StandardCharsets.UTF_8), 0, 0));
            expect(Status.EMALFORMED, () -> reader.get(0));
            assertArrayEquals(UPLINK, reader.get(1).payload());
            expect(Status.ERANGE, () -> reader.get(2));
        }
        expect(Status.EMALFORMED, () -> Myk10.uplinkParse(0, "{\"rxpk\":[{\"data\":\"!!\"}]}".getBytes(StandardCharsets.UTF_8), 0, 0));
    }

    @Test
    void borrowedElementKeepsItsList() {
        Uplink up = Myk10.uplinkParse(0, ("{\"rxpk\":[{\"data\":\"" + Base64.getEncoder().encodeToString(UPLINK)
                + "\"}]}").getBytes(StandardCharsets.UTF_8), 0, 0).get(0);
        for (int i = 0; i < 5; i++) {
            System.gc();
            byte[][] filler = new byte[1000][];
            for (int j = 0; j < filler.length; j++) {
                filler[j] = new byte[400];
            }
        }
        assertArrayEquals(UPLINK, up.payload());
        assertNull(MacCommandList.decodeAll(new byte[0], true).isEmpty() ? null : "non-empty");
    }

    @Test
    void handlesInALoop() {
        for (int i = 0; i < 2000; i++) {
            try (FrameKeys keys = new FrameKeys(i % 2 == 0 ? Myk10.LORAWAN_1_0 : Myk10.LORAWAN_1_1);
                 CodecRegistry registry = new CodecRegistry();
                 UplinkReader reader = new UplinkReader();
                 Frame f = Frame.parse(UPLINK)) {
                keys.set(Myk10.KEY_APP_S, APP_S_KEY);
                registry.register("j", (payload, ctx) -> List.of(Measurement.of("n", "", 1)));
                assertEquals(1, registry.decode("j", new byte[0], null).size());
                assertEquals(1, f.fport());
                assertEquals(0, reader.load(0, "{\"rxpk\":[]}".getBytes(StandardCharsets.UTF_8), 0, 0));
            }
        }
    }
}
