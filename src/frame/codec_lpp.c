/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Cayenne Low Power Payload: a sequence of (channel, type, value) items,
 * values big-endian. Types are IPSO object ids minus 3200. The standard set
 * is in the myDevices Cayenne LPP documentation; the extended types
 * (generic sensor .. switch) follow the widely used CayenneLPP library
 * definitions (ElectronicCats/CayenneLPP), which agree on sizes and
 * resolutions.
 *
 * Values leave in SenML units: acceleration converts from g to m/s2,
 * angular rate from deg/s to rad/s, energy from kWh to J.
 */
#include "frame/codec_internal.h"

#define STANDARD_GRAVITY 9.80665
#define DEG_TO_RAD 0.017453292519943295

typedef enum lpp_shape {
    SHAPE_SCALAR, /* one value of `size` bytes */
    SHAPE_XYZ,    /* three 2-byte signed values */
    SHAPE_GPS,    /* 3-byte lat, lon (1e-4 deg) and altitude (0.01 m) */
    SHAPE_RGB     /* three unsigned bytes */
} lpp_shape;

typedef struct lpp_type {
    uint8_t id;
    uint8_t size;
    bool is_signed;
    lpp_shape shape;
    double divisor; /* raw / divisor = value in the LPP unit (exact for 0.1 etc.) */
    double convert; /* LPP unit -> SenML unit */
    const char *quantity;
    const char *unit;
} lpp_type;

/* Indexed by type byte: the payload picks the type of every item, so the
 * lookup is one load. Entries with size 0 are unknown types. */
static const lpp_type lpp_types[256] = {
    [0] = { 0, 1, false, SHAPE_SCALAR, 1, 1.0, "digital_input", "" },
    [1] = { 1, 1, false, SHAPE_SCALAR, 1, 1.0, "digital_output", "" },
    [2] = { 2, 2, true, SHAPE_SCALAR, 100, 1.0, "analog_input", "" },
    [3] = { 3, 2, true, SHAPE_SCALAR, 100, 1.0, "analog_output", "" },
    [100] = { 100, 4, false, SHAPE_SCALAR, 1, 1.0, "generic", "" },
    [101] = { 101, 2, false, SHAPE_SCALAR, 1, 1.0, "illuminance", "lx" },
    [102] = { 102, 1, false, SHAPE_SCALAR, 1, 1.0, "presence", "" },
    [103] = { 103, 2, true, SHAPE_SCALAR, 10, 1.0, "temperature", "Cel" },
    [104] = { 104, 1, false, SHAPE_SCALAR, 2, 1.0, "humidity", "%RH" },
    [113] = { 113, 6, true, SHAPE_XYZ, 1000, STANDARD_GRAVITY, "acceleration", "m/s2" },
    [115] = { 115, 2, false, SHAPE_SCALAR, 10, 1.0, "pressure", "hPa" },
    [116] = { 116, 2, false, SHAPE_SCALAR, 100, 1.0, "voltage", "V" },
    [117] = { 117, 2, false, SHAPE_SCALAR, 1000, 1.0, "current", "A" },
    [118] = { 118, 4, false, SHAPE_SCALAR, 1, 1.0, "frequency", "Hz" },
    [120] = { 120, 1, false, SHAPE_SCALAR, 1, 1.0, "percentage", "%" },
    [121] = { 121, 2, true, SHAPE_SCALAR, 1, 1.0, "altitude", "m" },
    [125] = { 125, 2, false, SHAPE_SCALAR, 1, 1.0, "concentration", "ppm" },
    [128] = { 128, 2, false, SHAPE_SCALAR, 1, 1.0, "power", "W" },
    [130] = { 130, 4, false, SHAPE_SCALAR, 1000, 1.0, "distance", "m" },
    [131] = { 131, 4, false, SHAPE_SCALAR, 1000, 3.6e6, "energy", "J" },
    [132] = { 132, 2, false, SHAPE_SCALAR, 1, 1.0, "direction", "deg" },
    [133] = { 133, 4, false, SHAPE_SCALAR, 1, 1.0, "unix_time", "s" },
    [134] = { 134, 6, true, SHAPE_XYZ, 100, DEG_TO_RAD, "angular_velocity", "rad/s" },
    [135] = { 135, 3, false, SHAPE_RGB, 1, 1.0, "colour", "" },
    [136] = { 136, 9, true, SHAPE_GPS, 1, 1.0, "location", "" },
    [142] = { 142, 1, false, SHAPE_SCALAR, 1, 1.0, "switch", "" },
};

static const lpp_type *lpp_lookup(uint8_t id)
{
    return lpp_types[id].size ? &lpp_types[id] : NULL;
}

