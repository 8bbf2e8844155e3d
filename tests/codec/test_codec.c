/* SPDX-License-Identifier: Apache-2.0 */
/* Check suite for the payload codecs: measurements, registry, Cayenne LPP,
 * SenML JSON/CBOR, vendor water-level sensors and declarative codecs. */
#include <check.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <myk10/common.h>
#include <myk10/frame.h>

/* ------------------------------------------------------------- helpers */

#define DEG 0.017453292519943295

static size_t allocations; /* counted by the allocator main() installs */

static void *counting_malloc(size_t size, void *user_data)
{
    (void)user_data;
    allocations++;
    return malloc(size);
}

static void *counting_realloc(void *ptr, size_t size, void *user_data)
{
    (void)user_data;
    allocations++;
    return realloc(ptr, size);
}

static void plain_free(void *ptr, void *user_data)
{
    (void)user_data;
    free(ptr);
}

static size_t hex_to_bytes(uint8_t *out, size_t cap, const char *hex)
{
    size_t n = 0;
    while (*hex) {
        if (*hex == ' ') {
            hex++;
            continue;
        }
        unsigned byte;
        ck_assert_int_eq(sscanf(hex, "%2x", &byte), 1);
        ck_assert_uint_lt(n, cap);
        out[n++] = (uint8_t)byte;
        hex += 2;
    }
    return n;
}

static myk10_measurements *new_list(void)
{
    myk10_measurements *list = NULL;
    ck_assert_int_eq(myk10_measurements_create(&list), MYK10_OK);
    return list;
}

static myk10_codec_registry *new_registry(void)
{
    myk10_codec_registry *reg = NULL;
    ck_assert_int_eq(myk10_codec_registry_create(&reg), MYK10_OK);
    return reg;
}

/* Decodes hex with codec `name`; returns the status. */
static myk10_status decode_hex(myk10_measurements *list, const char *name,
                               const myk10_codec_context *ctx, const char *hex)
{
    uint8_t bytes[512];
    size_t len = hex_to_bytes(bytes, sizeof bytes, hex);
    myk10_codec_registry *reg = new_registry();
    myk10_status status = myk10_codec_registry_decode(list, reg, name, ctx, bytes, len);
    myk10_codec_registry_destroy(reg);
    return status;
}

static myk10_status decode_text(myk10_measurements *list, const char *name,
                                const myk10_codec_context *ctx, const char *text)
{
    myk10_codec_registry *reg = new_registry();
    myk10_status status = myk10_codec_registry_decode(list, reg, name, ctx,
                                                      (const uint8_t *)text, strlen(text));
    myk10_codec_registry_destroy(reg);
    return status;
}

static void expect_number(const myk10_measurements *list, size_t index, const char *quantity,
                          const char *unit, int32_t channel, double value)
{
    myk10_measurement m;
    ck_assert_int_eq(myk10_measurements_get(&m, list, index), MYK10_OK);
    ck_assert_str_eq(m.quantity, quantity);
    ck_assert_str_eq(m.unit, unit);
    ck_assert_int_eq(m.channel, channel);
    ck_assert_int_eq(m.kind, MYK10_VALUE_NUMBER);
    ck_assert_msg(fabs(m.number - value) <= 1e-9 * fmax(1.0, fabs(value)),
                  "measurement %zu (%s): %.17g, expected %.17g", index, quantity, m.number, value);
}

static void expect_error(myk10_status got, myk10_status want, const char *message)
{
    ck_assert_int_eq(got, want);
    ck_assert_str_eq(myk10_last_error(), message);
}

/* --------------------------------------------------------- measurements */

START_TEST(measurements_add_copies_and_clear_reuses)
{
    myk10_measurements *list = new_list();
    char quantity[] = "water_level";
    char device[] = "gauge-7";
    myk10_measurement m = { .device = device, .quantity = quantity, .unit = "m", .time = 1700000000,
                            .channel = 2, .kind = MYK10_VALUE_NUMBER, .number = 1.25 };
    ck_assert_int_eq(myk10_measurements_add(list, &m), MYK10_OK);
    quantity[0] = 'X'; /* the list holds its own copy */
    device[0] = 'X';
    myk10_measurement got;
    ck_assert_int_eq(myk10_measurements_get(&got, list, 0), MYK10_OK);
    ck_assert_str_eq(got.quantity, "water_level");
    ck_assert_str_eq(got.device, "gauge-7");
    ck_assert_int_eq(got.time, 1700000000);

    myk10_measurement text = { .quantity = "status", .kind = MYK10_VALUE_STRING, .string = "ok" };
    ck_assert_int_eq(myk10_measurements_add(list, &text), MYK10_OK);
    ck_assert_int_eq(myk10_measurements_get(&got, list, 1), MYK10_OK);
    ck_assert_str_eq(got.string, "ok");
    ck_assert_uint_eq(got.data_len, 2);
    ck_assert_str_eq(got.device, "");
    ck_assert_str_eq(got.unit, "");

    ck_assert_uint_eq(myk10_measurements_count(list), 2);
    myk10_measurements_clear(list);
    ck_assert_uint_eq(myk10_measurements_count(list), 0);
    expect_error(myk10_measurements_get(&got, list, 0), MYK10_ERANGE,
                 "measurements: index 0 beyond count 0");
    myk10_measurements_destroy(list);
    myk10_measurements_destroy(NULL);
}
END_TEST

START_TEST(measurements_add_rejects_bad_values)
{
    myk10_measurements *list = new_list();
    myk10_measurement m = { .quantity = "x", .kind = MYK10_VALUE_NUMBER, .number = NAN };
    expect_error(myk10_measurements_add(list, &m), MYK10_EINVAL,
                 "measurements: number is not finite");
    m.number = 1;
    m.quantity = "";
    expect_error(myk10_measurements_add(list, &m), MYK10_EINVAL,
                 "measurements: quantity is NULL or empty");
    m.quantity = "x";
    m.kind = MYK10_VALUE_NONE;
    expect_error(myk10_measurements_add(list, &m), MYK10_EINVAL,
                 "measurements: no value and no sum");
    m.kind = (myk10_value_kind)99;
    ck_assert_int_eq(myk10_measurements_add(list, &m), MYK10_EINVAL);
    m.kind = MYK10_VALUE_NUMBER;
    m.time_ns = 1000000000;
    ck_assert_int_eq(myk10_measurements_add(list, &m), MYK10_EINVAL);
    ck_assert_int_eq(myk10_measurements_add(NULL, &m), MYK10_EINVAL);
    ck_assert_int_eq(myk10_measurements_create(NULL), MYK10_EINVAL);
    ck_assert_uint_eq(myk10_measurements_count(list), 0);
    myk10_measurements_destroy(list);
}
END_TEST

/* Decoding into a cleared list must not allocate once the list has grown. */
START_TEST(measurements_steady_state_allocates_nothing)
{
    uint8_t payload[64];
    size_t len = hex_to_bytes(payload, sizeof payload, "03670110056700FF018806765FF2960A0003E8");
    myk10_measurements *list = new_list();
    myk10_codec_registry *reg = new_registry();
    myk10_codec_context ctx = MYK10_CODEC_CONTEXT_INIT;
    ctx.device = "lpp-1";
    for (int warm = 0; warm < 3; warm++) {
        myk10_measurements_clear(list);
        ck_assert_int_eq(myk10_codec_registry_decode(list, reg, "cayenne-lpp", &ctx, payload, len),
                         MYK10_OK);
    }
    size_t before = allocations;
    bool ok = true;
    for (int i = 0; i < 10000 && ok; i++) {
        myk10_measurements_clear(list);
        ok = myk10_codec_registry_decode(list, reg, "cayenne-lpp", &ctx, payload, len) == MYK10_OK;
    }
    ck_assert(ok);
    ck_assert_uint_eq(allocations, before);
    ck_assert_uint_eq(myk10_measurements_count(list), 5);
    myk10_codec_registry_destroy(reg);
    myk10_measurements_destroy(list);
}
END_TEST

