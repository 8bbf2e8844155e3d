/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Check suite for the device-session table: FCnt32 reconstruction (with a
 * brute-force oracle), MAX_FCNT_GAP edges, replays, the one confirmed
 * retransmission, LoRaWAN 1.0 and 1.1 sessions, shared DevAddrs, and CBOR
 * snapshots (round trip, every truncation, every bit flip, versions).
 * Uplinks are built with the frame module's own encoder, which the frame
 * suite checks against published vectors and OpenSSL's CMAC.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <myk10/myk10.h>

#include "frame/session_internal.h"

#define GAP MYK10_SESSION_MAX_FCNT_GAP

#define ck_ok(call)                                                                   \
    do {                                                                              \
        myk10_status st_ = (call);                                                    \
        ck_assert_msg(st_ == MYK10_OK, "%s: %s (%s)", #call, myk10_status_name(st_), \
                      myk10_last_error());                                           \
    } while (0)

#define ck_status(call, expected)                                                    \
    do {                                                                             \
        myk10_status st_ = (call);                                                   \
        ck_assert_msg(st_ == (expected), "%s: %s, expected %s (%s)", #call,          \
                      myk10_status_name(st_), myk10_status_name(expected),           \
                      myk10_last_error());                                           \
    } while (0)

/* --------------------------------------------------------------- helpers */

static void fill_key(uint8_t key[16], unsigned seed, unsigned role)
{
    for (int i = 0; i < 16; i++)
        key[i] = (uint8_t)(seed * 31 + role * 17 + i * 7 + 1);
}

/* Session keys of a device: 1.0 NwkSKey (+ AppSKey), or the four 1.1 keys. */
static myk10_frame_keys *device_keys(myk10_lorawan_version version, unsigned seed, bool app)
{
    myk10_frame_keys *keys = NULL;
    uint8_t key[16];
    ck_ok(myk10_frame_keys_create(&keys, version));
    if (version == MYK10_LORAWAN_1_0) {
        fill_key(key, seed, 1);
        ck_ok(myk10_frame_keys_set_nwk_s_key(keys, key));
    } else {
        for (unsigned role = 1; role <= 3; role++) {
            fill_key(key, seed, role);
            ck_ok(myk10_frame_keys_set(keys, (myk10_frame_key_role)role, key));
        }
    }
    if (app) {
        fill_key(key, seed, 0);
        ck_ok(myk10_frame_keys_set(keys, MYK10_KEY_APP_S, key));
    }
    return keys;
}

typedef struct device {
    uint64_t dev_eui;
    uint32_t dev_addr;
    myk10_frame_keys *keys;
} device;

static device add_device(myk10_session_table *table, uint64_t eui, uint32_t addr,
                         myk10_lorawan_version version, bool has_up, uint32_t fcnt_up)
{
    device d = { eui, addr, device_keys(version, (unsigned)eui, true) };
    myk10_session_info info;
    memset(&info, 0, sizeof info);
    info.dev_eui = eui;
    info.dev_addr = addr;
    info.has_fcnt_up = has_up;
    info.fcnt_up = fcnt_up;
    snprintf(info.codec, sizeof info.codec, "codec-%u", (unsigned)(eui % 7));
    ck_ok(myk10_session_add(table, &info, d.keys));
    return d;
}

typedef struct uplink_opts {
    bool confirmed;
    uint8_t fport;
    const char *payload;
    const uint8_t *fopts;
    size_t fopts_size;
    uint8_t tx_dr, tx_ch;
} uplink_opts;

static size_t encode_up(uint8_t *out, const device *d, uint32_t fcnt, const uplink_opts *o)
{
    myk10_frame_data_fields f;
    size_t size = 0;
    memset(&f, 0, sizeof f);
    f.mtype = o && o->confirmed ? MYK10_FRAME_CONFIRMED_UP : MYK10_FRAME_UNCONFIRMED_UP;
    f.dev_addr = d->dev_addr;
    f.has_fport = true;
    f.fport = o && o->fport ? o->fport : 1;
    f.payload = (const uint8_t *)(o && o->payload ? o->payload : "water 1.23m");
    f.payload_size = strlen((const char *)f.payload);
    if (o && o->fopts) {
        f.fopts = o->fopts;
        f.fopts_size = o->fopts_size;
    }
    f.params.fcnt = fcnt;
    f.params.tx_dr = o ? o->tx_dr : 0;
    f.params.tx_ch = o ? o->tx_ch : 0;
    ck_ok(myk10_frame_encode_data(out, MYK10_FRAME_MAX_SIZE, &size, &f, d->keys));
    return size;
}

