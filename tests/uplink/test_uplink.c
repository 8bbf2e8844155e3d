/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Check suite for the uplink JSON readers (packet forwarder PUSH_DATA,
 * ChirpStack v4 "up" events, The Things Stack v3 uplink messages).
 *
 * Example messages come from the producers' own documentation:
 * - PROTOCOL_TXT_EXAMPLE: Lora-net/packet_forwarder PROTOCOL.TXT section 4
 *   (the same example is in Lora-net/sx1302_hal packet_forwarder/PROTOCOL.md),
 *   and the "stat" example of the same section.
 * - CHIRPSTACK_DOC_UP: chirpstack/chirpstack-docs
 *   src/chirpstack/integrations/events.md, "up - Uplink event" JSON example
 *   (https://www.chirpstack.io/docs/chirpstack/integrations/events.html).
 * - THINGS_STACK_DOC_UP: TheThingsIndustries/lorawan-stack-docs
 *   doc/content/integrations/data-formats/_index.md, "Uplink message
 *   example" (https://www.thethingsindustries.com/docs/integrations/data-formats/).
 * The other documents are written here, shaped like those examples.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <myk10/common.h>
#include <myk10/frame.h>

/* A receive time for records whose input has none: 2026-11-26T08:00:00.25Z. */
#define RECEIVED_SEC INT64_C(1795680000)
#define RECEIVED_NSEC 250000000

static const char PROTOCOL_TXT_EXAMPLE[] =
    "{\"rxpk\":[\n"
    "\t{\n"
    "\t\t\"time\":\"2013-03-31T16:21:17.528002Z\",\n"
    "\t\t\"tmst\":3512348611,\n"
    "\t\t\"chan\":2,\n"
    "\t\t\"rfch\":0,\n"
    "\t\t\"freq\":866.349812,\n"
    "\t\t\"stat\":1,\n"
    "\t\t\"modu\":\"LORA\",\n"
    "\t\t\"datr\":\"SF7BW125\",\n"
    "\t\t\"codr\":\"4/6\",\n"
    "\t\t\"rssi\":-35,\n"
    "\t\t\"lsnr\":5.1,\n"
    "\t\t\"size\":32,\n"
    "\t\t\"data\":\"-DS4CGaDCdG+48eJNM3Vai-zDpsR71Pn9CPA9uCON84\"\n"
    "\t},{\n"
    "\t\t\"time\":\"2013-03-31T16:21:17.530974Z\",\n"
    "\t\t\"tmst\":3512348514,\n"
    "\t\t\"chan\":9,\n"
    "\t\t\"rfch\":1,\n"
    "\t\t\"freq\":869.1,\n"
    "\t\t\"stat\":1,\n"
    "\t\t\"modu\":\"FSK\",\n"
    "\t\t\"datr\":50000,\n"
    "\t\t\"rssi\":-75,\n"
    "\t\t\"size\":16,\n"
    "\t\t\"data\":\"VEVTVF9QQUNLRVRfMTIzNA==\"\n"
    "\t},{\n"
    "\t\t\"time\":\"2013-03-31T16:21:17.532038Z\",\n"
    "\t\t\"tmst\":3316387610,\n"
    "\t\t\"chan\":0,\n"
    "\t\t\"rfch\":0,\n"
    "\t\t\"freq\":863.00981,\n"
    "\t\t\"stat\":1,\n"
    "\t\t\"modu\":\"LORA\",\n"
    "\t\t\"datr\":\"SF10BW125\",\n"
    "\t\t\"codr\":\"4/7\",\n"
    "\t\t\"rssi\":-38,\n"
    "\t\t\"lsnr\":5.5,\n"
    "\t\t\"size\":32,\n"
    "\t\t\"data\":\"ysgRl452xNLep9S1NTIg2lomKDxUgn3DJ7DE+b00Ass\"\n"
    "\t}\n"
    "]}";

static const char PROTOCOL_TXT_STAT[] =
    "{\"stat\":{\n"
    "\t\"time\":\"2014-01-12 08:59:28 GMT\",\n"
    "\t\"lati\":46.24000,\n"
    "\t\"long\":3.25230,\n"
    "\t\"alti\":145,\n"
    "\t\"rxnb\":2,\n"
    "\t\"rxok\":2,\n"
    "\t\"rxfw\":2,\n"
    "\t\"ackr\":100.0,\n"
    "\t\"dwnb\":2,\n"
    "\t\"txnb\":2\n"
    "}}";

static const char CHIRPSTACK_DOC_UP[] =
    "{\n"
    "\t\"deduplicationId\": \"3ac7e3c4-4401-4b8d-9386-a5c902f9202d\",\n"
    "\t\"time\": \"2022-07-18T09:34:15.775023242+00:00\",\n"
    "\t\"deviceInfo\": {\n"
    "\t\t\"tenantId\": \"52f14cd4-c6f1-4fbd-8f87-4025e1d49242\",\n"
    "\t\t\"tenantName\": \"ChirpStack\",\n"
    "\t\t\"applicationId\": \"17c82e96-be03-4f38-aef3-f83d48582d97\",\n"
    "\t\t\"applicationName\": \"Test application\",\n"
    "\t\t\"deviceProfileId\": \"14855bf7-d10d-4aee-b618-ebfcb64dc7ad\",\n"
    "\t\t\"deviceProfileName\": \"Test device-profile\",\n"
    "\t\t\"deviceName\": \"Test device\",\n"
    "\t\t\"devEui\": \"0101010101010101\",\n"
    "\t\t\"tags\": {\n"
    "\t\t\t\"key\": \"value\"\n"
    "\t\t}\n"
    "\t},\n"
    "\t\"devAddr\": \"00189440\",\n"
    "\t\"dr\": 1,\n"
    "\t\"fPort\": 1,\n"
    "\t\"data\": \"qg==\",\n"
    "\t\"rxInfo\": [{\n"
    "\t\t\"gatewayId\": \"0016c001f153a14c\",\n"
    "\t\t\"uplinkId\": 4217106255,\n"
    "\t\t\"rssi\": -36,\n"
    "\t\t\"snr\": 10.5,\n"
    "\t\t\"context\": \"E3OWOQ==\",\n"
    "\t\t\"metadata\": {\n"
    "\t\t\t\"region_name\": \"eu868\",\n"
    "\t\t\t\"region_common_name\": \"EU868\"\n"
    "\t\t}\n"
    "\t}],\n"
    "\t\"txInfo\": {\n"
    "\t\t\"frequency\": 867100000,\n"
    "\t\t\"modulation\": {\n"
    "\t\t\t\"lora\": {\n"
    "\t\t\t\t\"bandwidth\": 125000,\n"
    "\t\t\t\t\"spreadingFactor\": 11,\n"
    "\t\t\t\t\"codeRate\": \"CR_4_5\"\n"
    "\t\t\t}\n"
    "\t\t}\n"
    "\t}\n"
    "}\n";

static const char THINGS_STACK_DOC_UP[] =
    "{\n"
    "  \"end_device_ids\" : {\n"
    "    \"device_id\" : \"dev1\",\n"
    "    \"application_ids\" : {\n"
    "      \"application_id\" : \"app1\"\n"
    "    },\n"
    "    \"dev_eui\" : \"0004A30B001C0530\",\n"
    "    \"join_eui\" : \"800000000000000C\",\n"
    "    \"dev_addr\" : \"00BCB929\"\n"
    "  },\n"
    "  \"correlation_ids\" : [\n"
    "    \"as:up:01E0WZGT6Y7657CPFPE5WEYDSQ\",\n"
    "    \"gs:conn:01E0WDEC6T5T4XXBAX7S1VMFKE\",\n"
    "    \"gs:uplink:01E0WZGSZWT07NE5TS2APTV1Z9\",\n"
    "    \"ns:uplink:01E0WZGSZXZXZS8RFAWZX0F2FY\",\n"
    "    \"rpc:/ttn.lorawan.v3.GsNs/HandleUplink:01E0WZGSZXGE1KS577PFBWRJEE\"\n"
    "  ],\n"
    "  \"received_at\" : \"2020-02-12T15:15:46.014773143Z\",\n"
    "  \"uplink_message\" : {\n"
    "    \"session_key_id\" : \"AXA50tHUGUucuzS/bCGMNw==\",\n"
    "    \"f_cnt\" : 1,\n"
    "    \"frm_payload\" : \"gkHe\",\n"
    "    \"decoded_payload\" : {\n"
    "      \"temperature\": 1.0,\n"
    "      \"luminosity\": 0.64\n"
    "    },\n"
    "    \"rx_metadata\" : [ {\n"
    "      \"gateway_ids\" : {\n"
    "        \"gateway_id\" : \"gtw1\",\n"
    "        \"eui\" : \"9C5C8E00001A05C4\"\n"
    "      },\n"
    "      \"time\" : \"2020-02-12T15:15:45.787Z\",\n"
    "      \"timestamp\" : 2463457000,\n"
    "      \"rssi\" : -35,\n"
    "      \"channel_rssi\" : -35,\n"
    "      \"snr\" : 5,\n"
    "      \"uplink_token\" : \"ChIKEAoEZ3R3MRIInFyOAAAaBcQQ6L3Vlgk=\",\n"
    "      \"channel_index\" : 2\n"
    "    } ],\n"
    "    \"settings\" : {\n"
    "      \"data_rate\" : {\n"
    "        \"lora\" : {\n"
    "          \"bandwidth\" : 125000,\n"
    "          \"spreading_factor\" : 7\n"
    "        }\n"
    "      },\n"
    "      \"data_rate_index\" : 5,\n"
    "      \"coding_rate\" : \"4/6\",\n"
    "      \"frequency\" : \"868300000\",\n"
    "      \"timestamp\" : 2463457000,\n"
    "      \"time\" : \"2020-02-12T15:15:45.787Z\"\n"
    "    },\n"
    "    \"consumed_airtime\": \"0.056576s\",\n"
    "    \"locations\": {\n"
    "      \"user\": {\n"
    "        \"latitude\": 37.97155556731436,\n"
    "        \"longitude\": 23.72678801175413,\n"
    "        \"altitude\": 10,\n"
    "        \"source\": \"SOURCE_REGISTRY\"\n"
    "      }\n"
    "    },\n"
    "    \"received_at\" : \"2020-02-12T15:15:45.789585559Z\"\n"
    "  }\n"
    "}\n";

/* ---------------------------------------------------------------- helpers */

static myk10_status parse_text(myk10_uplink *out, size_t cap, size_t *count,
                               myk10_uplink_format format, const char *text)
{
    return myk10_uplink_parse(out, cap, count, format, text, strlen(text), RECEIVED_SEC,
                              RECEIVED_NSEC);
}

/* Parses a document that must hold exactly one good record. */
static myk10_uplink parse_one(myk10_uplink_format format, const char *text)
{
    myk10_uplink record;
    size_t count = 0;
    myk10_status status = parse_text(&record, 1, &count, format, text);
    ck_assert_msg(status == MYK10_OK, "%s", myk10_last_error());
    ck_assert_uint_eq(count, 1);
    return record;
}

static void expect_failure(myk10_uplink_format format, const char *text, myk10_status expected,
                           const char *message)
{
    myk10_uplink records[4];
    size_t count = 99;
    myk10_status status = parse_text(records, 4, &count, format, text);
    ck_assert_msg(status == expected, "%s: got %s (%s)", text, myk10_status_name(status),
                  myk10_last_error());
    ck_assert_str_eq(myk10_last_error(), message);
    ck_assert_uint_eq(count, 99); /* untouched on failure */
}

/* Field by field: struct padding need not survive a copy. */
static void assert_same_record(const myk10_uplink *a, const myk10_uplink *b)
{
    ck_assert_int_eq(a->format, b->format);
    ck_assert_uint_eq(a->flags, b->flags);
    ck_assert_int_eq(a->time_sec, b->time_sec);
    ck_assert_int_eq(a->time_nsec, b->time_nsec);
    ck_assert_int_eq(memcmp(a->dev_eui, b->dev_eui, 8), 0);
    ck_assert_uint_eq(a->dev_addr, b->dev_addr);
    ck_assert_uint_eq(a->fcnt, b->fcnt);
    ck_assert_str_eq(a->device_id, b->device_id);
    ck_assert_uint_eq(a->frequency_hz, b->frequency_hz);
    ck_assert_double_eq(a->snr_db, b->snr_db);
    ck_assert_uint_eq(a->payload_len, b->payload_len);
    ck_assert_int_eq(memcmp(a->payload, b->payload, a->payload_len), 0);
}

/* A PUSH_DATA datagram: version, token 0x1234, identifier, gateway EUI, JSON. */
static size_t make_datagram(uint8_t *buf, size_t cap, uint8_t version, uint8_t identifier,
                            const char *json)
{
    static const uint8_t gateway[8] = { 0xAA, 0x55, 0x5A, 0x00, 0x00, 0x00, 0x01, 0x01 };
    size_t len = strlen(json);
    ck_assert_uint_le(12 + len, cap);
    buf[0] = version;
    buf[1] = 0x12;
    buf[2] = 0x34;
    buf[3] = identifier;
    memcpy(buf + 4, gateway, 8);
    memcpy(buf + 12, json, len);
    return 12 + len;
}

/* An rxpk document with one packet whose data member is `data`. */
static void rxpk_with_data(char *buf, size_t cap, const char *data)
{
    snprintf(buf, cap, "{\"rxpk\":[{\"modu\":\"LORA\",\"datr\":\"SF7BW125\",\"data\":\"%s\"}]}",
             data);
}

static myk10_status parse_data(myk10_uplink *record, const char *data)
{
    char json[1024];
    size_t count;
    rxpk_with_data(json, sizeof json, data);
    return parse_text(record, 1, &count, MYK10_UPLINK_FORMAT_PACKET_FORWARDER, json);
}

/* ------------------------------------------------------ packet forwarder */

START_TEST(protocol_txt_example_reads_each_packet_on_its_own)
{
    myk10_uplink_reader *reader;
    myk10_uplink record;
    size_t count = 0;

    ck_assert_int_eq(myk10_uplink_reader_create(&reader), MYK10_OK);
    ck_assert_int_eq(myk10_uplink_reader_load(&count, reader, MYK10_UPLINK_FORMAT_AUTO,
                                              PROTOCOL_TXT_EXAMPLE, strlen(PROTOCOL_TXT_EXAMPLE),
                                              RECEIVED_SEC, RECEIVED_NSEC),
                     MYK10_OK);
    ck_assert_uint_eq(count, 3);
    myk10_uplink_format format;
    ck_assert_int_eq(myk10_uplink_reader_format(&format, reader), MYK10_OK);
    ck_assert_int_eq(format, MYK10_UPLINK_FORMAT_PACKET_FORWARDER);

    /* The document's first packet mixes the URL-safe '-' with the standard
     * '+': not base64 in any alphabet. The other two packets still read. */
    ck_assert_int_eq(myk10_uplink_reader_get(&record, reader, 0), MYK10_EMALFORMED);
    ck_assert_str_eq(myk10_last_error(), "uplink: rxpk[0].data: invalid base64 at character 11");

    ck_assert_int_eq(myk10_uplink_reader_get(&record, reader, 1), MYK10_OK);
    ck_assert_int_eq(record.format, MYK10_UPLINK_FORMAT_PACKET_FORWARDER);
    ck_assert_int_eq(record.kind, MYK10_UPLINK_PHY_PAYLOAD);
    ck_assert_int_eq(record.time_sec, 1364746877);
    ck_assert_int_eq(record.time_nsec, 530974000);
    ck_assert_uint_eq(record.tmst, 3512348514u);
    ck_assert_uint_eq(record.channel, 9);
    ck_assert_uint_eq(record.rf_chain, 1);
    ck_assert_uint_eq(record.frequency_hz, 869100000u);
    ck_assert_int_eq(record.crc, MYK10_UPLINK_CRC_OK);
    ck_assert_int_eq(record.modulation, MYK10_UPLINK_MODULATION_FSK);
    ck_assert_uint_eq(record.bitrate, 50000);
    ck_assert_double_eq(record.rssi_dbm, -75);
    ck_assert_uint_eq(record.flags, MYK10_UPLINK_HAS_TMST | MYK10_UPLINK_HAS_RSSI);
    ck_assert_uint_eq(record.payload_len, 16);
    ck_assert_int_eq(memcmp(record.payload, "TEST_PACKET_1234", 16), 0);
    ck_assert_uint_eq(record.gateway_count, 1);

    ck_assert_int_eq(myk10_uplink_reader_get(&record, reader, 2), MYK10_OK);
    ck_assert_int_eq(record.time_nsec, 532038000);
    ck_assert_uint_eq(record.frequency_hz, 863009810u);
    ck_assert_int_eq(record.modulation, MYK10_UPLINK_MODULATION_LORA);
    ck_assert_uint_eq(record.spreading_factor, 10);
    ck_assert_uint_eq(record.bandwidth_khz, 125);
    ck_assert_uint_eq(record.coding_rate_num, 4);
    ck_assert_uint_eq(record.coding_rate_den, 7);
    ck_assert_double_eq(record.rssi_dbm, -38);
    ck_assert_double_eq_tol(record.snr_db, 5.5, 1e-9);
    /* Unpadded base64 of 43 characters: 32 bytes, as "size" says. */
    static const uint8_t expected[32] = {
        0xca, 0xc8, 0x11, 0x97, 0x8e, 0x76, 0xc4, 0xd2, 0xde, 0xa7, 0xd4, 0xb5, 0x35, 0x32, 0x20, 0xda,
        0x5a, 0x26, 0x28, 0x3c, 0x54, 0x82, 0x7d, 0xc3, 0x27, 0xb0, 0xc4, 0xf9, 0xbd, 0x34, 0x02, 0xcb,
    };
    ck_assert_uint_eq(record.payload_len, 32);
    ck_assert_int_eq(memcmp(record.payload, expected, 32), 0);

    /* One shot reading stops at the first bad packet and names it. */
    myk10_uplink records[3];
    count = 99;
    ck_assert_int_eq(parse_text(records, 3, &count, MYK10_UPLINK_FORMAT_PACKET_FORWARDER,
                                PROTOCOL_TXT_EXAMPLE),
                     MYK10_EMALFORMED);
    ck_assert_str_eq(myk10_last_error(), "uplink: rxpk[0].data: invalid base64 at character 11");
    ck_assert_uint_eq(count, 99);

    myk10_uplink_reader_destroy(reader);
}
END_TEST

static const char TWO_PACKETS[] =
    "{\"rxpk\":[{\"time\":\"2026-11-26T07:59:59.999999Z\",\"tmst\":100,\"chan\":3,\"rfch\":1,"
    "\"freq\":868.1,\"stat\":1,\"modu\":\"LORA\",\"datr\":\"SF12BW125\",\"codr\":\"4/5\","
    "\"rssi\":-117,\"lsnr\":-13.5,\"size\":4,\"data\":\"QAECAw==\"},"
    "{\"tmst\":200,\"tmms\":1416488418000,\"freq\":867.5,\"stat\":-1,\"modu\":\"LORA\","
    "\"datr\":\"SF7BW250\",\"codr\":\"4/8\",\"rssi\":-60,\"lsnr\":9,\"size\":1,\"data\":\"gA==\","
    "\"future_member\":{\"x\":[1,2,3]}}],"
    "\"stat\":{\"time\":\"2026-11-26 08:00:00 GMT\",\"rxnb\":2}}";

START_TEST(datagram_with_two_packets)
{
    uint8_t datagram[1024];
    size_t len = make_datagram(datagram, sizeof datagram, 2, 0x00, TWO_PACKETS);
    myk10_uplink records[2];
    size_t count = 0;

    ck_assert_int_eq(myk10_uplink_parse(records, 2, &count, MYK10_UPLINK_FORMAT_AUTO, datagram,
                                        len, RECEIVED_SEC, RECEIVED_NSEC),
                     MYK10_OK);
    ck_assert_uint_eq(count, 2);
    static const uint8_t gateway[8] = { 0xAA, 0x55, 0x5A, 0x00, 0x00, 0x00, 0x01, 0x01 };
    ck_assert_int_eq(memcmp(records[0].gateway_eui, gateway, 8), 0);
    ck_assert_int_eq(memcmp(records[1].gateway_eui, gateway, 8), 0);

    ck_assert_uint_eq(records[0].flags, MYK10_UPLINK_HAS_GATEWAY_EUI | MYK10_UPLINK_HAS_TMST |
                                            MYK10_UPLINK_HAS_RSSI | MYK10_UPLINK_HAS_SNR);
    ck_assert_int_eq(records[0].time_sec, RECEIVED_SEC - 1);
    ck_assert_int_eq(records[0].time_nsec, 999999000);
    ck_assert_uint_eq(records[0].spreading_factor, 12);
    ck_assert_double_eq_tol(records[0].snr_db, -13.5, 1e-9);
    ck_assert_uint_eq(records[0].payload_len, 4);
    ck_assert_int_eq(memcmp(records[0].payload, "\x40\x01\x02\x03", 4), 0);

    /* No "time": the caller's receive time stands in, and says so. */
    ck_assert(records[1].flags & MYK10_UPLINK_TIME_FROM_CALLER);
    ck_assert(records[1].flags & MYK10_UPLINK_HAS_GPS_TIME);
    ck_assert_int_eq(records[1].time_sec, RECEIVED_SEC);
    ck_assert_int_eq(records[1].time_nsec, RECEIVED_NSEC);
    ck_assert_int_eq(records[1].gps_time_ms, INT64_C(1416488418000));
    ck_assert_int_eq(records[1].crc, MYK10_UPLINK_CRC_BAD);
    ck_assert_uint_eq(records[1].bandwidth_khz, 250);
    ck_assert_uint_eq(records[1].coding_rate_den, 8);

    /* Protocol version 1 has the same header; bare JSON has no gateway EUI. */
    len = make_datagram(datagram, sizeof datagram, 1, 0x00, TWO_PACKETS);
    ck_assert_int_eq(myk10_uplink_parse(records, 2, &count, MYK10_UPLINK_FORMAT_PACKET_FORWARDER,
                                        datagram, len, 0, 0),
                     MYK10_OK);
    ck_assert_int_eq(parse_text(records, 2, &count, MYK10_UPLINK_FORMAT_PACKET_FORWARDER,
                                TWO_PACKETS),
                     MYK10_OK);
    ck_assert_uint_eq(records[0].flags & MYK10_UPLINK_HAS_GATEWAY_EUI, 0);
}
END_TEST

START_TEST(buffer_too_small_reports_the_count)
{
    myk10_uplink record;
    size_t count = 0;

    /* Size query. */
    ck_assert_int_eq(parse_text(NULL, 0, &count, MYK10_UPLINK_FORMAT_AUTO, TWO_PACKETS),
                     MYK10_EBUFSIZE);
    ck_assert_uint_eq(count, 2);
    ck_assert_str_eq(myk10_last_error(), "uplink: the document has 2 records, room for 0");
    count = 0;
    ck_assert_int_eq(parse_text(&record, 1, &count, MYK10_UPLINK_FORMAT_AUTO, TWO_PACKETS),
                     MYK10_EBUFSIZE);
    ck_assert_uint_eq(count, 2);
}
END_TEST

START_TEST(stat_only_datagram_has_no_records)
{
    uint8_t datagram[1024];
    size_t len = make_datagram(datagram, sizeof datagram, 2, 0x00, PROTOCOL_TXT_STAT);
    size_t count = 99;

    ck_assert_int_eq(myk10_uplink_parse(NULL, 0, &count, MYK10_UPLINK_FORMAT_AUTO, datagram, len,
                                        0, 0),
                     MYK10_OK);
    ck_assert_uint_eq(count, 0);
    count = 99;
    ck_assert_int_eq(parse_text(NULL, 0, &count, MYK10_UPLINK_FORMAT_PACKET_FORWARDER,
                                PROTOCOL_TXT_STAT),
                     MYK10_OK);
    ck_assert_uint_eq(count, 0);
    ck_assert_int_eq(parse_text(NULL, 0, &count, MYK10_UPLINK_FORMAT_AUTO, "{\"rxpk\":[]}"),
                     MYK10_OK);
    ck_assert_uint_eq(count, 0);
}
END_TEST

START_TEST(multi_antenna_rsig)
{
    /* Protocol v2 gateways report RSSI and SNR per antenna; the best wins. */
    myk10_uplink record = parse_one(
        MYK10_UPLINK_FORMAT_PACKET_FORWARDER,
        "{\"rxpk\":[{\"modu\":\"LORA\",\"datr\":\"SF9BW125\",\"data\":\"gA==\",\"rsig\":["
        "{\"ant\":0,\"chan\":1,\"rssic\":-80,\"lsnr\":2.5},"
        "{\"ant\":1,\"chan\":1,\"rssic\":-90,\"lsnr\":7.25,\"etime\":\"abc=\"},"
        "{\"ant\":2,\"chan\":1,\"rssic\":-70,\"lsnr\":7.25}]}]}");
    ck_assert_double_eq(record.rssi_dbm, -70);
    ck_assert_double_eq(record.snr_db, 7.25);
    ck_assert(record.flags & MYK10_UPLINK_HAS_RSSI);
    ck_assert(record.flags & MYK10_UPLINK_HAS_SNR);
}
END_TEST

START_TEST(datagram_header_errors)
{
    uint8_t datagram[256];
    myk10_uplink records[2];
    size_t count, len;

    len = make_datagram(datagram, sizeof datagram, 3, 0x00, "{}");
    ck_assert_int_eq(myk10_uplink_parse(records, 2, &count, MYK10_UPLINK_FORMAT_AUTO, datagram,
                                        len, 0, 0),
                     MYK10_EUNSUPPORTED);
    ck_assert_str_eq(myk10_last_error(),
                     "uplink: datagram protocol version 3 at byte 0 is not 1 or 2");
    ck_assert_int_eq(myk10_last_error_offset(), 0);

    len = make_datagram(datagram, sizeof datagram, 2, 0x02, "{}");
    ck_assert_int_eq(myk10_uplink_parse(records, 2, &count, MYK10_UPLINK_FORMAT_PACKET_FORWARDER,
                                        datagram, len, 0, 0),
                     MYK10_EUNSUPPORTED);
    ck_assert_str_eq(myk10_last_error(),
                     "uplink: datagram identifier 0x02 (PULL_DATA) at byte 3 is not PUSH_DATA (0x00)");
    ck_assert_int_eq(myk10_last_error_offset(), 3);

    ck_assert_int_eq(myk10_uplink_parse(records, 2, &count, MYK10_UPLINK_FORMAT_AUTO, datagram, 5,
                                        0, 0),
                     MYK10_ETRUNCATED);
    ck_assert_str_eq(myk10_last_error(),
                     "uplink: datagram of 5 bytes is shorter than the 12-byte PUSH_DATA header");

    /* Offsets of JSON errors count from the start of the datagram. */
    len = make_datagram(datagram, sizeof datagram, 2, 0x00, "{\"rxpk\":[}");
    ck_assert_int_eq(myk10_uplink_parse(records, 2, &count, MYK10_UPLINK_FORMAT_AUTO, datagram,
                                        len, 0, 0),
                     MYK10_EMALFORMED);
    ck_assert_int_eq(myk10_last_error_offset(), 12 + 10);
    ck_assert_str_eq(myk10_last_error(),
                     "uplink: invalid JSON at byte 22 (line 1, column 10): "
                     "unexpected token near '}'");

    /* A header without JSON after it. */
    len = make_datagram(datagram, sizeof datagram, 2, 0x00, "");
    ck_assert_int_eq(myk10_uplink_parse(records, 2, &count, MYK10_UPLINK_FORMAT_AUTO, datagram,
                                        len, 0, 0),
                     MYK10_EMALFORMED);
    ck_assert_int_eq(myk10_last_error_offset(), 12);
}
END_TEST

START_TEST(rxpk_member_errors)
{
    const myk10_uplink_format pf = MYK10_UPLINK_FORMAT_PACKET_FORWARDER;
    expect_failure(pf, "{\"rxpk\":{}}", MYK10_EMALFORMED, "uplink: rxpk: expected an array");
    expect_failure(pf, "{\"rxpk\":[{\"data\":\"gA==\"},{\"data\":\"gA==\"},7]}", MYK10_EMALFORMED,
                   "uplink: rxpk[2]: expected an object");
    expect_failure(pf, "{\"rxpk\":[{\"data\":\"gA==\"},{\"data\":\"gA==\"},{\"size\":1}]}",
                   MYK10_EMALFORMED, "uplink: rxpk[2].data: missing");
    expect_failure(pf, "{\"rxpk\":[{\"data\":\"gA==\",\"rssi\":\"-35\"}]}", MYK10_EMALFORMED,
                   "uplink: rxpk[0].rssi: expected a number");
    expect_failure(pf, "{\"rxpk\":[{\"data\":\"gA==\",\"tmst\":1.5}]}", MYK10_EMALFORMED,
                   "uplink: rxpk[0].tmst: expected an integer");
    expect_failure(pf, "{\"rxpk\":[{\"data\":\"gA==\",\"tmst\":4294967296}]}", MYK10_ERANGE,
                   "uplink: rxpk[0].tmst: 4294967296 outside 0..4294967295");
    expect_failure(pf, "{\"rxpk\":[{\"data\":\"gA==\",\"size\":2}]}", MYK10_EMALFORMED,
                   "uplink: rxpk[0].size: 2 does not match the 1 bytes of data");
    expect_failure(pf, "{\"rxpk\":[{\"data\":\"gA==\",\"stat\":2}]}", MYK10_ERANGE,
                   "uplink: rxpk[0].stat: 2 outside -1..1");
    expect_failure(pf, "{\"rxpk\":[{\"data\":\"gA==\",\"modu\":\"LORA\",\"datr\":\"SF13BW125\"}]}",
                   MYK10_ERANGE, "uplink: rxpk[0].datr: spreading factor 13 outside 5..12");
    expect_failure(pf, "{\"rxpk\":[{\"data\":\"gA==\",\"modu\":\"LORA\",\"datr\":\"SF7 BW125\"}]}",
                   MYK10_EMALFORMED, "uplink: rxpk[0].datr: expected \"SF<n>BW<kHz>\" for LoRa");
    expect_failure(pf, "{\"rxpk\":[{\"data\":\"gA==\",\"modu\":\"LORA\",\"datr\":50000}]}",
                   MYK10_EMALFORMED, "uplink: rxpk[0].datr: expected a string");
    expect_failure(pf, "{\"rxpk\":[{\"data\":\"gA==\",\"modu\":\"FSK\",\"datr\":\"SF7BW125\"}]}",
                   MYK10_EMALFORMED,
                   "uplink: rxpk[0].datr: expected an integer or a string of decimal digits");
    expect_failure(pf, "{\"rxpk\":[{\"data\":\"gA==\",\"freq\":-868.1}]}", MYK10_ERANGE,
                   "uplink: rxpk[0].freq: -868.1 MHz outside 0..4294.967295");
    expect_failure(pf, "{\"rxpk\":[{\"data\":\"gA==\",\"time\":\"2013-03-31 16:21:17Z\"}]}",
                   MYK10_EMALFORMED, "uplink: rxpk[0].time: expected 'T' at byte 10");
    expect_failure(pf, "{\"rxpk\":[{\"data\":\"gA==\",\"rsig\":[{\"rssic\":true}]}]}",
                   MYK10_EMALFORMED, "uplink: rxpk[0].rsig[0].rssic: expected a number");
}
END_TEST

START_TEST(unknown_modulation_and_null_members_are_tolerated)
{
    myk10_uplink record = parse_one(
        MYK10_UPLINK_FORMAT_PACKET_FORWARDER,
        "{\"rxpk\":[{\"data\":\"gA==\",\"modu\":\"LR-FHSS\",\"datr\":\"M0CW137\","
        "\"codr\":\"2/3\",\"rssi\":null,\"time\":null,\"brand_new\":1}]}");
    ck_assert_int_eq(record.modulation, MYK10_UPLINK_MODULATION_LR_FHSS);
    ck_assert(record.flags & MYK10_UPLINK_TIME_FROM_CALLER);
    ck_assert_uint_eq(record.flags & MYK10_UPLINK_HAS_RSSI, 0);

    record = parse_one(MYK10_UPLINK_FORMAT_PACKET_FORWARDER,
                       "{\"rxpk\":[{\"data\":\"gA==\",\"modu\":\"CHIRP2030\",\"datr\":[1]}]}");
    ck_assert_int_eq(record.modulation, MYK10_UPLINK_MODULATION_UNKNOWN);
}
END_TEST

/* ------------------------------------------------------------- base64 */

START_TEST(base64_padding_and_alphabets)
{
    myk10_uplink record;

    ck_assert_int_eq(parse_data(&record, "qg=="), MYK10_OK);
    ck_assert_uint_eq(record.payload_len, 1);
    ck_assert_uint_eq(record.payload[0], 0xAA);
    ck_assert_int_eq(parse_data(&record, "qg"), MYK10_OK); /* unpadded */
    ck_assert_uint_eq(record.payload_len, 1);
    ck_assert_int_eq(parse_data(&record, "qqs="), MYK10_OK);
    ck_assert_uint_eq(record.payload_len, 2);
    ck_assert_int_eq(parse_data(&record, "qqs"), MYK10_OK);
    ck_assert_uint_eq(record.payload_len, 2);
    ck_assert_int_eq(parse_data(&record, ""), MYK10_OK);
    ck_assert_uint_eq(record.payload_len, 0);
    ck_assert_int_eq(parse_data(&record, "+/+/"), MYK10_OK);
    ck_assert_int_eq(memcmp(record.payload, "\xfb\xff\xbf", 3), 0);
    ck_assert_int_eq(parse_data(&record, "-_8="), MYK10_OK); /* URL-safe */
    ck_assert_uint_eq(record.payload_len, 2);
    ck_assert_int_eq(memcmp(record.payload, "\xfb\xff", 2), 0);
}
END_TEST

START_TEST(base64_errors_name_the_character)
{
    static const struct {
        const char *data;
        const char *message;
    } cases[] = {
        { "qg!=", "uplink: rxpk[0].data: invalid base64 at character 2" },
        { "q g=", "uplink: rxpk[0].data: invalid base64 at character 1" },
        { "qg=", "uplink: rxpk[0].data: invalid base64 padding at character 2" },
        { "qg===", "uplink: rxpk[0].data: invalid base64 at character 2" },
        { "qqs==", "uplink: rxpk[0].data: invalid base64 padding at character 3" },
        { "q", "uplink: rxpk[0].data: invalid base64: 1 characters cannot end a group" },
        { "qh==", "uplink: rxpk[0].data: invalid base64: unused bits set at character 1" },
        { "ab=c", "uplink: rxpk[0].data: invalid base64 at character 2" },
        { "+-AA", "uplink: rxpk[0].data: invalid base64 at character 1" },
        { "_/AA", "uplink: rxpk[0].data: invalid base64 at character 1" },
    };
    char failures[2048] = "";
    myk10_uplink record;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        myk10_status status = parse_data(&record, cases[i].data);
        if (status != MYK10_EMALFORMED || strcmp(myk10_last_error(), cases[i].message) != 0)
            snprintf(failures + strlen(failures), sizeof failures - strlen(failures),
                     "[%s -> %s: %s] ", cases[i].data, myk10_status_name(status),
                     myk10_last_error());
    }
    ck_assert_msg(failures[0] == '\0', "%s", failures);
}
END_TEST