/* --------------------------------------------------------------- LPP */

/* Cayenne LPP documentation (myDevices, "Cayenne Low Power Payload",
 * section "Examples"): device with 2 temperature sensors. */
START_TEST(lpp_doc_two_temperatures)
{
    myk10_measurements *list = new_list();
    ck_assert_int_eq(decode_hex(list, "cayenne-lpp", NULL, "03 67 01 10 05 67 00 FF"), MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(list), 2);
    expect_number(list, 0, "temperature", "Cel", 3, 27.2);
    expect_number(list, 1, "temperature", "Cel", 5, 25.5);
    myk10_measurements_destroy(list);
}
END_TEST

/* Same documentation: temperature and accelerometer in one frame. */
START_TEST(lpp_doc_temperature_and_acceleration)
{
    myk10_measurements *list = new_list();
    ck_assert_int_eq(decode_hex(list, "cayenne-lpp", NULL, "01 67 FF D7 06 71 04 D2 FB 2E 00 00"),
                     MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(list), 4);
    expect_number(list, 0, "temperature", "Cel", 1, -4.1);
    expect_number(list, 1, "acceleration_x", "m/s2", 6, 1.234 * 9.80665);
    expect_number(list, 2, "acceleration_y", "m/s2", 6, -1.234 * 9.80665);
    expect_number(list, 3, "acceleration_z", "m/s2", 6, 0.0);
    myk10_measurements_destroy(list);
}
END_TEST

/* Same documentation: GPS 42.3519, -87.9094, 10 m. */
START_TEST(lpp_doc_gps)
{
    myk10_measurements *list = new_list();
    ck_assert_int_eq(decode_hex(list, "cayenne-lpp", NULL, "01 88 06 76 5F F2 96 0A 00 03 E8"),
                     MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(list), 3);
    expect_number(list, 0, "latitude", "lat", 1, 42.3519);
    expect_number(list, 1, "longitude", "lon", 1, -87.9094);
    expect_number(list, 2, "altitude", "m", 1, 10.0);
    myk10_measurements_destroy(list);
}
END_TEST

/* Hand-computed bytes for every other type, at the edges of their ranges. */
START_TEST(lpp_every_type)
{
    static const struct {
        const char *hex;
        const char *quantity;
        const char *unit;
        double value;
    } cases[] = {
        { "0000FF", "digital_input", "", 255 },
        { "010101", "digital_output", "", 1 },
        { "0202FF38", "analog_input", "", -2.0 },       /* -200 / 100 */
        { "03037FFF", "analog_output", "", 327.67 },
        { "0464FFFFFFFF", "generic", "", 4294967295.0 },
        { "0565FFFF", "illuminance", "lx", 65535 },
        { "066601", "presence", "", 1 },
        { "07678000", "temperature", "Cel", -3276.8 },
        { "0868C8", "humidity", "%RH", 100.0 },          /* 200 * 0.5 */
        { "0973277F", "pressure", "hPa", 1011.1 },
        { "0A74014D", "voltage", "V", 3.33 },
        { "0B7503E8", "current", "A", 1.0 },
        { "0C7600000384", "frequency", "Hz", 900 },
        { "0D7864", "percentage", "%", 100 },
        { "0E79FF9C", "altitude", "m", -100 },
        { "0F7D01F4", "concentration", "ppm", 500 },
        { "108007D0", "power", "W", 2000 },
        { "118200000BB8", "distance", "m", 3.0 },
        { "1283000003E8", "energy", "J", 3.6e6 },        /* 1 kWh */
        { "13840168", "direction", "deg", 360 },
        { "14856553F100", "unix_time", "s", 1700000000 },
        { "158E01", "switch", "", 1 },
    };
    myk10_measurements *list = new_list();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        myk10_measurements_clear(list);
        ck_assert_int_eq(decode_hex(list, "cayenne-lpp", NULL, cases[i].hex), MYK10_OK);
        ck_assert_uint_eq(myk10_measurements_count(list), 1);
        expect_number(list, 0, cases[i].quantity, cases[i].unit, (int32_t)(i), cases[i].value);
    }
    myk10_measurements_clear(list);
    /* gyrometer: 0.01 deg/s steps, out in rad/s; colour: three bytes */
    ck_assert_int_eq(decode_hex(list, "cayenne-lpp", NULL, "0186 0064 FF9C 0000 0287 FF8000"),
                     MYK10_OK);
    expect_number(list, 0, "angular_velocity_x", "rad/s", 1, 1.0 * DEG);
    expect_number(list, 1, "angular_velocity_y", "rad/s", 1, -1.0 * DEG);
    expect_number(list, 3, "colour_red", "", 2, 255);
    expect_number(list, 4, "colour_green", "", 2, 128);
    expect_number(list, 5, "colour_blue", "", 2, 0);
    myk10_measurements_clear(list);
    /* GPS southern/western hemisphere with negative altitude */
    ck_assert_int_eq(decode_hex(list, "cayenne-lpp", NULL, "0988 F989A1 000000 FFFF9C"), MYK10_OK);
    expect_number(list, 0, "latitude", "lat", 9, -42.3519);
    expect_number(list, 2, "altitude", "m", 9, -1.0);
    myk10_measurements_destroy(list);
}
END_TEST

START_TEST(lpp_empty_payload_is_no_measurement)
{
    myk10_measurements *list = new_list();
    ck_assert_int_eq(decode_hex(list, "cayenne-lpp", NULL, ""), MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(list), 0);
    ck_assert_int_eq(myk10_lpp_decode(list, NULL, NULL, 0), MYK10_OK);
    ck_assert_int_eq(myk10_lpp_decode(NULL, NULL, NULL, 0), MYK10_EINVAL);
    myk10_measurements_destroy(list);
}
END_TEST

START_TEST(lpp_bad_input_names_the_byte)
{
    myk10_measurements *list = new_list();
    expect_error(decode_hex(list, "cayenne-lpp", NULL, "03670110 0505 00"), MYK10_EUNSUPPORTED,
                 "lpp: unknown type 5 at byte 5");
    ck_assert_int_eq(myk10_last_error_offset(), 5);
    expect_error(decode_hex(list, "cayenne-lpp", NULL, "036701"), MYK10_ETRUNCATED,
                 "lpp: type 103 at byte 1 needs 2 data bytes, 1 left");
    ck_assert_int_eq(myk10_last_error_offset(), 3);
    expect_error(decode_hex(list, "cayenne-lpp", NULL, "0367011003"), MYK10_ETRUNCATED,
                 "lpp: item at byte 4 has no type byte");
    expect_error(decode_hex(list, "cayenne-lpp", NULL, "01 88 06 76 5F F2 96 0A 00 03"),
                 MYK10_ETRUNCATED, "lpp: type 136 at byte 1 needs 9 data bytes, 8 left");
    /* a failed decode leaves the list as it was */
    ck_assert_uint_eq(myk10_measurements_count(list), 0);
    myk10_measurements_destroy(list);
}
END_TEST

/* ------------------------------------------------------------- SenML */

/* RFC 8428 section 5.1.2 "Multiple Datapoints". */
static const char rfc_5_1_2[] =
    "[{\"bn\":\"urn:dev:ow:10e2073a01080063:\",\"n\":\"voltage\",\"u\":\"V\",\"v\":120.1},"
    " {\"n\":\"current\",\"u\":\"A\",\"v\":1.2}]";

/* RFC 8428 section 5.1.3 "Multiple Measurements". */
static const char rfc_5_1_3[] =
    "[{\"bn\":\"urn:dev:ow:10e2073a0108006:\",\"bt\":1.276020076001e+09,"
    "\"bu\":\"A\",\"bver\":5,\"n\":\"voltage\",\"u\":\"V\",\"v\":120.1},"
    "{\"n\":\"current\",\"t\":-5,\"v\":1.2},{\"n\":\"current\",\"t\":-4,\"v\":1.3},"
    "{\"n\":\"current\",\"t\":-3,\"v\":1.4},{\"n\":\"current\",\"t\":-2,\"v\":1.5},"
    "{\"n\":\"current\",\"t\":-1,\"v\":1.6},{\"n\":\"current\",\"v\":1.7}]";