/* Sends an uplink with counter `fcnt`; returns the status. */
static myk10_status send_up(myk10_session_result *res, myk10_session_table *table,
                            const device *d, uint32_t fcnt, const uplink_opts *o)
{
    static uint8_t phy[MYK10_FRAME_MAX_SIZE], buf[MYK10_FRAME_MAX_SIZE];
    myk10_frame_params params;
    size_t n = encode_up(phy, d, fcnt, o);
    memset(&params, 0, sizeof params);
    params.tx_dr = o ? o->tx_dr : 0;
    params.tx_ch = o ? o->tx_ch : 0;
    return myk10_session_uplink(res, buf, sizeof buf, table, phy, n, &params);
}

static myk10_session_info info_of(const myk10_session_table *table, uint64_t eui)
{
    myk10_session_info info;
    ck_ok(myk10_session_get(&info, table, eui));
    return info;
}

static myk10_session_table *table_new(void)
{
    myk10_session_table *table = NULL;
    ck_ok(myk10_session_table_create(&table));
    return table;
}

/* ------------------------------------------------- FCnt32 reconstruction */

/*
 * Oracle by enumeration: every 32-bit counter with the frame's low 16
 * bits, near `last`, classified straight from the definitions.
 */
static void oracle(session_fcnt_guess *out, bool has_last, uint32_t last, uint16_t fcnt16)
{
    int64_t ref = has_last ? (int64_t)last : -1;
    int64_t hi = ref < 0 ? 0 : ref >> 16;
    int64_t ahead = -1, behind = -1; /* nearest counters with these low bits */
    memset(out, 0, sizeof *out);
    for (int64_t k = hi - 2; k <= hi + 2; k++) {
        int64_t v = k * 65536 + fcnt16;
        if (k < 0)
            continue;
        if (v > ref && ahead < 0)
            ahead = v;
        if (v <= ref)
            behind = v;
    }
    bool fits = ahead <= (int64_t)UINT32_MAX;
    if (has_last && behind == ref) {
        out->kind = FCNT_SAME;
        out->has_backward = true;
        out->backward = (uint32_t)behind;
    } else if (ahead - ref <= GAP) {
        out->kind = fits ? FCNT_FORWARD : FCNT_EXHAUSTED;
        out->has_forward = fits;
        out->forward = (uint32_t)ahead;
        out->has_backward = !fits;
        out->backward = (uint32_t)ahead; /* truncated to 32 bits: wrapped */
    } else {
        out->kind = FCNT_FAR;
        out->has_forward = fits;
        out->forward = (uint32_t)ahead;
        out->has_backward = behind >= 0;
        out->backward = (uint32_t)behind;
    }
}

START_TEST(fcnt_guess_matches_oracle)
{
    static const uint32_t lasts[] = { 0,          1,          2,          16383,      16384,
                                      16385,      0xBFFF,     0xC000,     0xC001,     0xFFFE,
                                      0xFFFF,     0x10000,    0x10001,    0x1FFFF,    0x2BFFF,
                                      0x12345678, 0xFFFEFFFF, 0xFFFF0000, 0xFFFFBFFF, 0xFFFFC000,
                                      0xFFFFFFFE, 0xFFFFFFFF };
    for (size_t i = 0; i <= sizeof lasts / sizeof lasts[0]; i++) {
        bool has_last = i < sizeof lasts / sizeof lasts[0];
        uint32_t last = has_last ? lasts[i] : 0;
        for (uint32_t f = 0; f <= 0xFFFF; f++) {
            session_fcnt_guess got, want;
            session_fcnt_guess_of(&got, has_last, last, (uint16_t)f);
            oracle(&want, has_last, last, (uint16_t)f);
            ck_assert_msg(got.kind == want.kind && got.has_forward == want.has_forward &&
                              got.has_backward == want.has_backward &&
                              (!got.has_forward || got.forward == want.forward) &&
                              (!got.has_backward || got.backward == want.backward),
                          "last %s0x%08X fcnt16 0x%04X: kind %d/%d fwd %d:%08X/%d:%08X"
                          " back %d:%08X/%d:%08X", has_last ? "" : "(none) ", last, f,
                          got.kind, want.kind, got.has_forward, got.forward, want.has_forward,
                          want.forward, got.has_backward, got.backward, want.has_backward,
                          want.backward);
        }
    }
}
END_TEST

/* ------------------------------------------------------------- counters */

