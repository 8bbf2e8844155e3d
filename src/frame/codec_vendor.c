/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Water-level sensors, decoded from the manufacturers' own payload
 * descriptions (community formatters for these devices have known bugs, so
 * none was used). Each codec reports what the device measured: `distance`
 * for sensors looking down at the water, `water_depth` for submersible
 * probes; the registry turns those into `water_level` with the gauge's
 * mounting height or probe height from the decode context.
 *
 * Sources:
 * - Dragino LDDS75 LoRaWAN Distance Detection Sensor User Manual,
 *   section 2.3 "Uplink Payload" (FPort 2, 8 bytes).
 * - Dragino PS-LB/LS LoRaWAN Pressure Sensor User Manual, section 2.3
 *   "Uplink Payload" (FPort 2, 9 bytes).
 * - Milesight EM500-UDL and EM500-SWL User Guides, "Uplink Data" tables
 *   (channel id, channel type, data), and Milesight's own payload
 *   definitions (github.com/Milesight-IoT/SensorDecoders, EM500 READMEs).
 * - Decentlab DL-MBX datasheet, "Payload" (protocol version 2).
 */
#include "frame/codec_internal.h"

/* ---------------------------------------------------------------- helpers */

static myk10_status need_bytes(const char *codec, size_t len, size_t needed)
{
    if (len < needed)
        return myk10__fail_at(MYK10_ETRUNCATED, (int64_t)len,
                              "%s: payload has %zu bytes, needs %zu (ends at byte %zu)",
                              codec, len, needed, len);
    return MYK10_OK;
}

static myk10_status exact_length(const char *codec, size_t len, size_t expected)
{
    myk10_status status = need_bytes(codec, len, expected);
    if (status == MYK10_OK && len > expected)
        return myk10__fail_at(MYK10_EMALFORMED, (int64_t)expected,
                              "%s: payload has %zu bytes, expected %zu (extra data at byte %zu)",
                              codec, len, expected, expected);
    return status;
}

/* Both Dragino devices send measurements on FPort 2 and status or datalog
 * replies on others, which must not be read as measurements. */
static myk10_status dragino_port(const char *codec, const myk10_codec_context *ctx)
{
    if (ctx->fport >= 0 && ctx->fport != 2)
        return myk10__fail(MYK10_EUNSUPPORTED,
                           "%s: FPort %d carries no measurements (expected 2)",
                           codec, (int)ctx->fport);
    return MYK10_OK;
}

/* Chains emits: the first failure sticks and the rest are skipped. */
#define EMIT(status, call) \
    do { if ((status) == MYK10_OK) (status) = (call); } while (0)

/* ------------------------------------------------------------- LDDS75 */

/*
 * BAT (2, mV) | distance (2, mm) | interrupt flag (1) |
 * DS18B20 temperature (2, signed, 0.1 Cel) | sensor flag (1).
 * A distance of 0 means no ultrasonic probe answered.
 */
myk10_status myk10__dragino_ldds75_decode(myk10_measurements *out, const myk10_codec_context *ctx,
                                          const uint8_t *p, size_t len)
{
    myk10_status status = dragino_port("ldds75", ctx);
    EMIT(status, exact_length("ldds75", len, 8));
    if (status != MYK10_OK)
        return status;
    uint32_t distance_mm = myk10__be16(p + 2);
    EMIT(status, myk10__emit_number(out, ctx, "battery_voltage", "V", MYK10_NO_CHANNEL,
                                    myk10__be16(p) / 1000.0));
    if (distance_mm != 0)
        EMIT(status, myk10__emit_number(out, ctx, "distance", "m", MYK10_NO_CHANNEL,
                                        distance_mm / 1000.0));
    EMIT(status, myk10__emit_number(out, ctx, "temperature", "Cel", MYK10_NO_CHANNEL,
                                    myk10__sign_extend(myk10__be16(p + 5), 16) / 10.0));
    return status;
}

/* -------------------------------------------------------------- PS-LB */

/* NAMUR NE 43: a loop current outside 3.6..21 mA signals a probe fault, so
 * no depth is derived from it; 3.6..4 mA reads as depth 0. */
#define LOOP_FAULT_LOW_MA 3.6
#define LOOP_FAULT_HIGH_MA 21.0
#define PROBE_WATER_DEPTH 0x00

/*
 * BAT (2, mV) | probe model (1 type, 1 range) | IDC input (2, uA) |
 * VDC input (2, mV) | IN1/IN2/interrupt flags (1).
 * For a water-depth probe (type 0x00) the range byte is the span in metres
 * and the 4..20 mA loop maps linearly onto 0..span.
 */