/* RFC 8428 section 5.1.4 "Resolved Data": the same pack, resolved. */
static const char rfc_5_1_4[] =
    "[{\"n\":\"urn:dev:ow:10e2073a0108006:voltage\",\"u\":\"V\",\"t\":1.276020076001e+09,\"v\":120.1},"
    "{\"n\":\"urn:dev:ow:10e2073a0108006:current\",\"u\":\"A\",\"t\":1.276020071001e+09,\"v\":1.2},"
    "{\"n\":\"urn:dev:ow:10e2073a0108006:current\",\"u\":\"A\",\"t\":1.276020072001e+09,\"v\":1.3},"
    "{\"n\":\"urn:dev:ow:10e2073a0108006:current\",\"u\":\"A\",\"t\":1.276020073001e+09,\"v\":1.4},"
    "{\"n\":\"urn:dev:ow:10e2073a0108006:current\",\"u\":\"A\",\"t\":1.276020074001e+09,\"v\":1.5},"
    "{\"n\":\"urn:dev:ow:10e2073a0108006:current\",\"u\":\"A\",\"t\":1.276020075001e+09,\"v\":1.6},"
    "{\"n\":\"urn:dev:ow:10e2073a0108006:current\",\"u\":\"A\",\"t\":1.276020076001e+09,\"v\":1.7}]";

static void expect_same_measurements(const myk10_measurements *a, const myk10_measurements *b)
{
    ck_assert_uint_eq(myk10_measurements_count(a), myk10_measurements_count(b));
    bool same = true;
    size_t bad = 0;
    for (size_t i = 0; i < myk10_measurements_count(a) && same; i++) {
        myk10_measurement x, y;
        myk10_measurements_get(&x, a, i);
        myk10_measurements_get(&y, b, i);
        same = strcmp(x.quantity, y.quantity) == 0 && strcmp(x.unit, y.unit) == 0 &&
               strcmp(x.device, y.device) == 0 && x.time == y.time && x.time_ns == y.time_ns &&
               x.kind == y.kind && x.has_sum == y.has_sum && (!x.has_sum || x.sum == y.sum) &&
               (x.kind != MYK10_VALUE_NUMBER || x.number == y.number) &&
               (x.kind != MYK10_VALUE_BOOLEAN || x.boolean == y.boolean) &&
               (x.kind != MYK10_VALUE_STRING || strcmp(x.string, y.string) == 0) &&
               (x.kind != MYK10_VALUE_DATA ||
                (x.data_len == y.data_len && memcmp(x.data, y.data, x.data_len) == 0));
        bad = i;
    }
    ck_assert_msg(same, "measurement %zu differs", bad);
}

START_TEST(senml_rfc_single_and_multiple_datapoints)
{
    myk10_measurements *list = new_list();
    /* RFC 8428 section 5.1.1 "Single Datapoint" */
    ck_assert_int_eq(decode_text(list, "senml-json", NULL,
                                 "[{\"n\":\"urn:dev:ow:10e2073a01080063\",\"u\":\"Cel\",\"v\":23.1}]"),
                     MYK10_OK);
    expect_number(list, 0, "urn:dev:ow:10e2073a01080063", "Cel", MYK10_NO_CHANNEL, 23.1);
    myk10_measurements_clear(list);

    myk10_codec_context ctx = MYK10_CODEC_CONTEXT_INIT;
    ctx.time = 1700000000;
    ctx.device = "gw-1";
    ck_assert_int_eq(decode_text(list, "senml-json", &ctx, rfc_5_1_2), MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(list), 2);
    expect_number(list, 0, "urn:dev:ow:10e2073a01080063:voltage", "V", MYK10_NO_CHANNEL, 120.1);
    expect_number(list, 1, "urn:dev:ow:10e2073a01080063:current", "A", MYK10_NO_CHANNEL, 1.2);
    myk10_measurement m;
    myk10_measurements_get(&m, list, 1);
    ck_assert_int_eq(m.time, 1700000000); /* no time: "now" (section 4.5.3) */
    ck_assert_str_eq(m.device, "gw-1");
    myk10_measurements_destroy(list);
}
END_TEST

/* Decoding 5.1.3 must give exactly the resolved records of 5.1.4, and
 * encoding it must give 5.1.4 back. */
START_TEST(senml_rfc_resolution_matches_resolved_example)
{
    myk10_measurements *packed = new_list(), *resolved = new_list(), *again = new_list();
    ck_assert_int_eq(decode_text(packed, "senml-json", NULL, rfc_5_1_3), MYK10_OK);
    ck_assert_int_eq(decode_text(resolved, "senml-json", NULL, rfc_5_1_4), MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(packed), 7);
    expect_same_measurements(packed, resolved);
    myk10_measurement m;
    myk10_measurements_get(&m, packed, 1);
    ck_assert_int_eq(m.time, 1276020071);
    ck_assert_int_eq(m.time_ns, 1000000);
    ck_assert_str_eq(m.unit, "A"); /* from bu */

    char text[4096];
    size_t len;
    ck_assert_int_eq(myk10_senml_json_encode(text, sizeof text, &len, packed, 0), MYK10_OK);
    ck_assert_uint_eq(len, strlen(text));
    ck_assert_int_eq(decode_text(again, "senml-json", NULL, text), MYK10_OK);
    expect_same_measurements(packed, again);
    ck_assert_ptr_nonnull(strstr(text, "{\"n\":\"urn:dev:ow:10e2073a0108006:current\","
                                       "\"u\":\"A\",\"v\":1.2,\"t\":1276020071.001}"));
    myk10_measurements_destroy(packed);
    myk10_measurements_destroy(resolved);
    myk10_measurements_destroy(again);
}
END_TEST

/* RFC 8428 section 5.1.5 "Multiple Data Types" (first records): a base name
 * alone names the records, units switch per record, times are absolute. */
START_TEST(senml_rfc_multiple_data_types)
{
    static const char pack[] =
        "[{\"bn\":\"urn:dev:ow:10e2073a01080063\",\"bt\":1.320067464e+09,\"bu\":\"%RH\",\"v\":20},"
        "{\"u\":\"lon\",\"v\":24.30621},{\"u\":\"lat\",\"v\":60.07965},"
        "{\"t\":60,\"v\":20.3},{\"u\":\"lon\",\"t\":60,\"v\":24.30622}]";
    myk10_measurements *list = new_list();
    ck_assert_int_eq(decode_text(list, "senml-json", NULL, pack), MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(list), 5);
    expect_number(list, 0, "urn:dev:ow:10e2073a01080063", "%RH", MYK10_NO_CHANNEL, 20);
    expect_number(list, 2, "urn:dev:ow:10e2073a01080063", "lat", MYK10_NO_CHANNEL, 60.07965);
    expect_number(list, 3, "urn:dev:ow:10e2073a01080063", "%RH", MYK10_NO_CHANNEL, 20.3);
    myk10_measurement m;
    myk10_measurements_get(&m, list, 4);
    ck_assert_int_eq(m.time, 1320067524);
    ck_assert_int_eq(m.time_ns, 0);
    myk10_measurements_destroy(list);
}
END_TEST