START_TEST(counter_crosses_16_bit_wraps)
{
    myk10_session_table *table = table_new();
    myk10_session_result res;
    device d = add_device(table, 0x70B3D57ED0000001ull, 0x26011BDA, MYK10_LORAWAN_1_0, true,
                          0xFFFE);
    static const uint32_t sequence[] = { 0xFFFF,  0x10000, 0x10001, 0x14001, 0x18001,
                                         0x1C001, 0x1FFFF, 0x20000, 0x23000 };
    for (size_t i = 0; i < sizeof sequence / sizeof sequence[0]; i++) {
        ck_ok(send_up(&res, table, &d, sequence[i], NULL));
        ck_assert_uint_eq(res.fcnt, sequence[i]);
        ck_assert_uint_eq(info_of(table, d.dev_eui).fcnt_up, sequence[i]);
        ck_assert_int_eq(res.payload_size, 11);
        ck_assert(memcmp(res.payload, "water 1.23m", 11) == 0);
        ck_assert(!res.retransmission && !res.payload_encrypted);
        ck_assert_uint_eq(res.dev_eui, d.dev_eui);
        ck_assert_int_eq(res.codec[6] - '0', (int)(d.dev_eui % 7));
    }
    myk10_frame_keys_destroy(d.keys);
    myk10_session_table_destroy(table);
}
END_TEST

START_TEST(gap_edges)
{
    static const uint32_t bases[] = { 100, 0xFFF0, 0x1FFFF, 0xFFFF0000 };
    myk10_session_result res;
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        myk10_session_table *table = table_new();
        device a = add_device(table, 1, 0x01000001, MYK10_LORAWAN_1_0, true, bases[i]);
        device b = add_device(table, 2, 0x01000002, MYK10_LORAWAN_1_1, true, bases[i]);
        /* gap = new - FCntUp: exactly MAX_FCNT_GAP is accepted, one more is not. */
        ck_status(send_up(&res, table, &b, bases[i] + GAP + 1, NULL), MYK10_EGAP);
        ck_assert_msg(strstr(myk10_last_error(), "01000002") != NULL, "%s", myk10_last_error());
        ck_assert_uint_eq(info_of(table, 2).fcnt_up, bases[i]);
        ck_ok(send_up(&res, table, &a, bases[i] + GAP, NULL));
        ck_assert_uint_eq(res.fcnt, bases[i] + GAP);
        ck_ok(send_up(&res, table, &b, bases[i] + GAP, NULL));
        myk10_frame_keys_destroy(a.keys);
        myk10_frame_keys_destroy(b.keys);
        myk10_session_table_destroy(table);
    }
}
END_TEST

START_TEST(fresh_session_gap_edges)
{
    myk10_session_table *table = table_new();
    myk10_session_result res;
    device d = add_device(table, 3, 0x01000003, MYK10_LORAWAN_1_0, false, 0);
    /* No uplink yet: as if FCntUp were -1, so GAP - 1 is the last accepted. */
    ck_status(send_up(&res, table, &d, GAP, NULL), MYK10_EGAP);
    ck_assert(!info_of(table, 3).has_fcnt_up);
    ck_ok(send_up(&res, table, &d, GAP - 1, NULL));
    ck_assert(info_of(table, 3).has_fcnt_up);
    ck_assert_uint_eq(info_of(table, 3).fcnt_up, GAP - 1);
    myk10_frame_keys_destroy(d.keys);
    myk10_session_table_destroy(table);

    table = table_new();
    d = add_device(table, 4, 0x01000004, MYK10_LORAWAN_1_0, false, 0);
    ck_ok(send_up(&res, table, &d, 0, NULL));
    ck_assert_uint_eq(res.fcnt, 0);
    myk10_frame_keys_destroy(d.keys);
    myk10_session_table_destroy(table);
}
END_TEST

START_TEST(replays_are_rejected)
{
    myk10_session_table *table = table_new();
    myk10_session_result res;
    device d = add_device(table, 5, 0x01000005, MYK10_LORAWAN_1_0, true, 30000);
    ck_ok(send_up(&res, table, &d, 30005, NULL));
    ck_status(send_up(&res, table, &d, 30005, NULL), MYK10_EREPLAY);
    ck_assert_msg(strstr(myk10_last_error(), "01000005") && strstr(myk10_last_error(), "7535"),
                  "%s", myk10_last_error());
    ck_status(send_up(&res, table, &d, 30004, NULL), MYK10_EREPLAY);
    ck_status(send_up(&res, table, &d, 1, NULL), MYK10_EREPLAY);  /* far behind */
    ck_status(send_up(&res, table, &d, 30005 - 20000, NULL), MYK10_EREPLAY);
    ck_assert_uint_eq(info_of(table, 5).fcnt_up, 30005);
    ck_ok(send_up(&res, table, &d, 30006, NULL));
    myk10_frame_keys_destroy(d.keys);
    myk10_session_table_destroy(table);
}
END_TEST