START_TEST(payload_over_255_bytes_is_out_of_range)
{
    char data[400];
    myk10_uplink record;

    /* 340 characters decode to 255 bytes; 344 to 258. */
    memset(data, 'A', 340);
    data[340] = '\0';
    ck_assert_int_eq(parse_data(&record, data), MYK10_OK);
    ck_assert_uint_eq(record.payload_len, 255);
    memset(data, 'A', 344);
    data[344] = '\0';
    ck_assert_int_eq(parse_data(&record, data), MYK10_ERANGE);
    ck_assert_str_eq(myk10_last_error(),
                     "uplink: rxpk[0].data: 258 bytes exceed the 255-byte LoRaWAN maximum");
}
END_TEST

/* ----------------------------------------------------------- ChirpStack */

START_TEST(chirpstack_documentation_example)
{
    myk10_uplink record = parse_one(MYK10_UPLINK_FORMAT_CHIRPSTACK, CHIRPSTACK_DOC_UP);
    static const uint8_t dev_eui[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
    static const uint8_t gateway[8] = { 0x00, 0x16, 0xc0, 0x01, 0xf1, 0x53, 0xa1, 0x4c };

    ck_assert_int_eq(record.format, MYK10_UPLINK_FORMAT_CHIRPSTACK);
    ck_assert_int_eq(record.kind, MYK10_UPLINK_APPLICATION_PAYLOAD);
    ck_assert_uint_eq(record.flags,
                      MYK10_UPLINK_HAS_DEV_EUI | MYK10_UPLINK_HAS_DEV_ADDR |
                          MYK10_UPLINK_HAS_FPORT | MYK10_UPLINK_HAS_FCNT |
                          MYK10_UPLINK_HAS_DATA_RATE | MYK10_UPLINK_HAS_GATEWAY_EUI |
                          MYK10_UPLINK_HAS_RSSI | MYK10_UPLINK_HAS_SNR);
    ck_assert_int_eq(record.time_sec, 1658136855);
    ck_assert_int_eq(record.time_nsec, 775023242);
    ck_assert_int_eq(memcmp(record.dev_eui, dev_eui, 8), 0);
    ck_assert_uint_eq(record.dev_addr, 0x00189440u);
    ck_assert_uint_eq(record.fcnt, 0); /* omitted in the example: zero */
    ck_assert_uint_eq(record.fport, 1);
    ck_assert_uint_eq(record.data_rate, 1);
    ck_assert_str_eq(record.device_id, "Test device");
    ck_assert_str_eq(record.application_id, "17c82e96-be03-4f38-aef3-f83d48582d97");
    ck_assert_uint_eq(record.payload_len, 1);
    ck_assert_uint_eq(record.payload[0], 0xAA);
    ck_assert_int_eq(memcmp(record.gateway_eui, gateway, 8), 0);
    ck_assert_uint_eq(record.gateway_count, 1);
    ck_assert_double_eq(record.rssi_dbm, -36);
    ck_assert_double_eq(record.snr_db, 10.5);
    ck_assert_uint_eq(record.frequency_hz, 867100000u);
    ck_assert_int_eq(record.modulation, MYK10_UPLINK_MODULATION_LORA);
    ck_assert_uint_eq(record.spreading_factor, 11);
    ck_assert_uint_eq(record.bandwidth_khz, 125);
    ck_assert_uint_eq(record.coding_rate_num, 4);
    ck_assert_uint_eq(record.coding_rate_den, 5);

    /* Detected without being told. */
    myk10_uplink detected = parse_one(MYK10_UPLINK_FORMAT_AUTO, CHIRPSTACK_DOC_UP);
    assert_same_record(&detected, &record);
}
END_TEST

START_TEST(chirpstack_several_gateways_and_long_fractions)
{
    myk10_uplink record = parse_one(
        MYK10_UPLINK_FORMAT_AUTO,
        "{\"deduplicationId\":\"x\",\"time\":\"2026-11-26T09:00:00.123456789012+01:00\","
        "\"deviceInfo\":{\"devEui\":\"70B3d57ED005B89A\"},\"fCnt\":70000,\"fPort\":2,"
        "\"confirmed\":true,\"adr\":true,\"data\":\"AQID\",\"rxInfo\":["
        "{\"gatewayId\":\"0000000000000001\",\"rssi\":-100,\"snr\":-2},"
        "{\"gatewayId\":\"0000000000000002\",\"rssi\":-90,\"snr\":6.5},"
        "{\"gatewayId\":\"0000000000000003\",\"rssi\":-80,\"snr\":6.5},"
        "{\"gatewayId\":\"0000000000000004\",\"rssi\":-40}],"
        "\"txInfo\":{\"frequency\":868500000,\"modulation\":{\"fsk\":{\"datarate\":50000}}}}");
    ck_assert_int_eq(record.time_sec, RECEIVED_SEC);
    ck_assert_int_eq(record.time_nsec, 123456789); /* digits past the ninth dropped */
    ck_assert_uint_eq(record.fcnt, 70000);
    ck_assert(record.flags & MYK10_UPLINK_CONFIRMED);
    ck_assert(record.flags & MYK10_UPLINK_ADR);
    ck_assert_uint_eq(record.gateway_count, 4);
    ck_assert_uint_eq(record.gateway_eui[7], 3); /* best SNR, then best RSSI */
    ck_assert_double_eq(record.rssi_dbm, -80);
    ck_assert_int_eq(record.modulation, MYK10_UPLINK_MODULATION_FSK);
    ck_assert_uint_eq(record.bitrate, 50000);
    ck_assert_uint_eq(record.dev_eui[0], 0x70);
    ck_assert_uint_eq(record.dev_eui[7], 0x9A);
}
END_TEST

START_TEST(chirpstack_errors)
{
    const myk10_uplink_format cs = MYK10_UPLINK_FORMAT_CHIRPSTACK;
    expect_failure(cs, "{\"fPort\":1}", MYK10_EMALFORMED, "uplink: deviceInfo: missing");
    expect_failure(cs, "{\"deviceInfo\":{},\"fPort\":1}", MYK10_EMALFORMED,
                   "uplink: deviceInfo.devEui: missing");
    expect_failure(cs, "{\"deviceInfo\":{\"devEui\":\"01010x0101010101\"},\"fPort\":1}",
                   MYK10_EMALFORMED, "uplink: deviceInfo.devEui: invalid hex digit at character 5");
    expect_failure(cs, "{\"deviceInfo\":{\"devEui\":\"AQEBAQEBAQE=\"},\"fPort\":1}",
                   MYK10_EMALFORMED, "uplink: deviceInfo.devEui: expected 16 hex digits, got 12");
    expect_failure(cs, "{\"deviceInfo\":{\"devEui\":\"0101010101010101\"},\"fPort\":256}",
                   MYK10_ERANGE, "uplink: fPort: 256 outside 0..255");
    expect_failure(cs, "{\"deviceInfo\":{\"devEui\":\"0101010101010101\"},\"fCnt\":-1}",
                   MYK10_ERANGE, "uplink: fCnt: -1 outside 0..4294967295");
    expect_failure(cs, "{\"deviceInfo\":{\"devEui\":\"0101010101010101\"},\"data\":\"qg=\"}",
                   MYK10_EMALFORMED, "uplink: data: invalid base64 padding at character 2");
    expect_failure(cs,
                   "{\"deviceInfo\":{\"devEui\":\"0101010101010101\"},\"fPort\":1,"
                   "\"rxInfo\":[{\"gatewayId\":\"0016c001f153a14c\",\"snr\":\"high\"}]}",
                   MYK10_EMALFORMED, "uplink: rxInfo[0].snr: expected a number");
    expect_failure(cs,
                   "{\"deviceInfo\":{\"devEui\":\"0101010101010101\"},\"fPort\":1,"
                   "\"txInfo\":{\"modulation\":{\"lora\":{\"spreadingFactor\":4}}}}",
                   MYK10_ERANGE,
                   "uplink: txInfo.modulation.lora.spreadingFactor: 4 outside 5..12");
    expect_failure(cs,
                   "{\"deviceInfo\":{\"devEui\":\"0101010101010101\"},\"fPort\":1,"
                   "\"time\":\"2022-07-18T09:34:15.7Z+00:00\"}",
                   MYK10_EMALFORMED,
                   "uplink: time: unexpected character after the UTC offset at byte 22");
    /* Other event types of the same integration. */
    expect_failure(MYK10_UPLINK_FORMAT_AUTO,
                   "{\"deduplicationId\":\"c9dbe358\",\"time\":\"2022-07-18T09:33:28Z\","
                   "\"deviceInfo\":{\"devEui\":\"0101010101010101\"},\"devAddr\":\"00189440\"}",
                   MYK10_EUNSUPPORTED,
                   "uplink: ChirpStack event is not an uplink (no rxInfo, data, fPort or fCnt)");
    expect_failure(MYK10_UPLINK_FORMAT_AUTO,
                   "{\"applicationID\":\"123\",\"devEUI\":\"AgICAgICAgI=\",\"data\":\"qg==\"}",
                   MYK10_EUNSUPPORTED,
                   "uplink: ChirpStack v3 event JSON (devEUI without deviceInfo) is not "
                   "supported; use the v4 JSON marshaler");
}
END_TEST

/* ----------------------------------------------------- The Things Stack */

START_TEST(things_stack_documentation_example)
{
    myk10_uplink record = parse_one(MYK10_UPLINK_FORMAT_THINGS_STACK, THINGS_STACK_DOC_UP);
    static const uint8_t dev_eui[8] = { 0x00, 0x04, 0xA3, 0x0B, 0x00, 0x1C, 0x05, 0x30 };
    static const uint8_t gateway[8] = { 0x9C, 0x5C, 0x8E, 0x00, 0x00, 0x1A, 0x05, 0xC4 };

    ck_assert_int_eq(record.format, MYK10_UPLINK_FORMAT_THINGS_STACK);
    ck_assert_int_eq(record.kind, MYK10_UPLINK_APPLICATION_PAYLOAD);
    /* The documented example carries no f_port: reported as absent. */
    ck_assert_uint_eq(record.flags,
                      MYK10_UPLINK_HAS_DEV_EUI | MYK10_UPLINK_HAS_DEV_ADDR |
                          MYK10_UPLINK_HAS_FCNT | MYK10_UPLINK_HAS_DATA_RATE |
                          MYK10_UPLINK_HAS_GATEWAY_EUI | MYK10_UPLINK_HAS_RSSI |
                          MYK10_UPLINK_HAS_SNR);
    ck_assert_str_eq(record.device_id, "dev1");
    ck_assert_str_eq(record.application_id, "app1");
    ck_assert_int_eq(memcmp(record.dev_eui, dev_eui, 8), 0);
    ck_assert_uint_eq(record.dev_addr, 0x00BCB929u);
    ck_assert_uint_eq(record.fcnt, 1);
    ck_assert_int_eq(record.time_sec, 1581520546);
    ck_assert_int_eq(record.time_nsec, 14773143);
    ck_assert_uint_eq(record.payload_len, 3);
    ck_assert_int_eq(memcmp(record.payload, "\x82\x41\xde", 3), 0);
    ck_assert_int_eq(memcmp(record.gateway_eui, gateway, 8), 0);
    ck_assert_double_eq(record.rssi_dbm, -35);
    ck_assert_double_eq(record.snr_db, 5);
    ck_assert_uint_eq(record.frequency_hz, 868300000u); /* written as a string */
    ck_assert_int_eq(record.modulation, MYK10_UPLINK_MODULATION_LORA);
    ck_assert_uint_eq(record.spreading_factor, 7);
    ck_assert_uint_eq(record.bandwidth_khz, 125);
    ck_assert_uint_eq(record.coding_rate_num, 4);
    ck_assert_uint_eq(record.coding_rate_den, 6);
    ck_assert_uint_eq(record.data_rate, 5);

    myk10_uplink detected = parse_one(MYK10_UPLINK_FORMAT_AUTO, THINGS_STACK_DOC_UP);
    assert_same_record(&detected, &record);
}
END_TEST

START_TEST(things_stack_minimal_and_newer_fields)
{
    /* Without received_at at the top, the Network Server's time is used;
     * newer releases put coding_rate inside data_rate.lora. */
    myk10_uplink record = parse_one(
        MYK10_UPLINK_FORMAT_AUTO,
        "{\"end_device_ids\":{\"device_id\":\"pegel-mayen-01\"},"
        "\"uplink_message\":{\"f_port\":10,\"f_cnt\":\"65536\",\"frm_payload\":\"AAE=\","
        "\"confirmed\":true,\"received_at\":\"2026-11-26T08:00:00Z\","
        "\"rx_metadata\":[{\"gateway_ids\":{\"gateway_id\":\"packetbroker\"},\"rssi\":-99.5}],"
        "\"settings\":{\"data_rate\":{\"lora\":{\"bandwidth\":125000,\"spreading_factor\":12,"
        "\"coding_rate\":\"4/5\"}},\"frequency\":867900000}}}");
    ck_assert_str_eq(record.device_id, "pegel-mayen-01");
    ck_assert_uint_eq(record.flags & MYK10_UPLINK_HAS_DEV_EUI, 0);
    ck_assert_uint_eq(record.flags & MYK10_UPLINK_HAS_GATEWAY_EUI, 0);
    ck_assert(record.flags & MYK10_UPLINK_CONFIRMED);
    ck_assert_uint_eq(record.fport, 10);
    ck_assert_uint_eq(record.fcnt, 65536);
    ck_assert_int_eq(record.time_sec, RECEIVED_SEC);
    ck_assert_double_eq(record.rssi_dbm, -99.5);
    ck_assert_uint_eq(record.coding_rate_den, 5);
    ck_assert_uint_eq(record.frequency_hz, 867900000u);

    /* A device id longer than the record holds is cut, and flagged. */
    char json[512];
    snprintf(json, sizeof json,
             "{\"end_device_ids\":{\"device_id\":\"%s\"},\"uplink_message\":{}}",
             "a-very-long-device-identifier-that-goes-on-and-on-beyond-sixty-three-bytes");
    record = parse_one(MYK10_UPLINK_FORMAT_THINGS_STACK, json);
    ck_assert(record.flags & MYK10_UPLINK_ID_TRUNCATED);
    ck_assert_uint_eq(strlen(record.device_id), MYK10_UPLINK_ID_CAP - 1);
    ck_assert(record.flags & MYK10_UPLINK_TIME_FROM_CALLER);
}
END_TEST

START_TEST(things_stack_errors)
{
    const myk10_uplink_format tts = MYK10_UPLINK_FORMAT_THINGS_STACK;
    expect_failure(tts, "{\"uplink_message\":{}}", MYK10_EMALFORMED,
                   "uplink: end_device_ids: missing");
    expect_failure(tts, "{\"end_device_ids\":{},\"uplink_message\":{}}", MYK10_EMALFORMED,
                   "uplink: end_device_ids.device_id: missing");
    expect_failure(tts, "{\"end_device_ids\":{\"device_id\":\"d\"},\"uplink_message\":[]}",
                   MYK10_EMALFORMED, "uplink: uplink_message: expected an object");
    expect_failure(tts,
                   "{\"end_device_ids\":{\"device_id\":\"d\"},"
                   "\"uplink_message\":{\"frm_payload\":42}}",
                   MYK10_EMALFORMED, "uplink: uplink_message.frm_payload: expected a string");
    expect_failure(tts,
                   "{\"end_device_ids\":{\"device_id\":\"d\"},"
                   "\"uplink_message\":{\"settings\":{\"frequency\":\"868.1\"}}}",
                   MYK10_EMALFORMED,
                   "uplink: uplink_message.settings.frequency: expected an integer or a "
                   "string of decimal digits");
    expect_failure(tts,
                   "{\"end_device_ids\":{\"device_id\":\"d\"},"
                   "\"uplink_message\":{\"f_cnt\":\"4294967296\"}}",
                   MYK10_ERANGE, "uplink: uplink_message.f_cnt: 4294967296 outside 0..4294967295");
    expect_failure(tts,
                   "{\"end_device_ids\":{\"device_id\":\"d\"},"
                   "\"uplink_message\":{\"f_cnt\":\"99999999999999999999999\"}}",
                   MYK10_EMALFORMED,
                   "uplink: uplink_message.f_cnt: expected an integer or a string of decimal "
                   "digits");
    expect_failure(tts,
                   "{\"end_device_ids\":{\"device_id\":\"d\"},\"uplink_message\":{"
                   "\"rx_metadata\":[{\"gateway_ids\":{\"eui\":\"9C5C8E00001A05\"}}]}}",
                   MYK10_EMALFORMED,
                   "uplink: uplink_message.rx_metadata[0].gateway_ids.eui: expected 16 hex "
                   "digits, got 14");
    expect_failure(MYK10_UPLINK_FORMAT_AUTO,
                   "{\"end_device_ids\":{\"device_id\":\"dev1\"},"
                   "\"join_accept\":{\"session_key_id\":\"AXBSH1Pk6Z0G166RlH16CQ==\"}}",
                   MYK10_EUNSUPPORTED,
                   "uplink: The Things Stack message is not an uplink (no uplink_message)");
}
END_TEST

/* ------------------------------------------------------ document errors */

START_TEST(not_json_or_not_an_object)
{
    expect_failure(MYK10_UPLINK_FORMAT_AUTO, "", MYK10_EMALFORMED,
                   "uplink: invalid JSON at byte 0 (line 1, column 0): "
                   "'[' or '{' expected near end of file");
    expect_failure(MYK10_UPLINK_FORMAT_CHIRPSTACK, "[1,2]", MYK10_EMALFORMED,
                   "uplink: expected a JSON object at byte 0");
    expect_failure(MYK10_UPLINK_FORMAT_AUTO, "{\"rxpk\":[{\"rssi\":NaN}]}", MYK10_EMALFORMED,
                   "uplink: invalid JSON at byte 20 (line 1, column 20): invalid token near 'NaN'");
    ck_assert_int_eq(myk10_last_error_offset(), 20);
    expect_failure(MYK10_UPLINK_FORMAT_AUTO, "{\"rxpk\":[{\"rssi\":1e999}]}", MYK10_EMALFORMED,
                   "uplink: invalid JSON at byte 22 (line 1, column 22): "
                   "real number overflow near '1e999'");
    expect_failure(MYK10_UPLINK_FORMAT_AUTO, "{\"rxpk\":[],\"rxpk\":[]}", MYK10_EMALFORMED,
                   "uplink: invalid JSON at byte 17 (line 1, column 17): "
                   "duplicate object key near '\"rxpk\"'");
    expect_failure(MYK10_UPLINK_FORMAT_AUTO, "{\"rxpk\":[]} trailing", MYK10_EMALFORMED,
                   "uplink: invalid JSON at byte 20 (line 1, column 20): "
                   "end of file expected near 'trailing'");
    expect_failure(MYK10_UPLINK_FORMAT_AUTO, "{\"temperature\":21.5}", MYK10_EUNSUPPORTED,
                   "uplink: not a packet forwarder, ChirpStack or The Things Stack uplink "
                   "(no rxpk, stat, deviceInfo or end_device_ids member)");
    /* A datagram handed over as ChirpStack JSON is just not JSON. */
    uint8_t datagram[64];
    size_t len = make_datagram(datagram, sizeof datagram, 2, 0, "{}");
    myk10_uplink record;
    size_t count;
    ck_assert_int_eq(myk10_uplink_parse(&record, 1, &count, MYK10_UPLINK_FORMAT_CHIRPSTACK,
                                        datagram, len, 0, 0),
                     MYK10_EMALFORMED);
}
END_TEST

START_TEST(invalid_arguments)
{
    myk10_uplink record;
    size_t count;
    myk10_uplink_reader *reader;

    ck_assert_int_eq(myk10_uplink_parse(&record, 1, NULL, MYK10_UPLINK_FORMAT_AUTO, "{}", 2, 0, 0),
                     MYK10_EINVAL);
    ck_assert_int_eq(myk10_uplink_parse(NULL, 1, &count, MYK10_UPLINK_FORMAT_AUTO, "{}", 2, 0, 0),
                     MYK10_EINVAL);
    ck_assert_int_eq(myk10_uplink_parse(&record, 1, &count, MYK10_UPLINK_FORMAT_AUTO, NULL, 2, 0,
                                        0),
                     MYK10_EINVAL);
    ck_assert_int_eq(myk10_uplink_parse(&record, 1, &count, (myk10_uplink_format)7, "{}", 2, 0,
                                        0),
                     MYK10_EINVAL);
    ck_assert_int_eq(myk10_uplink_parse(&record, 1, &count, MYK10_UPLINK_FORMAT_AUTO, "{}", 2, 0,
                                        1000000000),
                     MYK10_EINVAL);
    ck_assert_int_eq(myk10_uplink_reader_create(NULL), MYK10_EINVAL);

    ck_assert_int_eq(myk10_uplink_reader_create(&reader), MYK10_OK);
    ck_assert_int_eq(myk10_uplink_reader_get(&record, reader, 0), MYK10_ESTATE);
    myk10_uplink_format format;
    ck_assert_int_eq(myk10_uplink_reader_format(&format, reader), MYK10_ESTATE);
    ck_assert_int_eq(myk10_uplink_reader_load(&count, reader, MYK10_UPLINK_FORMAT_AUTO,
                                              CHIRPSTACK_DOC_UP, strlen(CHIRPSTACK_DOC_UP), 0, 0),
                     MYK10_OK);
    ck_assert_int_eq(myk10_uplink_reader_get(&record, reader, 1), MYK10_ERANGE);
    ck_assert_str_eq(myk10_last_error(), "uplink: record 1 requested, the document has 1");
    /* A failed load leaves the reader empty. */
    ck_assert_int_eq(myk10_uplink_reader_load(&count, reader, MYK10_UPLINK_FORMAT_AUTO, "{", 1, 0,
                                              0),
                     MYK10_EMALFORMED);
    ck_assert_int_eq(myk10_uplink_reader_get(&record, reader, 0), MYK10_ESTATE);
    myk10_uplink_reader_destroy(reader);
    myk10_uplink_reader_destroy(NULL);
}
END_TEST

START_TEST(reader_is_reusable)
{
    static const char *const documents[] = { CHIRPSTACK_DOC_UP, THINGS_STACK_DOC_UP, TWO_PACKETS,
                                             PROTOCOL_TXT_STAT };
    static const size_t expected_counts[] = { 1, 1, 2, 0 };
    myk10_uplink_reader *reader;
    size_t failures = 0;

    ck_assert_int_eq(myk10_uplink_reader_create(&reader), MYK10_OK);
    for (int round = 0; round < 50; round++) {
        for (size_t d = 0; d < 4; d++) {
            size_t count = 99;
            myk10_uplink record;
            if (myk10_uplink_reader_load(&count, reader, MYK10_UPLINK_FORMAT_AUTO, documents[d],
                                         strlen(documents[d]), 0, 0) != MYK10_OK ||
                count != expected_counts[d])
                failures++;
            for (size_t i = 0; i < count; i++)
                if (myk10_uplink_reader_get(&record, reader, i) != MYK10_OK)
                    failures++;
        }
    }
    myk10_uplink_reader_destroy(reader);
    ck_assert_uint_eq(failures, 0);
}
END_TEST

START_TEST(format_names)
{
    ck_assert_str_eq(myk10_uplink_format_name(MYK10_UPLINK_FORMAT_AUTO), "auto");
    ck_assert_str_eq(myk10_uplink_format_name(MYK10_UPLINK_FORMAT_PACKET_FORWARDER),
                     "packet-forwarder");
    ck_assert_str_eq(myk10_uplink_format_name(MYK10_UPLINK_FORMAT_CHIRPSTACK), "chirpstack");
    ck_assert_str_eq(myk10_uplink_format_name(MYK10_UPLINK_FORMAT_THINGS_STACK), "things-stack");
    ck_assert_str_eq(myk10_uplink_format_name((myk10_uplink_format)42), "unknown");
}
END_TEST

static Suite *uplink_suite(void)
{
    Suite *suite = suite_create("uplink");
    TCase *forwarder = tcase_create("packet_forwarder");
    tcase_add_test(forwarder, protocol_txt_example_reads_each_packet_on_its_own);
    tcase_add_test(forwarder, datagram_with_two_packets);
    tcase_add_test(forwarder, buffer_too_small_reports_the_count);
    tcase_add_test(forwarder, stat_only_datagram_has_no_records);
    tcase_add_test(forwarder, multi_antenna_rsig);
    tcase_add_test(forwarder, datagram_header_errors);
    tcase_add_test(forwarder, rxpk_member_errors);
    tcase_add_test(forwarder, unknown_modulation_and_null_members_are_tolerated);
    suite_add_tcase(suite, forwarder);

    TCase *base64 = tcase_create("base64");
    tcase_add_test(base64, base64_padding_and_alphabets);
    tcase_add_test(base64, base64_errors_name_the_character);
    tcase_add_test(base64, payload_over_255_bytes_is_out_of_range);
    suite_add_tcase(suite, base64);

    TCase *servers = tcase_create("network_servers");
    tcase_add_test(servers, chirpstack_documentation_example);
    tcase_add_test(servers, chirpstack_several_gateways_and_long_fractions);
    tcase_add_test(servers, chirpstack_errors);
    tcase_add_test(servers, things_stack_documentation_example);
    tcase_add_test(servers, things_stack_minimal_and_newer_fields);
    tcase_add_test(servers, things_stack_errors);
    suite_add_tcase(suite, servers);

    TCase *api = tcase_create("api");
    tcase_add_test(api, not_json_or_not_an_object);
    tcase_add_test(api, invalid_arguments);
    tcase_add_test(api, reader_is_reusable);
    tcase_add_test(api, format_names);
    suite_add_tcase(suite, api);
    return suite;
}

int main(void)
{
    SRunner *runner = srunner_create(uplink_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