START_TEST(senml_value_kinds_base_value_and_sum)
{
    static const char pack[] =
        "[{\"bn\":\"dev/\",\"bv\":100,\"bs\":1000,\"n\":\"a\",\"v\":1.5,\"s\":5},"
        "{\"n\":\"b\",\"vs\":\"open \\\"gate\\\"\"},{\"n\":\"c\",\"vb\":false},"
        "{\"n\":\"d\",\"vd\":\"AQID_w\"},{\"n\":\"e\",\"s\":2,\"t\":1e9,\"ut\":60},"
        "{\"n\":\"f\",\"v\":-0.25,\"t\":-2.5}]";
    myk10_codec_context ctx = MYK10_CODEC_CONTEXT_INIT;
    ctx.time = 1700000000;
    myk10_measurements *list = new_list(), *again = new_list(), *from_cbor = new_list();
    ck_assert_int_eq(decode_text(list, "senml-json", &ctx, pack), MYK10_OK);
    myk10_measurement m;
    myk10_measurements_get(&m, list, 0);
    ck_assert(m.number == 101.5 && m.has_sum && m.sum == 1005);
    myk10_measurements_get(&m, list, 1);
    ck_assert_int_eq(m.kind, MYK10_VALUE_STRING);
    ck_assert_str_eq(m.string, "open \"gate\"");
    myk10_measurements_get(&m, list, 2);
    ck_assert(m.kind == MYK10_VALUE_BOOLEAN && !m.boolean);
    myk10_measurements_get(&m, list, 3);
    ck_assert(m.kind == MYK10_VALUE_DATA && m.data_len == 4);
    ck_assert(m.data[0] == 1 && m.data[1] == 2 && m.data[2] == 3 && m.data[3] == 0xff);
    myk10_measurements_get(&m, list, 4);
    ck_assert(m.kind == MYK10_VALUE_NONE && m.sum == 1002 && m.time == 1000000000);
    myk10_measurements_get(&m, list, 5);
    ck_assert_int_eq(m.time, 1699999997); /* now - 2.5 s */
    ck_assert_int_eq(m.time_ns, 500000000);

    /* JSON -> measurements -> JSON -> measurements, and -> CBOR -> measurements */
    char text[2048];
    uint8_t cbor[2048];
    size_t len, cbor_len;
    ck_assert_int_eq(myk10_senml_json_encode(text, sizeof text, &len, list, 0), MYK10_OK);
    ck_assert_int_eq(myk10_senml_json_decode(again, &ctx, (const uint8_t *)text, len), MYK10_OK);
    expect_same_measurements(list, again);
    ck_assert_int_eq(myk10_senml_cbor_encode(cbor, sizeof cbor, &cbor_len, list, 0), MYK10_OK);
    ck_assert_int_eq(myk10_senml_cbor_decode(from_cbor, &ctx, cbor, cbor_len), MYK10_OK);
    expect_same_measurements(list, from_cbor);
    myk10_measurements_destroy(list);
    myk10_measurements_destroy(again);
    myk10_measurements_destroy(from_cbor);
}
END_TEST

/* RFC 8428 section 6 labels, written by hand: the pack of section 5.1.2 with
 * bn (-2), n (0), u (1), v (2), plus bt (-3) and t (6). */
START_TEST(senml_cbor_hand_encoded)
{
    static const uint8_t pack[] = {
        0x82,                                     /* array(2) */
        0xa5,                                     /* map(5) */
        0x21, 0x78, 0x1c,                         /* -2 (bn): text(28) */
        'u', 'r', 'n', ':', 'd', 'e', 'v', ':', 'o', 'w', ':', '1', '0', 'e', '2', '0', '7',
        '3', 'a', '0', '1', '0', '8', '0', '0', '6', '3', ':',
        0x22, 0x1a, 0x4c, 0x0f, 0x5c, 0x88,       /* -3 (bt): 1276075144 */
        0x00, 0x67, 'v', 'o', 'l', 't', 'a', 'g', 'e', /* 0 (n) */
        0x01, 0x61, 'V',                          /* 1 (u) */
        0x02, 0xfb, 0x40, 0x5e, 0x06, 0x66, 0x66, 0x66, 0x66, 0x66, /* 2 (v): 120.1 */
        0xa4,                                     /* map(4) */
        0x00, 0x67, 'c', 'u', 'r', 'r', 'e', 'n', 't',
        0x01, 0x61, 'A',
        0x02, 0xf9, 0x3c, 0xcd,                   /* v: half float 1.2001953125 */
        0x06, 0x24,                               /* 6 (t): -5 */
    };
    myk10_measurements *list = new_list(), *json = new_list();
    ck_assert_int_eq(myk10_senml_cbor_decode(list, NULL, pack, sizeof pack), MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(list), 2);
    expect_number(list, 0, "urn:dev:ow:10e2073a01080063:voltage", "V", MYK10_NO_CHANNEL, 120.1);
    expect_number(list, 1, "urn:dev:ow:10e2073a01080063:current", "A", MYK10_NO_CHANNEL,
                  1.2001953125);
    myk10_measurement m;
    myk10_measurements_get(&m, list, 1);
    ck_assert_int_eq(m.time, 1276075139);

    /* the same pack from RFC 8428 5.1.2 JSON encodes to CBOR that decodes alike */
    uint8_t out[512];
    size_t len;
    ck_assert_int_eq(decode_text(json, "senml-json", NULL, rfc_5_1_2), MYK10_OK);
    ck_assert_int_eq(myk10_senml_cbor_encode(out, sizeof out, &len, json, 0), MYK10_OK);
    myk10_measurements_clear(list);
    ck_assert_int_eq(myk10_senml_cbor_decode(list, NULL, out, len), MYK10_OK);
    expect_same_measurements(json, list);
    myk10_measurements_destroy(list);
    myk10_measurements_destroy(json);
}
END_TEST

START_TEST(senml_encode_size_query_and_base_name)
{
    myk10_measurements *list = new_list();
    myk10_codec_context ctx = MYK10_CODEC_CONTEXT_INIT;
    ctx.device = "gauge-3";
    ctx.time = 1700000000;
    ck_assert_int_eq(decode_hex(list, "cayenne-lpp", &ctx, "03670110 056700FF"), MYK10_OK);
    size_t needed = 0;
    expect_error(myk10_senml_json_encode(NULL, 0, &needed, list, MYK10_SENML_DEVICE_AS_BASE_NAME),
                 MYK10_EBUFSIZE, "senml: JSON needs 126 bytes, buffer has 0");
    char *text = malloc(needed);
    size_t len;
    ck_assert_int_eq(myk10_senml_json_encode(text, needed - 1, &len, list,
                                             MYK10_SENML_DEVICE_AS_BASE_NAME), MYK10_EBUFSIZE);
    ck_assert_int_eq(myk10_senml_json_encode(text, needed, &len, list,
                                             MYK10_SENML_DEVICE_AS_BASE_NAME), MYK10_OK);
    ck_assert_uint_eq(len, needed - 1);
    ck_assert_str_eq(text, "[{\"bn\":\"gauge-3:\",\"n\":\"temperature\",\"u\":\"Cel\",\"v\":27.2,"
                           "\"t\":1700000000},{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":25.5,"
                           "\"t\":1700000000}]");
    free(text);
    uint8_t small[4];
    ck_assert_int_eq(myk10_senml_cbor_encode(small, sizeof small, &needed, list, 0), MYK10_EBUFSIZE);
    ck_assert_uint_gt(needed, sizeof small);
    ck_assert_int_eq(myk10_senml_cbor_encode(NULL, 0, NULL, list, 0), MYK10_EINVAL);
    myk10_measurements_destroy(list);
}
END_TEST