START_TEST(exhausted_counter_is_a_replay)
{
    myk10_session_table *table = table_new();
    myk10_session_result res;
    device d = add_device(table, 6, 0x01000006, MYK10_LORAWAN_1_0, true, 0xFFFFFFFE);
    ck_ok(send_up(&res, table, &d, 0xFFFFFFFF, NULL));
    /* The counter wrapped to 0: the device must rejoin. */
    ck_status(send_up(&res, table, &d, 0, NULL), MYK10_EREPLAY);
    myk10_frame_keys_destroy(d.keys);
    myk10_session_table_destroy(table);
}
END_TEST

START_TEST(confirmed_retransmission_once)
{
    myk10_session_table *table = table_new();
    myk10_session_result res;
    uplink_opts confirmed = { .confirmed = true };
    device d = add_device(table, 7, 0x01000007, MYK10_LORAWAN_1_0, true, 10);
    ck_ok(send_up(&res, table, &d, 11, &confirmed));
    ck_assert(!res.retransmission);
    ck_ok(send_up(&res, table, &d, 11, &confirmed));
    ck_assert(res.retransmission);
    ck_assert_uint_eq(res.fcnt, 11);
    ck_assert(memcmp(res.payload, "water 1.23m", 11) == 0);
    ck_status(send_up(&res, table, &d, 11, &confirmed), MYK10_EREPLAY);
    /* Not for unconfirmed uplinks, and not as an unconfirmed repeat. */
    ck_ok(send_up(&res, table, &d, 12, NULL));
    ck_status(send_up(&res, table, &d, 12, NULL), MYK10_EREPLAY);
    ck_ok(send_up(&res, table, &d, 13, &confirmed));
    ck_status(send_up(&res, table, &d, 13, NULL), MYK10_EREPLAY);
    /* A confirmed repeat of an unconfirmed uplink is a replay too. */
    ck_ok(send_up(&res, table, &d, 14, NULL));
    ck_status(send_up(&res, table, &d, 14, &confirmed), MYK10_EREPLAY);
    /* A new confirmed uplink earns a new retransmission. */
    ck_ok(send_up(&res, table, &d, 15, &confirmed));
    ck_ok(send_up(&res, table, &d, 15, &confirmed));
    ck_assert(res.retransmission);
    ck_assert(info_of(table, 7).retransmitted);
    myk10_frame_keys_destroy(d.keys);
    myk10_session_table_destroy(table);
}
END_TEST

START_TEST(mic_failure_does_not_advance)
{
    myk10_session_table *table = table_new();
    myk10_session_result res;
    uint8_t phy[MYK10_FRAME_MAX_SIZE], buf[MYK10_FRAME_MAX_SIZE];
    device d = add_device(table, 8, 0x01000008, MYK10_LORAWAN_1_0, true, 40);
    size_t n = encode_up(phy, &d, 41, NULL);
    for (size_t byte = 0; byte < n; byte++) {
        if (byte >= 1 && byte <= 4)
            continue; /* DevAddr: another status (ENOKEY) */
        phy[byte] ^= 0x10;
        myk10_status st = myk10_session_uplink(&res, buf, sizeof buf, table, phy, n, NULL);
        ck_assert_msg(st == MYK10_EINTEGRITY || (byte < 8 && st != MYK10_OK),
                      "byte %zu: %s", byte, myk10_status_name(st));
        phy[byte] ^= 0x10;
        ck_assert_uint_eq(info_of(table, 8).fcnt_up, 40);
    }
    phy[n - 1] ^= 1;
    ck_status(myk10_session_uplink(&res, buf, sizeof buf, table, phy, n, NULL), MYK10_EINTEGRITY);
    ck_assert_int_eq(myk10_last_error_offset(), (int64_t)n - 4);
    ck_assert_msg(strstr(myk10_last_error(), "01000008") != NULL, "%s", myk10_last_error());
    phy[n - 1] ^= 1;
    ck_ok(myk10_session_uplink(&res, buf, sizeof buf, table, phy, n, NULL));
    ck_assert_uint_eq(res.fcnt, 41);
    myk10_frame_keys_destroy(d.keys);
    myk10_session_table_destroy(table);
}
END_TEST