myk10_status myk10__dragino_ps_lb_decode(myk10_measurements *out, const myk10_codec_context *ctx,
                                         const uint8_t *p, size_t len)
{
    myk10_status status = dragino_port("ps-lb", ctx);
    EMIT(status, exact_length("ps-lb", len, 9));
    if (status != MYK10_OK)
        return status;
    uint8_t probe_type = p[2];
    uint8_t range_m = p[3];
    double current_ma = myk10__be16(p + 4) / 1000.0;
    EMIT(status, myk10__emit_number(out, ctx, "battery_voltage", "V", MYK10_NO_CHANNEL,
                                    myk10__be16(p) / 1000.0));
    EMIT(status, myk10__emit_number(out, ctx, "current", "A", MYK10_NO_CHANNEL,
                                    current_ma / 1000.0));
    EMIT(status, myk10__emit_number(out, ctx, "voltage", "V", MYK10_NO_CHANNEL,
                                    myk10__be16(p + 6) / 1000.0));
    bool loop_ok = current_ma >= LOOP_FAULT_LOW_MA && current_ma <= LOOP_FAULT_HIGH_MA;
    if (probe_type == PROBE_WATER_DEPTH && range_m > 0 && loop_ok) {
        double span = current_ma > 4.0 ? (current_ma - 4.0) / 16.0 : 0.0;
        EMIT(status, myk10__emit_number(out, ctx, "water_depth", "m", MYK10_NO_CHANNEL,
                                        span * range_m));
    }
    return status;
}

/* ---------------------------------------------------------- Milesight */

/*
 * Milesight payloads are a sequence of channel id, channel type, data. The
 * table gives each known (id, type) its data size and what to emit; 0xff
 * channels are device attributes (versions, serial number) and are skipped.
 */
typedef enum tlv_action {
    TLV_SKIP,
    TLV_BATTERY,     /* u8 percent */
    TLV_DISTANCE_MM, /* u16 LE millimetres */
    TLV_DEPTH_CM,    /* u16 LE centimetres */
    TLV_HISTORY_MM,  /* u32 LE time + u16 LE millimetres */
    TLV_HISTORY_CM   /* u32 LE time + u16 LE centimetres */
} tlv_action;

typedef struct tlv_def {
    uint8_t id;
    uint8_t type;
    uint8_t size;
    tlv_action action;
} tlv_def;

#define ATTRIBUTE_DEFS                         \
    { 0xff, 0x01, 1, TLV_SKIP }, /* protocol version */ \
    { 0xff, 0x09, 2, TLV_SKIP }, /* hardware version */ \
    { 0xff, 0x0a, 2, TLV_SKIP }, /* firmware version */ \
    { 0xff, 0x0b, 1, TLV_SKIP }, /* power on */         \
    { 0xff, 0x0f, 1, TLV_SKIP }, /* LoRaWAN class */    \
    { 0xff, 0x16, 8, TLV_SKIP }, /* serial number */    \
    { 0xff, 0xff, 2, TLV_SKIP }  /* TSL version */

static const tlv_def em500_udl_defs[] = {
    ATTRIBUTE_DEFS,
    { 0x01, 0x75, 1, TLV_BATTERY },
    { 0x03, 0x82, 2, TLV_DISTANCE_MM },
    { 0x83, 0xe9, 5, TLV_DISTANCE_MM }, /* alarm: distance, mutation, alarm type */
    { 0x20, 0xce, 6, TLV_HISTORY_MM },
};

static const tlv_def em500_swl_defs[] = {
    ATTRIBUTE_DEFS,
    { 0x01, 0x75, 1, TLV_BATTERY },
    { 0x03, 0x77, 2, TLV_DEPTH_CM },
    { 0x20, 0xce, 6, TLV_HISTORY_CM },
};

static const tlv_def *find_tlv(const tlv_def *defs, size_t count, uint8_t id, uint8_t type)
{
    for (size_t i = 0; i < count; i++)
        if (defs[i].id == id && defs[i].type == type)
            return &defs[i];
    return NULL;
}

static myk10_status emit_tlv(myk10_measurements *out, const myk10_codec_context *ctx,
                             tlv_action action, const uint8_t *d)
{
    switch (action) {
    case TLV_SKIP:
        return MYK10_OK;
    case TLV_BATTERY:
        return myk10__emit_number(out, ctx, "battery_level", "%EL", MYK10_NO_CHANNEL, d[0]);
    case TLV_DISTANCE_MM:
        return myk10__emit_number(out, ctx, "distance", "m", MYK10_NO_CHANNEL,
                                  myk10__le16(d) / 1000.0);
    case TLV_DEPTH_CM:
        return myk10__emit_number(out, ctx, "water_depth", "m", MYK10_NO_CHANNEL,
                                  myk10__le16(d) / 100.0);
    case TLV_HISTORY_MM:
        return myk10__emit_number_at(out, ctx, "distance", "m", MYK10_NO_CHANNEL,
                                     myk10__le16(d + 4) / 1000.0, myk10__le32(d));
    case TLV_HISTORY_CM:
        return myk10__emit_number_at(out, ctx, "water_depth", "m", MYK10_NO_CHANNEL,
                                     myk10__le16(d + 4) / 100.0, myk10__le32(d));
    }
    return MYK10_OK;
}