START_TEST(senml_bad_input)
{
    myk10_measurements *list = new_list();
    expect_error(decode_text(list, "senml-json", NULL, "[{\"n\":\"a\",\"v\":1,\"vs\":\"x\"}]"),
                 MYK10_ECONFLICT, "senml: record 0: fields 'v' and 'vs' both present");
    expect_error(decode_text(list, "senml-json", NULL, "[{\"n\":\"a\",\"v\":1},{\"v\":2}]"),
                 MYK10_EMALFORMED,
                 "senml: record 1: no name after resolution (fields 'bn' and 'n' empty or absent)");
    expect_error(decode_text(list, "senml-json", NULL, "[{\"bver\":11,\"n\":\"a\",\"v\":1}]"),
                 MYK10_EUNSUPPORTED,
                 "senml: record 0: field 'bver' 11 is newer than supported version 10");
    expect_error(decode_text(list, "senml-json", NULL, "[{\"n\":\"a\",\"v\":1},{\"n\":\"b\",\"bt\":\"x\",\"v\":1}]"),
                 MYK10_EMALFORMED, "senml: record 1: field 'bt' must be a number");
    expect_error(decode_text(list, "senml-json", NULL, "[{\"n\":\"a\",\"v\":1,\"foo_\":1}]"),
                 MYK10_EUNSUPPORTED,
                 "senml: record 0: field 'foo_' must be understood and is not supported");
    expect_error(decode_text(list, "senml-json", NULL, "[{\"n\":\"-a\",\"v\":1}]"),
                 MYK10_EMALFORMED,
                 "senml: record 0: field 'n': name has invalid character at byte 0");
    expect_error(decode_text(list, "senml-json", NULL, "[{\"n\":\"a\"}]"), MYK10_EMALFORMED,
                 "senml: record 0: no value field ('v', 'vs', 'vb', 'vd') and no 's'");
    expect_error(decode_text(list, "senml-json", NULL, "[{\"n\":\"a\",\"vd\":\"A\"}]"),
                 MYK10_EMALFORMED, "senml: record 0: field 'vd' is not base64url");
    /* "AQJ" sets bits past the two bytes it encodes ("AQI" is canonical). */
    expect_error(decode_text(list, "senml-json", NULL, "[{\"n\":\"a\",\"vd\":\"AQJ\"}]"),
                 MYK10_EMALFORMED, "senml: record 0: field 'vd' is not base64url");
    expect_error(decode_text(list, "senml-json", NULL, "[{\"n\":\"a\",\"v\":1,\"t\":1e300}]"),
                 MYK10_ERANGE,
                 "senml: record 0: field 't': time is not finite or beyond 2^53 s");
    ck_assert_int_eq(decode_text(list, "senml-json", NULL, "[{\"n\":\"a\",\"v\":1,\"v\":2}]"),
                     MYK10_EMALFORMED);
    ck_assert_int_eq(decode_text(list, "senml-json", NULL, "[{\"n\":\"a\",\"v\":1}"),
                     MYK10_EMALFORMED);
    ck_assert_int_eq(myk10_last_error_offset(), 16);
    ck_assert_int_eq(decode_text(list, "senml-json", NULL, "{}"), MYK10_EMALFORMED);
    ck_assert_int_eq(decode_text(list, "senml-json", NULL, "[1]"), MYK10_EMALFORMED);

    /* CBOR: NaN value, truncation, trailing bytes, wrong label type */
    static const uint8_t nan_value[] = { 0x81, 0xa2, 0x00, 0x61, 'a', 0x02, 0xf9, 0x7e, 0x00 };
    expect_error(myk10_senml_cbor_decode(list, NULL, nan_value, sizeof nan_value), MYK10_ERANGE,
                 "senml: record 0: field 'v' is not finite");
    expect_error(myk10_senml_cbor_decode(list, NULL, nan_value, 5), MYK10_ETRUNCATED,
                 "senml: CBOR ends early at byte 5");
    static const uint8_t trailing[] = { 0x80, 0x00 };
    expect_error(myk10_senml_cbor_decode(list, NULL, trailing, sizeof trailing), MYK10_EMALFORMED,
                 "senml: extra data after the CBOR pack at byte 1");
    static const uint8_t text_n[] = { 0x81, 0xa2, 0x00, 0x01, 0x02, 0x01 };
    expect_error(myk10_senml_cbor_decode(list, NULL, text_n, sizeof text_n), MYK10_EMALFORMED,
                 "senml: record 0: field 'n' must be a text string");
    static const uint8_t bad_utf8[] = { 0x81, 0xa2, 0x00, 0x61, 0xff, 0x02, 0x01 };
    ck_assert_int_eq(myk10_senml_cbor_decode(list, NULL, bad_utf8, sizeof bad_utf8),
                     MYK10_EMALFORMED);
    ck_assert_uint_eq(myk10_measurements_count(list), 0);
    myk10_measurements_destroy(list);
}
END_TEST

/* ------------------------------------------------------------ vendors */

/* Dragino LDDS75 User Manual, 2.3 "Uplink Payload": examples 0x0B45 =
 * 2885 mV (2.3.1), distance 0x0B05 = 2821 mm (2.3.2), DS18B20 0x0105 =
 * 26.1 Cel and 0xFF3F = -19.3 Cel (2.3.4), assembled into one frame. */
START_TEST(vendor_dragino_ldds75)
{
    myk10_measurements *list = new_list();
    myk10_codec_context ctx = MYK10_CODEC_CONTEXT_INIT;
    ctx.fport = 2;
    ctx.has_mounting_height = true;
    ctx.mounting_height_m = 5.0;
    ck_assert_int_eq(decode_hex(list, "dragino-ldds75", &ctx, "0B45 0B05 00 0105 01"), MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(list), 4);
    expect_number(list, 0, "battery_voltage", "V", MYK10_NO_CHANNEL, 2.885);
    expect_number(list, 1, "distance", "m", MYK10_NO_CHANNEL, 2.821);
    expect_number(list, 2, "temperature", "Cel", MYK10_NO_CHANNEL, 26.1);
    expect_number(list, 3, "water_level", "m", MYK10_NO_CHANNEL, 5.0 - 2.821);
    myk10_measurements_clear(list);
    /* no probe (distance 0): no distance, no level; negative temperature */
    ck_assert_int_eq(decode_hex(list, "dragino-ldds75", &ctx, "0B49 0000 00 FF3F 00"), MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(list), 2);
    expect_number(list, 1, "temperature", "Cel", MYK10_NO_CHANNEL, -19.3);
    expect_error(decode_hex(list, "dragino-ldds75", &ctx, "0B45 0B05 00 01"), MYK10_ETRUNCATED,
                 "ldds75: payload has 6 bytes, needs 8 (ends at byte 6)");
    ctx.fport = 5;
    expect_error(decode_hex(list, "dragino-ldds75", &ctx, "0B45 0B05 00 0105 01"),
                 MYK10_EUNSUPPORTED, "ldds75: FPort 5 carries no measurements (expected 2)");
    myk10_measurements_destroy(list);
}
END_TEST

/* Dragino PS-LB User Manual, 2.3 "Uplink Payload" layout (BAT, probe model,
 * IDC uA, VDC mV, flags); bytes hand-computed: 3306 mV, water-depth probe
 * 0x00 with 5 m range, 12.000 mA -> (12 - 4) / 16 * 5 m = 2.5 m. */
START_TEST(vendor_dragino_ps_lb)
{
    myk10_measurements *list = new_list();
    myk10_codec_context ctx = MYK10_CODEC_CONTEXT_INIT;
    ctx.has_probe_height = true;
    ctx.probe_height_m = -0.5;
    ck_assert_int_eq(decode_hex(list, "dragino-ps-lb", &ctx, "0CEA 0005 2EE0 0000 00"), MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(list), 5);
    expect_number(list, 0, "battery_voltage", "V", MYK10_NO_CHANNEL, 3.306);
    expect_number(list, 1, "current", "A", MYK10_NO_CHANNEL, 0.012);
    expect_number(list, 2, "voltage", "V", MYK10_NO_CHANNEL, 0.0);
    expect_number(list, 3, "water_depth", "m", MYK10_NO_CHANNEL, 2.5);
    expect_number(list, 4, "water_level", "m", MYK10_NO_CHANNEL, 2.0);
    myk10_measurements_clear(list);
    /* 3.8 mA reads depth 0; 2 mA is a loop fault: no depth at all */
    ck_assert_int_eq(decode_hex(list, "dragino-ps-lb", NULL, "0CEA 0005 0ED8 0000 00"), MYK10_OK);
    expect_number(list, 3, "water_depth", "m", MYK10_NO_CHANNEL, 0.0);
    myk10_measurements_clear(list);
    ck_assert_int_eq(decode_hex(list, "dragino-ps-lb", NULL, "0CEA 0005 07D0 0000 00"), MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(list), 3);
    expect_error(decode_hex(list, "dragino-ps-lb", NULL, "0CEA 0005 2EE0 0000 00 00"),
                 MYK10_EMALFORMED, "ps-lb: payload has 10 bytes, expected 9 (extra data at byte 9)");
    myk10_measurements_destroy(list);
}
END_TEST