START_TEST(lorawan_1_1_session)
{
    static const uint8_t fopts[] = { 0x06, 0x20, 0x05 }; /* DevStatusAns */
    myk10_session_table *table = table_new();
    myk10_session_result res;
    uplink_opts o = { .fopts = fopts, .fopts_size = 3, .tx_dr = 5, .tx_ch = 2,
                      .payload = "level=42" };
    device d = add_device(table, 9, 0x01000009, MYK10_LORAWAN_1_1, true, 0x1FFFF);
    ck_ok(send_up(&res, table, &d, 0x20000, &o));
    ck_assert_int_eq(res.version, MYK10_LORAWAN_1_1);
    ck_assert_uint_eq(res.fcnt, 0x20000);
    ck_assert_int_eq(res.payload_size, 8);
    ck_assert(memcmp(res.payload, "level=42", 8) == 0);
    ck_assert_int_eq(res.fopts_size, 3);
    ck_assert(memcmp(res.fopts, fopts, 3) == 0);
    ck_assert(res.fopts != res.frame.data.fopts); /* decrypted into the buffer */

    /* TxDr/TxCh are part of the 1.1 MIC. */
    uint8_t phy[MYK10_FRAME_MAX_SIZE], buf[MYK10_FRAME_MAX_SIZE];
    myk10_frame_params wrong = { .tx_dr = 5, .tx_ch = 3 };
    size_t n = encode_up(phy, &d, 0x20001, &o);
    ck_status(myk10_session_uplink(&res, buf, sizeof buf, table, phy, n, &wrong),
              MYK10_EINTEGRITY);
    ck_status(myk10_session_uplink(&res, buf, 10, table, phy, n, &wrong), MYK10_EBUFSIZE);
    wrong.tx_ch = 2;
    ck_ok(myk10_session_uplink(&res, buf, 11, table, phy, n, &wrong));
    myk10_frame_keys_destroy(d.keys);
    myk10_session_table_destroy(table);
}
END_TEST

START_TEST(fport_0_and_missing_app_key)
{
    myk10_session_table *table = table_new();
    myk10_session_result res;
    myk10_session_info info;
    uplink_opts mac = { .fport = 0, .payload = "\x06\x20\x05" };
    device d = add_device(table, 10, 0x0100000A, MYK10_LORAWAN_1_0, false, 0);
    myk10_frame_data_fields f;
    uint8_t phy[64], buf[64];
    size_t n = 0;
    memset(&f, 0, sizeof f);
    f.mtype = MYK10_FRAME_UNCONFIRMED_UP;
    f.dev_addr = d.dev_addr;
    f.has_fport = true;
    f.fport = 0;
    f.payload = (const uint8_t *)mac.payload;
    f.payload_size = 3;
    ck_ok(myk10_frame_encode_data(phy, sizeof phy, &n, &f, d.keys));
    ck_ok(myk10_session_uplink(&res, buf, sizeof buf, table, phy, n, NULL));
    ck_assert(memcmp(res.payload, "\x06\x20\x05", 3) == 0);

    /* A network server without the AppSKey hands the payload over as received. */
    myk10_frame_keys *nwk_only = device_keys(MYK10_LORAWAN_1_0, 11, false);
    memset(&info, 0, sizeof info);
    info.dev_eui = 11;
    info.dev_addr = 0x0100000B;
    ck_ok(myk10_session_add(table, &info, nwk_only));
    device e = { 11, 0x0100000B, device_keys(MYK10_LORAWAN_1_0, 11, true) };
    ck_ok(send_up(&res, table, &e, 0, NULL));
    ck_assert(res.payload_encrypted);
    ck_assert(memcmp(res.payload, res.frame.data.frm_payload, res.payload_size) == 0);

    /* A session without network keys is refused. */
    myk10_frame_keys *none = NULL;
    ck_ok(myk10_frame_keys_create(&none, MYK10_LORAWAN_1_1));
    info.dev_eui = 12;
    ck_status(myk10_session_add(table, &info, none), MYK10_ENOKEY);
    myk10_frame_keys_destroy(none);
    myk10_frame_keys_destroy(nwk_only);
    myk10_frame_keys_destroy(e.keys);
    myk10_frame_keys_destroy(d.keys);
    myk10_session_table_destroy(table);
}
END_TEST