static uint32_t read_be(const uint8_t *p, unsigned size)
{
    uint32_t raw = 0;
    for (unsigned i = 0; i < size; i++)
        raw = raw << 8 | p[i];
    return raw;
}

static double scalar_value(const lpp_type *type, const uint8_t *p)
{
    uint32_t raw = read_be(p, type->size);
    double value = type->is_signed ? (double)myk10__sign_extend(raw, 8u * type->size)
                                   : (double)raw;
    return value / type->divisor * type->convert;
}

static myk10_status emit_xyz(myk10_measurements *out, const myk10_codec_context *ctx,
                             const lpp_type *type, int32_t channel, const uint8_t *p)
{
    static const char *const names[2][3] = {
        { "acceleration_x", "acceleration_y", "acceleration_z" },
        { "angular_velocity_x", "angular_velocity_y", "angular_velocity_z" },
    };
    const char *const *axis = names[type->id == 134];
    for (int i = 0; i < 3; i++) {
        double value = myk10__sign_extend(myk10__be16(p + 2 * i), 16) / type->divisor * type->convert;
        myk10_status status = myk10__emit_number(out, ctx, axis[i], type->unit, channel, value);
        if (status != MYK10_OK)
            return status;
    }
    return MYK10_OK;
}

static myk10_status emit_gps(myk10_measurements *out, const myk10_codec_context *ctx,
                             int32_t channel, const uint8_t *p)
{
    double lat = myk10__sign_extend(myk10__be24(p), 24) / 10000.0;
    double lon = myk10__sign_extend(myk10__be24(p + 3), 24) / 10000.0;
    double alt = myk10__sign_extend(myk10__be24(p + 6), 24) / 100.0;
    myk10_status status = myk10__emit_number(out, ctx, "latitude", "lat", channel, lat);
    if (status == MYK10_OK)
        status = myk10__emit_number(out, ctx, "longitude", "lon", channel, lon);
    if (status == MYK10_OK)
        status = myk10__emit_number(out, ctx, "altitude", "m", channel, alt);
    return status;
}

static myk10_status emit_rgb(myk10_measurements *out, const myk10_codec_context *ctx,
                             int32_t channel, const uint8_t *p)
{
    static const char *const names[3] = { "colour_red", "colour_green", "colour_blue" };
    for (int i = 0; i < 3; i++) {
        myk10_status status = myk10__emit_number(out, ctx, names[i], "", channel, p[i]);
        if (status != MYK10_OK)
            return status;
    }
    return MYK10_OK;
}

static myk10_status emit_item(myk10_measurements *out, const myk10_codec_context *ctx,
                              const lpp_type *type, int32_t channel, const uint8_t *p)
{
    switch (type->shape) {
    case SHAPE_XYZ:
        return emit_xyz(out, ctx, type, channel, p);
    case SHAPE_GPS:
        return emit_gps(out, ctx, channel, p);
    case SHAPE_RGB:
        return emit_rgb(out, ctx, channel, p);
    case SHAPE_SCALAR:
        break;
    }
    return myk10__emit_number(out, ctx, type->quantity, type->unit, channel,
                              scalar_value(type, p));
}

static myk10_status lpp_decode_items(myk10_measurements *out, const myk10_codec_context *ctx,
                                     const uint8_t *payload, size_t len)
{
    size_t pos = 0;
    while (pos < len) {
        if (len - pos < 2)
            return myk10__fail_at(MYK10_ETRUNCATED, (int64_t)len,
                                  "lpp: item at byte %zu has no type byte", pos);
        int32_t channel = payload[pos];
        const lpp_type *type = lpp_lookup(payload[pos + 1]);
        if (!type)
            return myk10__fail_at(MYK10_EUNSUPPORTED, (int64_t)pos + 1,
                                  "lpp: unknown type %u at byte %zu", payload[pos + 1], pos + 1);
        size_t data = pos + 2;
        if (len - data < type->size)
            return myk10__fail_at(MYK10_ETRUNCATED, (int64_t)len,
                                  "lpp: type %u at byte %zu needs %u data bytes, %zu left",
                                  type->id, pos + 1, type->size, len - data);
        myk10_status status = emit_item(out, ctx, type, channel, payload + data);
        if (status != MYK10_OK)
            return status;
        pos = data + type->size;
    }
    return MYK10_OK;
}

myk10_status myk10_lpp_decode(myk10_measurements *out, const myk10_codec_context *ctx,
                              const uint8_t *payload, size_t len)
{
    if (!out || (!payload && len))
        return myk10__fail(MYK10_EINVAL, "lpp: NULL argument");
    myk10__list_mark mark;
    myk10__measurements_mark(out, &mark);
    myk10_status status = lpp_decode_items(out, myk10__context_or_default(ctx), payload, len);
    if (status != MYK10_OK)
        myk10__measurements_rollback(out, &mark);
    return status;
}