/* Milesight EM500-UDL payload definition (Milesight-IoT/SensorDecoders,
 * EM500-UDL README "Example"): 017564 03821E00 -> battery 100 %, 30 mm. */
START_TEST(vendor_milesight_em500_udl)
{
    myk10_measurements *list = new_list();
    myk10_codec_context ctx = MYK10_CODEC_CONTEXT_INIT;
    ctx.time = 1800000000;
    ck_assert_int_eq(decode_hex(list, "milesight-em500-udl", &ctx, "017564 03821E00"), MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(list), 2);
    expect_number(list, 0, "battery_level", "%EL", MYK10_NO_CHANNEL, 100);
    expect_number(list, 1, "distance", "m", MYK10_NO_CHANNEL, 0.030);
    myk10_measurements_clear(list);
    /* device attributes are skipped; a history record carries its own time */
    ck_assert_int_eq(decode_hex(list, "milesight-em500-udl", &ctx,
                                "ff0bff ff0101 ff166329c42503920003 ff090100 ff0a0101 ff0f00"
                                " 20ce 00f15365 d007"), MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(list), 1);
    expect_number(list, 0, "distance", "m", MYK10_NO_CHANNEL, 2.0);
    myk10_measurement m;
    myk10_measurements_get(&m, list, 0);
    ck_assert_int_eq(m.time, 0x6553f100); /* not the receive time */
    expect_error(decode_hex(list, "milesight-em500-udl", &ctx, "017564 0367f800"),
                 MYK10_EUNSUPPORTED, "em500-udl: unknown channel 0x03 type 0x67 at byte 3");
    expect_error(decode_hex(list, "milesight-em500-udl", &ctx, "017564 03821E"),
                 MYK10_ETRUNCATED,
                 "em500-udl: channel 0x03 type 0x82 at byte 3 needs 2 bytes, 1 left");
    myk10_measurements_destroy(list);
}
END_TEST

/* Milesight EM500-SWL payload definition (Milesight-IoT/SensorDecoders,
 * EM500-SWL README "Example"): 017564 03770200 -> battery 100 %, 2 cm. */
START_TEST(vendor_milesight_em500_swl)
{
    myk10_measurements *list = new_list();
    myk10_codec_context ctx = MYK10_CODEC_CONTEXT_INIT;
    ctx.has_probe_height = true;
    ctx.probe_height_m = 0.25;
    ck_assert_int_eq(decode_hex(list, "milesight-em500-swl", &ctx, "017564 03770200"), MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(list), 3);
    expect_number(list, 0, "battery_level", "%EL", MYK10_NO_CHANNEL, 100);
    expect_number(list, 1, "water_depth", "m", MYK10_NO_CHANNEL, 0.02);
    expect_number(list, 2, "water_level", "m", MYK10_NO_CHANNEL, 0.27);
    expect_error(decode_hex(list, "milesight-em500-swl", &ctx, "01"), MYK10_ETRUNCATED,
                 "em500-swl: channel at byte 0 has no type byte");
    myk10_measurements_destroy(list);
}
END_TEST

/* Decentlab DL-MBX datasheet, "Payload" examples (protocol version 2):
 * 02012f000304d200010bb1 -> distance 1234 mm, 1 valid sample, battery
 * 2.993 V; 02012f00020bb1 -> battery only. */
START_TEST(vendor_decentlab_dl_mbx)
{
    myk10_measurements *list = new_list();
    myk10_codec_context ctx = MYK10_CODEC_CONTEXT_INIT;
    ctx.has_mounting_height = true;
    ctx.mounting_height_m = 3.0;
    ck_assert_int_eq(decode_hex(list, "decentlab-dl-mbx", &ctx, "02012f000304d200010bb1"), MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(list), 3);
    expect_number(list, 0, "distance", "m", MYK10_NO_CHANNEL, 1.234);
    expect_number(list, 1, "battery_voltage", "V", MYK10_NO_CHANNEL, 2.993);
    expect_number(list, 2, "water_level", "m", MYK10_NO_CHANNEL, 3.0 - 1.234);
    myk10_measurements_clear(list);
    ck_assert_int_eq(decode_hex(list, "decentlab-dl-mbx", &ctx, "02012f00020bb1"), MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(list), 1);
    expect_number(list, 0, "battery_voltage", "V", MYK10_NO_CHANNEL, 2.993);
    myk10_measurements_clear(list);
    /* zero valid samples: the distance is not a reading */
    ck_assert_int_eq(decode_hex(list, "decentlab-dl-mbx", &ctx, "02012f000104d20000"), MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(list), 0);
    expect_error(decode_hex(list, "decentlab-dl-mbx", &ctx, "03012f00020bb1"), MYK10_EUNSUPPORTED,
                 "dl-mbx: protocol version 3 at byte 0 (expected 2)");
    expect_error(decode_hex(list, "decentlab-dl-mbx", &ctx, "02012f000304d20001"),
                 MYK10_ETRUNCATED, "dl-mbx: payload has 9 bytes, needs 11 (ends at byte 9)");
    expect_error(decode_hex(list, "decentlab-dl-mbx", &ctx, "02012f00040bb1"),
                 MYK10_EUNSUPPORTED, "dl-mbx: unknown sensor flags 0x0004 at byte 3");
    myk10_measurements_destroy(list);
}
END_TEST

/* -------------------------------------------------------- declarative */

/* A sensor that is not built in: the example of docs/codecs.md. */
static const char sensor_definition[] =
    "{\"name\":\"example-gauge\",\"length\":8,\"fport\":1,\"fields\":["
    " {\"quantity\":\"battery_voltage\",\"offset\":0,\"type\":\"u16\",\"scale\":0.001,\"unit\":\"V\"},"
    " {\"quantity\":\"distance\",\"offset\":2,\"type\":\"u16\",\"endian\":\"little\",\"scale\":0.001,\"unit\":\"m\"},"
    " {\"quantity\":\"temperature\",\"offset\":4,\"type\":\"s16\",\"scale\":0.1,\"add\":-10,\"unit\":\"Cel\",\"channel\":1},"
    " {\"quantity\":\"alarm\",\"offset\":6,\"type\":\"u8\",\"bit_offset\":7,\"bit_width\":1},"
    " {\"quantity\":\"tilt\",\"offset\":6,\"type\":\"s8\",\"bit_offset\":0,\"bit_width\":4}"
    "]}";

START_TEST(declarative_decodes_every_kind_of_field)
{
    myk10_codec_registry *reg = new_registry();
    ck_assert_int_eq(myk10_codec_registry_register_declarative(reg, "example-gauge",
                                                               sensor_definition,
                                                               strlen(sensor_definition)), MYK10_OK);
    myk10_measurements *list = new_list();
    uint8_t payload[8];
    size_t len = hex_to_bytes(payload, sizeof payload, "0CE4 C409 FF38 8F 00");
    myk10_codec_context ctx = MYK10_CODEC_CONTEXT_INIT;
    ctx.fport = 1;
    ctx.has_mounting_height = true;
    ctx.mounting_height_m = 4.0;
    ck_assert_int_eq(myk10_codec_registry_decode(list, reg, "example-gauge", &ctx, payload, len),
                     MYK10_OK);
    ck_assert_uint_eq(myk10_measurements_count(list), 6);
    expect_number(list, 0, "battery_voltage", "V", MYK10_NO_CHANNEL, 3.300);
    expect_number(list, 1, "distance", "m", MYK10_NO_CHANNEL, 2.5);
    expect_number(list, 2, "temperature", "Cel", 1, -30.0); /* -200 * 0.1 - 10 */
    expect_number(list, 3, "alarm", "", MYK10_NO_CHANNEL, 1);
    expect_number(list, 4, "tilt", "", MYK10_NO_CHANNEL, -1); /* 0xF as 4-bit signed */
    expect_number(list, 5, "water_level", "m", MYK10_NO_CHANNEL, 1.5);

    /* names outlive the codec */
    ck_assert_int_eq(myk10_codec_registry_unregister(reg, "example-gauge"), MYK10_OK);
    expect_number(list, 0, "battery_voltage", "V", MYK10_NO_CHANNEL, 3.300);
    myk10_measurements_destroy(list);
    myk10_codec_registry_destroy(reg);
}
END_TEST