START_TEST(shared_dev_addr_resolves_by_mic)
{
    myk10_session_table *table = table_new();
    myk10_session_result res;
    uint64_t euis[4];
    size_t count = 0;
    device a = add_device(table, 0xA, 0x26000001, MYK10_LORAWAN_1_0, true, 100);
    device b = add_device(table, 0xB, 0x26000001, MYK10_LORAWAN_1_1, true, 5000);
    device c = add_device(table, 0xC, 0x26000001, MYK10_LORAWAN_1_0, false, 0);
    ck_ok(myk10_session_find(euis, 4, &count, table, 0x26000001));
    ck_assert_int_eq(count, 3);
    ck_status(myk10_session_find(euis, 2, &count, table, 0x26000001), MYK10_EBUFSIZE);
    ck_ok(send_up(&res, table, &b, 5001, NULL));
    ck_assert_uint_eq(res.dev_eui, 0xB);
    ck_ok(send_up(&res, table, &a, 101, NULL));
    ck_assert_uint_eq(res.dev_eui, 0xA);
    ck_ok(send_up(&res, table, &c, 7, NULL));
    ck_assert_uint_eq(res.dev_eui, 0xC);
    /* A replay for one session is that session's verdict. */
    ck_status(send_up(&res, table, &a, 101, NULL), MYK10_EREPLAY);
    ck_assert_uint_eq(info_of(table, 0xB).fcnt_up, 5001);
    ck_assert_uint_eq(info_of(table, 0xC).fcnt_up, 7);
    /* A frame from none of them. */
    device stranger = { 0xD, 0x26000001, device_keys(MYK10_LORAWAN_1_0, 0xD, true) };
    ck_status(send_up(&res, table, &stranger, 200, NULL), MYK10_EINTEGRITY);
    ck_assert_msg(strstr(myk10_last_error(), "3 sessions") != NULL, "%s", myk10_last_error());
    stranger.dev_addr = 0x26000002;
    ck_status(send_up(&res, table, &stranger, 200, NULL), MYK10_ENOKEY);
    ck_assert_msg(strstr(myk10_last_error(), "26000002") != NULL, "%s", myk10_last_error());
    myk10_frame_keys_destroy(stranger.keys);
    myk10_frame_keys_destroy(a.keys);
    myk10_frame_keys_destroy(b.keys);
    myk10_frame_keys_destroy(c.keys);
    myk10_session_table_destroy(table);
}
END_TEST

START_TEST(add_remove_lookup)
{
    enum { N = 3000 };
    myk10_session_table *table = table_new();
    myk10_frame_keys *keys = device_keys(MYK10_LORAWAN_1_0, 1, true);
    myk10_session_info info;
    memset(&info, 0, sizeof info);
    for (uint64_t i = 0; i < N; i++) {
        info.dev_eui = 0x1000 + i;
        info.dev_addr = (uint32_t)(i % 1000); /* three sessions per DevAddr */
        info.nfcnt_down = (uint32_t)i;
        ck_ok(myk10_session_add(table, &info, keys));
    }
    ck_status(myk10_session_add(table, &info, keys), MYK10_EEXISTS);
    ck_assert_int_eq(myk10_session_count(table), N);
    for (uint64_t i = 0; i < N; i += 2)
        ck_ok(myk10_session_remove(table, 0x1000 + i));
    ck_status(myk10_session_remove(table, 0x1000), MYK10_ENOTFOUND);
    ck_assert_int_eq(myk10_session_count(table), N / 2);
    for (uint64_t i = 0; i < N; i++) {
        myk10_session_info got;
        myk10_status st = myk10_session_get(&got, table, 0x1000 + i);
        ck_assert_int_eq(st, i % 2 ? MYK10_OK : MYK10_ENOTFOUND);
        if (st == MYK10_OK) {
            ck_assert_uint_eq(got.nfcnt_down, i);
            ck_assert_uint_eq(got.dev_addr, i % 1000);
        }
    }
    size_t count = 0;
    uint64_t euis[8];
    ck_ok(myk10_session_find(euis, 8, &count, table, 1));
    ck_assert_int_eq(count, 3); /* 0x1001, 0x13E9 (1001 is odd), 0x17D1 */
    ck_ok(myk10_session_find(euis, 8, &count, table, 2));
    ck_assert_int_eq(count, 0);

    /* Downlink counters and update. */
    uint32_t down = 0;
    ck_ok(myk10_session_next_fcnt_down(&down, table, 0x1001, false));
    ck_assert_uint_eq(down, 1);
    ck_ok(myk10_session_next_fcnt_down(&down, table, 0x1001, false));
    ck_assert_uint_eq(down, 2);
    info = info_of(table, 0x1001);
    snprintf(info.codec, sizeof info.codec, "dragino-ldds75");
    info.user = &count;
    ck_ok(myk10_session_update(table, &info));
    ck_assert_str_eq(info_of(table, 0x1001).codec, "dragino-ldds75");
    ck_assert_ptr_eq(info_of(table, 0x1001).user, &count);
    memset(info.codec, 'x', sizeof info.codec);
    ck_status(myk10_session_update(table, &info), MYK10_EINVAL);

    myk10_frame_keys *copy = NULL;
    uint8_t a[16], b[16];
    ck_ok(myk10_session_keys(&copy, table, 0x1001));
    ck_ok(myk10_frame_keys_get(a, copy, MYK10_KEY_APP_S));
    ck_ok(myk10_frame_keys_get(b, keys, MYK10_KEY_APP_S));
    ck_assert(memcmp(a, b, 16) == 0);
    myk10_frame_keys_destroy(copy);
    myk10_frame_keys_destroy(keys);
    myk10_session_table_destroy(table);
}
END_TEST

