/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Simulated river gauges for `myk10 demo`: a heavy-rain night on the Nette,
 * the Saynbach and the Elzbach. Each gauge's water level follows a flood
 * wave that reaches the upstream gauges first; each reading is encoded in
 * the byte layout of the gauge's real sensor model, so the demo exercises
 * the same codecs as real traffic.
 */
#include <math.h>
#include <string.h>

#include "demo_gauges.h"

/* The flood wave at one gauge: baseflow level plus a wave that rises to its
 * crest and falls more slowly, a common shape of flash-flood hydrographs
 * (gamma-like: t^k e^(-t) scaled to the crest). */
double demo_gauge_level(const demo_wave *wave, int64_t t)
{
    double hours = (double)(t - wave->start) / 3600.0;
    if (hours <= 0)
        return wave->base_m;
    double x = hours / wave->time_to_crest_h; /* 1 at the crest */
    double shape = pow(x, 3.0) * exp(3.0 * (1.0 - x));
    return wave->base_m + wave->rise_m * shape;
}

static void put_be16(uint8_t *p, unsigned value)
{
    p[0] = (uint8_t)(value >> 8);
    p[1] = (uint8_t)value;
}

static void put_le16(uint8_t *p, unsigned value)
{
    p[0] = (uint8_t)value;
    p[1] = (uint8_t)(value >> 8);
}

static unsigned clamp_u16(double value)
{
    return value <= 0 ? 0 : value >= 65535 ? 65535 : (unsigned)lround(value);
}

/* Dragino LDDS75 (FPort 2): battery mV, distance mm, interrupt flag,
 * temperature 0.1 Cel, sensor flag. */
static size_t encode_ldds75(uint8_t *out, double distance_m)
{
    put_be16(out, 3312);
    put_be16(out + 2, clamp_u16(distance_m * 1000.0));
    out[4] = 0;
    put_be16(out + 5, 62); /* 6.2 Cel, a wet November night */
    out[7] = 1;
    return 8;
}

/* Milesight EM500-SWL: battery channel, then water depth in cm (LE). */
static size_t encode_em500_swl(uint8_t *out, double depth_m)
{
    static const uint8_t battery[3] = { 0x01, 0x75, 92 };
    memcpy(out, battery, sizeof battery);
    out[3] = 0x03;
    out[4] = 0x77;
    put_le16(out + 5, clamp_u16(depth_m * 100.0));
    return 7;
}

/* Decentlab DL-MBX, protocol 2: device id, flags (distance + battery),
 * distance mm, valid samples, battery mV. */
static size_t encode_dl_mbx(uint8_t *out, double distance_m)
{
    out[0] = 0x02;
    put_be16(out + 1, 0x0457);
    put_be16(out + 3, 0x0003);
    put_be16(out + 5, clamp_u16(distance_m * 1000.0));
    put_be16(out + 7, 10);
    put_be16(out + 9, 3021);
    return 11;
}

myk10_status demo_gauge_payload(uint8_t *out, size_t cap, size_t *out_size,
                                const cli_device *device, double level_m, int64_t t)
{
    const myk10_codec_context *heights = &device->codec_context;
    if (cap < 32)
        return MYK10_EBUFSIZE;
    if (strcmp(device->codec, "dragino-ldds75") == 0) {
        *out_size = encode_ldds75(out, heights->mounting_height_m - level_m);
    } else if (strcmp(device->codec, "decentlab-dl-mbx") == 0) {
        *out_size = encode_dl_mbx(out, heights->mounting_height_m - level_m);
    } else if (strcmp(device->codec, "milesight-em500-swl") == 0) {
        *out_size = encode_em500_swl(out, level_m - heights->probe_height_m);
    } else if (strcmp(device->codec, "senml-cbor") == 0) {
        return demo_senml_level(out, cap, out_size, device, level_m, t);
    } else {
        return MYK10_EUNSUPPORTED;
    }
    return MYK10_OK;
}

/* SenML sensors report the level itself; the library writes the pack. */
myk10_status demo_senml_level(uint8_t *out, size_t cap, size_t *out_size,
                              const cli_device *device, double level_m, int64_t t)
{
    myk10_measurements *list;
    myk10_status status = myk10_measurements_create(&list);
    if (status != MYK10_OK)
        return status;
    myk10_measurement m;
    memset(&m, 0, sizeof m);
    m.device = device->id;
    m.quantity = "water_level";
    m.unit = "m";
    m.time = t;
    m.channel = MYK10_NO_CHANNEL;
    m.kind = MYK10_VALUE_NUMBER;
    m.number = round(level_m * 1000.0) / 1000.0;
    status = myk10_measurements_add(list, &m);
    if (status == MYK10_OK)
        status = myk10_senml_cbor_encode(out, cap, out_size, list, 0);
    myk10_measurements_destroy(list);
    return status;
}