START_TEST(declarative_decode_errors)
{
    myk10_codec_registry *reg = new_registry();
    ck_assert_int_eq(myk10_codec_registry_register_declarative(reg, "g", sensor_definition,
                                                               strlen(sensor_definition)), MYK10_OK);
    myk10_measurements *list = new_list();
    uint8_t payload[9] = { 0 };
    myk10_codec_context ctx = MYK10_CODEC_CONTEXT_INIT;
    expect_error(myk10_codec_registry_decode(list, reg, "g", &ctx, payload, 3), MYK10_ETRUNCATED,
                 "declarative: field 1 ('distance') needs bytes 2..3, payload ends at byte 3");
    ck_assert_int_eq(myk10_last_error_offset(), 3);
    expect_error(myk10_codec_registry_decode(list, reg, "g", &ctx, payload, 7), MYK10_ETRUNCATED,
                 "declarative: payload has 7 bytes, the definition declares 8");
    expect_error(myk10_codec_registry_decode(list, reg, "g", &ctx, payload, 9), MYK10_EMALFORMED,
                 "declarative: payload has 9 bytes, the definition declares 8");
    ctx.fport = 2;
    expect_error(myk10_codec_registry_decode(list, reg, "g", &ctx, payload, 8), MYK10_EUNSUPPORTED,
                 "declarative: FPort 2 carries no measurements (expected 1)");
    ck_assert_uint_eq(myk10_measurements_count(list), 0);
    myk10_measurements_destroy(list);
    myk10_codec_registry_destroy(reg);
}
END_TEST

START_TEST(declarative_definition_errors)
{
    static const struct {
        const char *json;
        myk10_status status;
        const char *message;
    } cases[] = {
        { "{\"fields\":[{\"quantity\":\"a\",\"offset\":0,\"type\":\"u12\"}]}", MYK10_EUNSUPPORTED,
          "codec definition: field 0: unknown type 'u12' (u8 s8 u16 s16 u24 s24 u32 s32 f32)" },
        { "{\"fields\":[{\"quantity\":\"a\",\"offset\":0,\"type\":\"u8\"},{\"quantity\":\"b\",\"type\":\"u8\"}]}",
          MYK10_EMALFORMED, "codec definition: field 1: missing key 'offset'" },
        { "{\"length\":4,\"fields\":[{\"quantity\":\"a\",\"offset\":2,\"type\":\"u24\"}]}",
          MYK10_ERANGE, "codec definition: field 0 ('a'): bytes 2..4 beyond the declared length 4" },
        { "{\"fields\":[{\"quantity\":\"a\",\"offset\":0,\"type\":\"u8\",\"scael\":2}]}",
          MYK10_EUNSUPPORTED, "codec definition: field 0: unknown key 'scael'" },
        { "{\"fields\":[{\"quantity\":\"A b\",\"offset\":0,\"type\":\"u8\"}]}", MYK10_EMALFORMED,
          "codec definition: field 0: 'quantity' must be 1..63 characters of a-z 0-9 _" },
        { "{\"fields\":[{\"quantity\":\"a\",\"offset\":-1,\"type\":\"u8\"}]}", MYK10_ERANGE,
          "codec definition: field 0: 'offset' -1 outside 0..65535" },
        { "{\"fields\":[{\"quantity\":\"a\",\"offset\":0,\"type\":\"u8\",\"bit_offset\":4,\"bit_width\":5}]}",
          MYK10_ERANGE, "codec definition: field 0: bits 4..8 do not fit in u8" },
        { "{\"fields\":[{\"quantity\":\"a\",\"offset\":0,\"type\":\"f32\",\"bit_width\":5}]}",
          MYK10_EMALFORMED, "codec definition: field 0: bit fields need an integer type, not f32" },
        { "{\"fields\":[{\"quantity\":\"a\",\"offset\":0,\"type\":\"u8\",\"endian\":\"middle\"}]}",
          MYK10_EMALFORMED, "codec definition: field 0: 'endian' must be \"big\" or \"little\"" },
        { "{\"fields\":[]}", MYK10_EMALFORMED, "codec definition: 'fields' must be a non-empty array" },
        { "{\"fields\":[1]}", MYK10_EMALFORMED, "codec definition: field 0 is not an object" },
        { "[]", MYK10_EMALFORMED, "codec definition: not a JSON object" },
        { "{\"felds\":[]}", MYK10_EUNSUPPORTED, "codec definition: unknown key 'felds'" },
    };
    myk10_codec_registry *reg = new_registry();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        myk10_status status = myk10_codec_registry_register_declarative(
            reg, "x", cases[i].json, strlen(cases[i].json));
        ck_assert_msg(status == cases[i].status && strcmp(myk10_last_error(), cases[i].message) == 0,
                      "case %zu: %s: %s", i, myk10_status_name(status), myk10_last_error());
    }
    ck_assert_int_eq(myk10_codec_registry_register_declarative(reg, "x", "{\"fields\":", 10),
                     MYK10_EMALFORMED);
    ck_assert(!myk10_codec_registry_contains(reg, "x"));
    myk10_codec_registry_destroy(reg);
}
END_TEST

START_TEST(declarative_f32_and_24_bit)
{
    static const char def[] =
        "{\"fields\":[{\"quantity\":\"q\",\"offset\":0,\"type\":\"f32\",\"unit\":\"m\"},"
        "{\"quantity\":\"r\",\"offset\":4,\"type\":\"s24\",\"endian\":\"little\"},"
        "{\"quantity\":\"s\",\"offset\":7,\"type\":\"u32\"}]}";
    myk10_codec_registry *reg = new_registry();
    ck_assert_int_eq(myk10_codec_registry_register_declarative(reg, "f", def, strlen(def)), MYK10_OK);
    myk10_measurements *list = new_list();
    uint8_t payload[11];
    size_t len = hex_to_bytes(payload, sizeof payload, "3FC00000 FEFFFF FFFFFFFF");
    ck_assert_int_eq(myk10_codec_registry_decode(list, reg, "f", NULL, payload, len), MYK10_OK);
    expect_number(list, 0, "q", "m", MYK10_NO_CHANNEL, 1.5);
    expect_number(list, 1, "r", "", MYK10_NO_CHANNEL, -2);
    expect_number(list, 2, "s", "", MYK10_NO_CHANNEL, 4294967295.0);
    len = hex_to_bytes(payload, sizeof payload, "7FC00000 000000 00000000"); /* NaN */
    expect_error(myk10_codec_registry_decode(list, reg, "f", NULL, payload, len), MYK10_ERANGE,
                 "declarative: field 0 ('q') at byte 0 is not a finite number");
    myk10_measurements_destroy(list);
    myk10_codec_registry_destroy(reg);
}
END_TEST

/* ----------------------------------------------------------- registry */

typedef struct host_probe {
    int calls;
    int released;
    char device[32];
    int64_t time;
    int32_t fport;
    size_t len;
    myk10_status answer;
} host_probe;

