/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The receive path of a LoRaWAN gauge in C: a device session, one encrypted
 * uplink, its verification and decryption, and the payload codec that turns
 * it into a water level. The frame is built with the library's encoder so
 * that the example runs without a radio.
 *     cc receive.c $(pkg-config --cflags --libs myk10) -o receive
 */
#include <stdio.h>
#include <string.h>

#include <myk10/myk10.h>

static const uint8_t nwk_s_key[16] = { 0x33, 0xdc, 0xb9, 0x71, 0x5d, 0x88, 0x20, 0xf3,
                                       0xb6, 0x2d, 0x43, 0xce, 0x1b, 0x27, 0x4c, 0x5c };
static const uint8_t app_s_key[16] = { 0x1e, 0x52, 0x55, 0x65, 0x33, 0xc2, 0x21, 0x55,
                                       0x94, 0x51, 0x6d, 0xdb, 0x1a, 0x0a, 0x8b, 0xfc };

static int fail(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", what, myk10_status_name(myk10_last_error_code()),
            myk10_last_error());
    return 1;
}

/* What the gauge would send: a Dragino LDDS75 reading (2.9 m to the water). */
static myk10_status gauge_sends(uint8_t *phy, size_t cap, size_t *size, myk10_frame_keys *keys,
                                uint32_t fcnt)
{
    static const uint8_t ldds75[8] = { 0x0c, 0xf0, 0x0b, 0x54, 0x00, 0x00, 0x3e, 0x01 };
    myk10_frame_data_fields fields;
    memset(&fields, 0, sizeof fields);
    fields.mtype = MYK10_FRAME_UNCONFIRMED_UP;
    fields.dev_addr = 0x260b1a01;
    fields.has_fport = true;
    fields.fport = 2;
    fields.payload = ldds75;
    fields.payload_size = sizeof ldds75;
    fields.params.fcnt = fcnt;
    return myk10_frame_encode_data(phy, cap, size, &fields, keys);
}

static int print_levels(const myk10_codec_registry *codecs, const myk10_session_result *r)
{
    myk10_measurements *list;
    myk10_codec_context ctx = MYK10_CODEC_CONTEXT_INIT;
    ctx.device = "pegel-kirchwald";
    ctx.fport = r->frame.data.fport;
    ctx.has_mounting_height = true; /* the sensor hangs 3.2 m above gauge zero */
    ctx.mounting_height_m = 3.2;
    if (myk10_measurements_create(&list) != MYK10_OK)
        return fail("measurements");
    if (myk10_codec_registry_decode(list, codecs, r->codec, &ctx, r->payload,
                                    r->payload_size) != MYK10_OK) {
        myk10_measurements_destroy(list);
        return fail("decode");
    }
    for (size_t i = 0; i < myk10_measurements_count(list); i++) {
        myk10_measurement m;
        myk10_measurements_get(&m, list, i);
        printf("  %-16s %8.3f %s\n", m.quantity, m.number, m.unit);
    }
    myk10_measurements_destroy(list);
    return 0;
}

int main(void)
{
    myk10_frame_keys *keys = NULL;
    myk10_session_table *sessions = NULL;
    myk10_codec_registry *codecs = NULL;
    int result = 1;

    /* One LoRaWAN 1.0 device: its keys, its session, its codec. */
    myk10_session_info info;
    memset(&info, 0, sizeof info);
    info.dev_eui = 0x70b3d57ed001a100;
    info.dev_addr = 0x260b1a01;
    strcpy(info.codec, "dragino-ldds75");
    if (myk10_frame_keys_create(&keys, MYK10_LORAWAN_1_0) != MYK10_OK ||
        myk10_frame_keys_set_nwk_s_key(keys, nwk_s_key) != MYK10_OK ||
        myk10_frame_keys_set(keys, MYK10_KEY_APP_S, app_s_key) != MYK10_OK ||
        myk10_session_table_create(&sessions) != MYK10_OK ||
        myk10_session_add(sessions, &info, keys) != MYK10_OK ||
        myk10_codec_registry_create(&codecs) != MYK10_OK) {
        result = fail("setup");
        goto done;
    }

    uint8_t phy[MYK10_FRAME_MAX_SIZE], clear[MYK10_FRAME_MAX_SIZE];
    size_t size;
    myk10_session_result r;
    if (gauge_sends(phy, sizeof phy, &size, keys, 1) != MYK10_OK) {
        result = fail("encode");
        goto done;
    }
    /* Parse, find the session, rebuild FCnt32, verify the MIC, decrypt. */
    if (myk10_session_uplink(&r, clear, sizeof clear, sessions, phy, size, NULL) != MYK10_OK) {
        result = fail("uplink");
        goto done;
    }
    printf("uplink from %016llx, FCnt %u, codec %s:\n", (unsigned long long)r.dev_eui,
           (unsigned)r.fcnt, r.codec);
    if (print_levels(codecs, &r) != 0)
        goto done;

    /* The same bytes again are a replay, and say so. */
    myk10_status status = myk10_session_uplink(&r, clear, sizeof clear, sessions, phy, size, NULL);
    printf("again: %s (%s)\n", myk10_status_name(status), myk10_last_error());
    result = status == MYK10_EREPLAY ? 0 : 1;

done:
    myk10_codec_registry_destroy(codecs);
    myk10_session_table_destroy(sessions);
    myk10_frame_keys_destroy(keys);
    return result;
}