/* ------------------------------------------------------------- snapshots */

static uint8_t *save(size_t *size, const myk10_session_table *table)
{
    ck_status(myk10_session_table_save(NULL, 0, size, table), MYK10_EBUFSIZE);
    uint8_t *buf = malloc(*size);
    size_t again = 0;
    ck_assert_ptr_nonnull(buf);
    ck_status(myk10_session_table_save(buf, *size - 1, &again, table), MYK10_EBUFSIZE);
    ck_ok(myk10_session_table_save(buf, *size, &again, table));
    ck_assert_int_eq(again, *size);
    return buf;
}

/* A table with 1.0 and 1.1 sessions, a shared DevAddr and varied state. */
static myk10_session_table *sample_table(device devices[4])
{
    myk10_session_table *table = table_new();
    myk10_session_result res;
    uplink_opts confirmed = { .confirmed = true };
    devices[0] = add_device(table, 0x70B3D57ED0000003ull, 0x260B0001, MYK10_LORAWAN_1_1, true, 77);
    devices[1] = add_device(table, 0x70B3D57ED0000001ull, 0x260B0001, MYK10_LORAWAN_1_0, true, 0xFFFF);
    devices[2] = add_device(table, 0x0000000000000002ull, 0x01020304, MYK10_LORAWAN_1_0, false, 0);
    devices[3] = add_device(table, 0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFF, MYK10_LORAWAN_1_1, true, 1);
    ck_ok(send_up(&res, table, &devices[1], 0x10000, &confirmed));
    ck_ok(send_up(&res, table, &devices[3], 2, &confirmed));
    ck_ok(send_up(&res, table, &devices[3], 2, &confirmed));
    return table;
}

static void free_devices(device devices[4])
{
    for (int i = 0; i < 4; i++)
        myk10_frame_keys_destroy(devices[i].keys);
}

START_TEST(snapshot_round_trip)
{
    device devices[4];
    myk10_session_table *table = sample_table(devices), *loaded = NULL;
    myk10_session_result res;
    size_t size = 0, size2 = 0;
    uint8_t *bytes = save(&size, table);
    ck_ok(myk10_session_table_load(&loaded, bytes, size));
    uint8_t *again = save(&size2, loaded);
    ck_assert_int_eq(size, size2);
    ck_assert(memcmp(bytes, again, size) == 0);
    for (int i = 0; i < 4; i++) {
        myk10_session_info a = info_of(table, devices[i].dev_eui);
        myk10_session_info b = info_of(loaded, devices[i].dev_eui);
        a.user = b.user = NULL;
        ck_assert(memcmp(&a, &b, sizeof a) == 0);
    }
    /* The loaded table carries on where the saved one stopped. */
    ck_status(send_up(&res, loaded, &devices[3], 2, &(uplink_opts){ .confirmed = true }),
              MYK10_EREPLAY);
    ck_ok(send_up(&res, loaded, &devices[1], 0x10001, NULL));
    ck_ok(send_up(&res, loaded, &devices[0], 78, NULL));
    /* Insertion order does not matter: sorted by DevAddr, then DevEUI. */
    myk10_session_table *other = table_new();
    for (int i = 3; i >= 0; i--) {
        myk10_session_info info = info_of(table, devices[i].dev_eui);
        ck_ok(myk10_session_add(other, &info, devices[i].keys));
    }
    uint8_t *third = save(&size2, other);
    ck_assert_int_eq(size, size2);
    ck_assert(memcmp(bytes, third, size) == 0);
    /* An empty table too. */
    myk10_session_table *empty = table_new(), *empty2 = NULL;
    uint8_t *e = save(&size2, empty);
    ck_ok(myk10_session_table_load(&empty2, e, size2));
    ck_assert_int_eq(myk10_session_count(empty2), 0);
    free(e);
    free(third);
    free(again);
    free(bytes);
    myk10_session_table_destroy(empty);
    myk10_session_table_destroy(empty2);
    myk10_session_table_destroy(other);
    myk10_session_table_destroy(loaded);
    myk10_session_table_destroy(table);
    free_devices(devices);
}
END_TEST