static myk10_status milesight_decode(myk10_measurements *out, const myk10_codec_context *ctx,
                                     const uint8_t *p, size_t len, const char *codec,
                                     const tlv_def *defs, size_t def_count)
{
    size_t pos = 0;
    while (pos < len) {
        if (len - pos < 2)
            return myk10__fail_at(MYK10_ETRUNCATED, (int64_t)len,
                                  "%s: channel at byte %zu has no type byte", codec, pos);
        const tlv_def *def = find_tlv(defs, def_count, p[pos], p[pos + 1]);
        if (!def)
            return myk10__fail_at(MYK10_EUNSUPPORTED, (int64_t)pos,
                                  "%s: unknown channel 0x%02x type 0x%02x at byte %zu",
                                  codec, p[pos], p[pos + 1], pos);
        if (len - pos - 2 < def->size)
            return myk10__fail_at(MYK10_ETRUNCATED, (int64_t)len,
                                  "%s: channel 0x%02x type 0x%02x at byte %zu needs %u bytes,"
                                  " %zu left", codec, def->id, def->type, pos, def->size,
                                  len - pos - 2);
        myk10_status status = emit_tlv(out, ctx, def->action, p + pos + 2);
        if (status != MYK10_OK)
            return status;
        pos += 2u + def->size;
    }
    return MYK10_OK;
}

myk10_status myk10__milesight_em500_udl_decode(myk10_measurements *out,
                                               const myk10_codec_context *ctx,
                                               const uint8_t *p, size_t len)
{
    return milesight_decode(out, ctx, p, len, "em500-udl", em500_udl_defs,
                            sizeof em500_udl_defs / sizeof em500_udl_defs[0]);
}

myk10_status myk10__milesight_em500_swl_decode(myk10_measurements *out,
                                               const myk10_codec_context *ctx,
                                               const uint8_t *p, size_t len)
{
    return milesight_decode(out, ctx, p, len, "em500-swl", em500_swl_defs,
                            sizeof em500_swl_defs / sizeof em500_swl_defs[0]);
}

/* ------------------------------------------------------------- DL-MBX */

#define DECENTLAB_PROTOCOL 2
#define MBX_HAS_DISTANCE 0x0001u
#define MBX_HAS_BATTERY 0x0002u

/*
 * Protocol version (1) | device id (2) | flags (2) |
 * if flag 0: distance (2, mm), valid samples (2) | if flag 1: battery (2, mV).
 * All big-endian. Zero valid samples means the distance is not a reading.
 */
myk10_status myk10__decentlab_dl_mbx_decode(myk10_measurements *out,
                                            const myk10_codec_context *ctx,
                                            const uint8_t *p, size_t len)
{
    myk10_status status = need_bytes("dl-mbx", len, 5);
    if (status != MYK10_OK)
        return status;
    if (p[0] != DECENTLAB_PROTOCOL)
        return myk10__fail_at(MYK10_EUNSUPPORTED, 0, "dl-mbx: protocol version %u at byte 0"
                              " (expected %d)", p[0], DECENTLAB_PROTOCOL);
    uint32_t flags = myk10__be16(p + 3);
    if (flags & ~(MBX_HAS_DISTANCE | MBX_HAS_BATTERY))
        return myk10__fail_at(MYK10_EUNSUPPORTED, 3, "dl-mbx: unknown sensor flags 0x%04x"
                              " at byte 3", (unsigned)flags);
    size_t expected = 5 + (flags & MBX_HAS_DISTANCE ? 4 : 0) + (flags & MBX_HAS_BATTERY ? 2 : 0);
    status = exact_length("dl-mbx", len, expected);
    size_t pos = 5;
    if (status == MYK10_OK && (flags & MBX_HAS_DISTANCE)) {
        if (myk10__be16(p + pos + 2) > 0)
            status = myk10__emit_number(out, ctx, "distance", "m", MYK10_NO_CHANNEL,
                                        myk10__be16(p + pos) / 1000.0);
        pos += 4;
    }
    if (status == MYK10_OK && (flags & MBX_HAS_BATTERY))
        status = myk10__emit_number(out, ctx, "battery_voltage", "V", MYK10_NO_CHANNEL,
                                    myk10__be16(p + pos) / 1000.0);
    return status;
}