static myk10_status host_codec(myk10_measurements *out, const myk10_codec_context *ctx,
                               const uint8_t *payload, size_t len, void *user_data)
{
    host_probe *probe = user_data;
    probe->calls++;
    snprintf(probe->device, sizeof probe->device, "%s", ctx->device ? ctx->device : "");
    probe->time = ctx->time;
    probe->fport = ctx->fport;
    probe->len = len;
    myk10_measurement m = { .device = ctx->device, .quantity = "distance", .unit = "m",
                            .time = ctx->time, .channel = MYK10_NO_CHANNEL,
                            .kind = MYK10_VALUE_NUMBER, .number = payload[0] / 10.0 };
    myk10_status status = myk10_measurements_add(out, &m);
    return status != MYK10_OK ? status : probe->answer;
}

static void host_release(void *user_data)
{
    ((host_probe *)user_data)->released++;
}

START_TEST(registry_host_codec_gets_the_context)
{
    host_probe probe = { .answer = MYK10_OK };
    myk10_codec_registry *reg = new_registry();
    ck_assert_int_eq(myk10_codec_registry_register(reg, "county.radar-1", host_codec, &probe,
                                                   host_release), MYK10_OK);
    myk10_measurements *list = new_list();
    myk10_codec_context ctx = MYK10_CODEC_CONTEXT_INIT;
    ctx.device = "70B3D57ED0001234";
    ctx.time = 1767225600;
    ctx.fport = 10;
    ctx.has_mounting_height = true;
    ctx.mounting_height_m = 6.0;
    const uint8_t payload[] = { 25, 0 };
    ck_assert_int_eq(myk10_codec_registry_decode(list, reg, "county.radar-1", &ctx, payload, 2),
                     MYK10_OK);
    ck_assert_int_eq(probe.calls, 1);
    ck_assert_str_eq(probe.device, "70B3D57ED0001234");
    ck_assert_int_eq(probe.time, 1767225600);
    ck_assert_int_eq(probe.fport, 10);
    ck_assert_uint_eq(probe.len, 2);
    expect_number(list, 0, "distance", "m", MYK10_NO_CHANNEL, 2.5);
    expect_number(list, 1, "water_level", "m", MYK10_NO_CHANNEL, 3.5);

    /* a failing callback: ECALLBACK, and what it added is gone */
    probe.answer = MYK10_ERANGE;
    myk10_status status = myk10_codec_registry_decode(list, reg, "county.radar-1", &ctx, payload, 2);
    expect_error(status, MYK10_ECALLBACK,
                 "codec 'county.radar-1': host callback failed with MYK10_ERANGE");
    ck_assert_uint_eq(myk10_measurements_count(list), 2);

    ck_assert_int_eq(probe.released, 0);
    ck_assert_int_eq(myk10_codec_registry_unregister(reg, "county.radar-1"), MYK10_OK);
    ck_assert_int_eq(probe.released, 1);
    ck_assert_int_eq(myk10_codec_registry_register(reg, "county.radar-1", host_codec, &probe,
                                                   host_release), MYK10_OK);
    myk10_codec_registry_destroy(reg);
    ck_assert_int_eq(probe.released, 2);
    myk10_measurements_destroy(list);
}
END_TEST

START_TEST(registry_names_and_errors)
{
    myk10_codec_registry *reg = new_registry();
    static const char *const builtins[] = { "cayenne-lpp", "senml-json", "senml-cbor",
                                            "dragino-ldds75", "dragino-ps-lb",
                                            "milesight-em500-udl", "milesight-em500-swl",
                                            "decentlab-dl-mbx" };
    ck_assert_uint_eq(myk10_codec_registry_count(reg), 8);
    for (size_t i = 0; i < 8; i++) {
        ck_assert(myk10_codec_registry_contains(reg, builtins[i]));
        ck_assert_str_eq(myk10_codec_registry_name(reg, i), builtins[i]);
    }
    ck_assert_ptr_null(myk10_codec_registry_name(reg, 8));
    host_probe probe = { .answer = MYK10_OK };
    expect_error(myk10_codec_registry_register(reg, "cayenne-lpp", host_codec, &probe, NULL),
                 MYK10_EEXISTS, "codec: 'cayenne-lpp' is already registered");
    expect_error(myk10_codec_registry_register(reg, "Bad Name", host_codec, &probe, NULL),
                 MYK10_EINVAL,
                 "codec: name 'Bad Name' has invalid character at byte 0 (allowed: a-z 0-9 - _ .)");
    ck_assert_int_eq(myk10_codec_registry_register(reg, "", host_codec, &probe, NULL), MYK10_EINVAL);
    ck_assert_int_eq(myk10_codec_registry_register(reg, "x", NULL, &probe, NULL), MYK10_EINVAL);
    myk10_measurements *list = new_list();
    expect_error(myk10_codec_registry_decode(list, reg, "no-such", NULL, NULL, 0), MYK10_ENOTFOUND,
                 "codec: no codec named 'no-such'");
    expect_error(myk10_codec_registry_unregister(reg, "no-such"), MYK10_ENOTFOUND,
                 "codec: no codec named 'no-such'");
    ck_assert_int_eq(myk10_codec_registry_decode(list, reg, "cayenne-lpp", NULL, NULL, 3),
                     MYK10_EINVAL);
    ck_assert_int_eq(myk10_codec_registry_unregister(reg, "senml-json"), MYK10_OK);
    ck_assert_str_eq(myk10_codec_registry_name(reg, 1), "senml-cbor");
    ck_assert_int_eq(myk10_codec_registry_create(NULL), MYK10_EINVAL);
    myk10_codec_registry_destroy(NULL);
    myk10_measurements_destroy(list);
    myk10_codec_registry_destroy(reg);
}
END_TEST

static Suite *codec_suite(void)
{
    Suite *s = suite_create("codec");
    TCase *tc;

    tc = tcase_create("measurements");
    tcase_add_test(tc, measurements_add_copies_and_clear_reuses);
    tcase_add_test(tc, measurements_add_rejects_bad_values);
    tcase_add_test(tc, measurements_steady_state_allocates_nothing);
    suite_add_tcase(s, tc);

    tc = tcase_create("lpp");
    tcase_add_test(tc, lpp_doc_two_temperatures);
    tcase_add_test(tc, lpp_doc_temperature_and_acceleration);
    tcase_add_test(tc, lpp_doc_gps);
    tcase_add_test(tc, lpp_every_type);
    tcase_add_test(tc, lpp_empty_payload_is_no_measurement);
    tcase_add_test(tc, lpp_bad_input_names_the_byte);
    suite_add_tcase(s, tc);

    tc = tcase_create("senml");
    tcase_add_test(tc, senml_rfc_single_and_multiple_datapoints);
    tcase_add_test(tc, senml_rfc_resolution_matches_resolved_example);
    tcase_add_test(tc, senml_rfc_multiple_data_types);
    tcase_add_test(tc, senml_value_kinds_base_value_and_sum);
    tcase_add_test(tc, senml_cbor_hand_encoded);
    tcase_add_test(tc, senml_encode_size_query_and_base_name);
    tcase_add_test(tc, senml_bad_input);
    suite_add_tcase(s, tc);

    tc = tcase_create("vendor");
    tcase_add_test(tc, vendor_dragino_ldds75);
    tcase_add_test(tc, vendor_dragino_ps_lb);
    tcase_add_test(tc, vendor_milesight_em500_udl);
    tcase_add_test(tc, vendor_milesight_em500_swl);
    tcase_add_test(tc, vendor_decentlab_dl_mbx);
    suite_add_tcase(s, tc);

    tc = tcase_create("declarative");
    tcase_add_test(tc, declarative_decodes_every_kind_of_field);
    tcase_add_test(tc, declarative_decode_errors);
    tcase_add_test(tc, declarative_definition_errors);
    tcase_add_test(tc, declarative_f32_and_24_bit);
    suite_add_tcase(s, tc);

    tc = tcase_create("registry");
    tcase_add_test(tc, registry_host_codec_gets_the_context);
    tcase_add_test(tc, registry_names_and_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    myk10_allocator counting = { counting_malloc, counting_realloc, plain_free, NULL };
    if (myk10_set_allocator(&counting) != MYK10_OK)
        return EXIT_FAILURE;
    SRunner *runner = srunner_create(codec_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