START_TEST(snapshot_every_truncation_fails)
{
    device devices[4];
    myk10_session_table *table = sample_table(devices);
    size_t size = 0;
    uint8_t *bytes = save(&size, table);
    for (size_t n = 0; n < size; n++) {
        myk10_session_table *loaded = NULL;
        uint8_t *copy = malloc(n ? n : 1); /* exact size, so ASan sees overreads */
        memcpy(copy, bytes, n);
        ck_status(myk10_session_table_load(&loaded, copy, n), MYK10_ECORRUPT);
        ck_assert_ptr_null(loaded);
        free(copy);
    }
    free(bytes);
    myk10_session_table_destroy(table);
    free_devices(devices);
}
END_TEST

START_TEST(snapshot_every_bit_flip_fails)
{
    device devices[4];
    myk10_session_table *table = sample_table(devices);
    size_t size = 0;
    uint8_t *bytes = save(&size, table);
    for (size_t bit = 0; bit < size * 8; bit++) {
        myk10_session_table *loaded = NULL;
        bytes[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        myk10_status st = myk10_session_table_load(&loaded, bytes, size);
        ck_assert_msg(st == MYK10_ECORRUPT && loaded == NULL, "bit %zu: %s", bit,
                      myk10_status_name(st));
        bytes[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    }
    /* Trailing bytes too. */
    uint8_t *longer = malloc(size + 1);
    myk10_session_table *loaded = NULL;
    memcpy(longer, bytes, size);
    longer[size] = 0;
    ck_status(myk10_session_table_load(&loaded, longer, size + 1), MYK10_ECORRUPT);
    free(longer);
    free(bytes);
    myk10_session_table_destroy(table);
    free_devices(devices);
}
END_TEST

START_TEST(snapshot_wrong_version)
{
    device devices[4];
    myk10_session_table *table = sample_table(devices), *loaded = NULL;
    size_t size = 0;
    uint8_t *bytes = save(&size, table);
    /* 0x84, 0x6E "myk10-sessions", then the version at byte 16. */
    ck_assert_int_eq(bytes[16], 0x01);
    bytes[16] = 0x02;
    ck_status(myk10_session_table_load(&loaded, bytes, size), MYK10_ECORRUPT);
    ck_assert_msg(strstr(myk10_last_error(), "version 2") != NULL, "%s", myk10_last_error());
    ck_assert_int_eq(myk10_last_error_offset(), 16);
    bytes[16] = 0x01;
    bytes[2] = 'M';
    ck_status(myk10_session_table_load(&loaded, bytes, size), MYK10_ECORRUPT);
    ck_assert_ptr_null(loaded);
    ck_status(myk10_session_table_load(NULL, bytes, size), MYK10_EINVAL);
    free(bytes);
    myk10_session_table_destroy(table);
    free_devices(devices);
}
END_TEST

static Suite *session_suite(void)
{
    Suite *s = suite_create("session");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, fcnt_guess_matches_oracle);
    tcase_add_test(tc, counter_crosses_16_bit_wraps);
    tcase_add_test(tc, gap_edges);
    tcase_add_test(tc, fresh_session_gap_edges);
    tcase_add_test(tc, replays_are_rejected);
    tcase_add_test(tc, exhausted_counter_is_a_replay);
    tcase_add_test(tc, confirmed_retransmission_once);
    tcase_add_test(tc, mic_failure_does_not_advance);
    tcase_add_test(tc, lorawan_1_1_session);
    tcase_add_test(tc, fport_0_and_missing_app_key);
    tcase_add_test(tc, shared_dev_addr_resolves_by_mic);
    tcase_add_test(tc, add_remove_lookup);
    tcase_add_test(tc, snapshot_round_trip);
    tcase_add_test(tc, snapshot_every_truncation_fails);
    tcase_add_test(tc, snapshot_every_bit_flip_fails);
    tcase_add_test(tc, snapshot_wrong_version);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(session_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
