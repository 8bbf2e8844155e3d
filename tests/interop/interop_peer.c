/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The libmyk10 side of the lora-packet interoperability test (see run.sh).
 *
 *   interop_peer check A.jsonl
 *       Parses, MIC-verifies and decrypts every "phy" that lora-packet
 *       encoded and compares each field with the case it was given.
 *   interop_peer encode B.jsonl OUT.jsonl
 *       Encodes every case with libmyk10 and writes it back with "phy" set,
 *       for lora-packet to check.
 *
 * Cases are JSON lines written by lora_packet_peer.js; integers that do not
 * fit a JSON double exactly, keys and byte strings travel as hex in the
 * usual (printed, big-endian) notation.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <myk10/myk10.h>

#define MAX_DIFFS 16
#define SHOW_FAILURES 5

typedef struct diffs {
    char text[MAX_DIFFS][160];
    int count;
} diffs;

static void diff_add(diffs *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void diff_add(diffs *d, const char *fmt, ...)
{
    if (d->count >= MAX_DIFFS)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->text[d->count++], sizeof d->text[0], fmt, ap);
    va_end(ap);
}

/* Every call to a libmyk10 function that must succeed goes through here so
 * that a failure shows the status and the library's message. */
#define EXPECT_OK(d, call)                                                                 \
    do {                                                                                   \
        myk10_status st_ = (call);                                                         \
        if (st_ != MYK10_OK) {                                                             \
            diff_add((d), "%s: %s (%s)", #call, myk10_status_name(st_), myk10_last_error()); \
            return;                                                                        \
        }                                                                                  \
    } while (0)

#define CMP_INT(d, name, got, want)                                                         \
    do {                                                                                    \
        unsigned long long g_ = (unsigned long long)(got), w_ = (unsigned long long)(want); \
        if (g_ != w_)                                                                       \
            diff_add((d), "%s: libmyk10 got 0x%llX, lora-packet was given 0x%llX", (name),  \
                     g_, w_);                                                               \
    } while (0)

/* ---------------------------------------------------------------- JSON access */

static const char *str_field(json_t *c, const char *name)
{
    const char *s = json_string_value(json_object_get(c, name));
    return s ? s : "";
}

static uint64_t hex_int(json_t *c, const char *name)
{
    return strtoull(str_field(c, name), NULL, 16);
}

static long long int_field(json_t *c, const char *name)
{
    return (long long)json_integer_value(json_object_get(c, name));
}

static bool bool_field(json_t *c, const char *name)
{
    return json_is_true(json_object_get(c, name));
}

/* Decodes a hex string field into `out`; returns the byte count or -1. */
static long hex_bytes(uint8_t *out, size_t cap, json_t *c, const char *name)
{
    const char *s = str_field(c, name);
    size_t len = strlen(s);
    if (len % 2 || len / 2 > cap)
        return -1;
    for (size_t i = 0; i < len / 2; i++) {
        unsigned byte;
        if (sscanf(s + 2 * i, "%2x", &byte) != 1)
            return -1;
        out[i] = (uint8_t)byte;
    }
    return (long)(len / 2);
}

static void to_hex(char *out, const uint8_t *bytes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", bytes[i]);
    out[2 * n] = '\0';
}

/* A keys object for a 1.0 device with the case's keys set. */
static myk10_frame_keys *case_keys(json_t *c, diffs *d)
{
    myk10_frame_keys *keys = NULL;
    uint8_t k[16];
    if (myk10_frame_keys_create(&keys, MYK10_LORAWAN_1_0) != MYK10_OK) {
        diff_add(d, "keys_create: %s", myk10_last_error());
        return NULL;
    }
    if (hex_bytes(k, 16, c, "nwk_s_key") == 16)
        myk10_frame_keys_set_nwk_s_key(keys, k);
    if (hex_bytes(k, 16, c, "app_s_key") == 16)
        myk10_frame_keys_set(keys, MYK10_KEY_APP_S, k);
    if (hex_bytes(k, 16, c, "app_key") == 16)
        myk10_frame_keys_set(keys, MYK10_KEY_APP, k);
    return keys;
}

/* --------------------------------------------------------------- decoding */

static void check_data(json_t *c, const myk10_frame *f, myk10_frame_keys *keys, diffs *d)
{
    uint8_t want_fopts[15], want_payload[255], plain[255];
    long fopts_size = hex_bytes(want_fopts, sizeof want_fopts, c, "fopts");
    long payload_size = hex_bytes(want_payload, sizeof want_payload, c, "payload");
    uint32_t fcnt = (uint32_t)int_field(c, "fcnt");
    json_t *fport = json_object_get(c, "fport");
    bool uplink = myk10_frame_mtype_is_uplink(f->mtype);
    size_t n = 0;

    CMP_INT(d, "MType", f->mtype, int_field(c, "mtype"));
    CMP_INT(d, "MHDR", f->mhdr, int_field(c, "mtype") << 5);
    CMP_INT(d, "DevAddr", f->data.dev_addr, hex_int(c, "dev_addr"));
    CMP_INT(d, "FCtrl.ADR", f->data.adr, bool_field(c, "adr"));
    CMP_INT(d, "FCtrl.ACK", f->data.ack, bool_field(c, "ack"));
    CMP_INT(d, "FCtrl.ADRACKReq", f->data.adr_ack_req, bool_field(c, "adr_ack_req"));
    CMP_INT(d, "FCtrl.ClassB", f->data.class_b, bool_field(c, "class_b"));
    CMP_INT(d, "FCtrl.FPending", f->data.fpending, bool_field(c, "fpending"));
    CMP_INT(d, "uplink", f->uplink, uplink);
    CMP_INT(d, "FCnt16", f->data.fcnt16, fcnt & 0xFFFF);
    CMP_INT(d, "FOptsLen", f->data.fopts_size, fopts_size);
    if (f->data.fopts_size == (size_t)fopts_size && fopts_size > 0 &&
        memcmp(f->data.fopts, want_fopts, (size_t)fopts_size) != 0)
        diff_add(d, "FOpts bytes differ");
    CMP_INT(d, "FPort present", f->data.has_fport, !json_is_null(fport));
    CMP_INT(d, "FPort", f->data.fport, json_is_null(fport) ? 0 : json_integer_value(fport));
    CMP_INT(d, "FRMPayload size", f->data.frm_payload_size, payload_size);

    myk10_frame_params params = { .fcnt = fcnt };
    EXPECT_OK(d, myk10_frame_verify(f, keys, &params));
    if (fcnt > 0xFFFF) {
        /* Both sides ignoring the upper counter half would also agree:
         * the MIC must fail without it. */
        params.fcnt = fcnt & 0xFFFF;
        if (myk10_frame_verify(f, keys, &params) != MYK10_EINTEGRITY)
            diff_add(d, "MIC verified with the upper FCnt half dropped");
    }
    EXPECT_OK(d, myk10_frame_decrypt(plain, sizeof plain, &n, f, keys, fcnt));
    CMP_INT(d, "decrypted size", n, payload_size);
    if (n == (size_t)payload_size && n > 0 && memcmp(plain, want_payload, n) != 0) {
        char got[511], want[511];
        to_hex(got, plain, n);
        to_hex(want, want_payload, n);
        diff_add(d, "decrypted FRMPayload: libmyk10 got %.60s..., lora-packet was given %.60s...",
                 got, want);
    }
    EXPECT_OK(d, myk10_frame_decrypt_fopts(plain, sizeof plain, &n, f, keys, fcnt));
    if (n != (size_t)fopts_size || (n && memcmp(plain, want_fopts, n) != 0))
        diff_add(d, "FOpts in clear differ (1.0 keeps them unencrypted)");
}

static void check_join_request(json_t *c, const myk10_frame *f, myk10_frame_keys *keys,
                               diffs *d)
{
    CMP_INT(d, "MType", f->mtype, MYK10_FRAME_JOIN_REQUEST);
    CMP_INT(d, "JoinEUI", f->join_request.join_eui, hex_int(c, "join_eui"));
    CMP_INT(d, "DevEUI", f->join_request.dev_eui, hex_int(c, "dev_eui"));
    CMP_INT(d, "DevNonce", f->join_request.dev_nonce, hex_int(c, "dev_nonce"));
    EXPECT_OK(d, myk10_frame_verify(f, keys, NULL));
}

static void check_join_accept(json_t *c, const myk10_frame *f, myk10_frame_keys *keys,
                              diffs *d)
{
    uint8_t cflist[16];
    long cflist_size = hex_bytes(cflist, sizeof cflist, c, "cflist");
    myk10_join_accept ja;

    CMP_INT(d, "MType", f->mtype, MYK10_FRAME_JOIN_ACCEPT);
    EXPECT_OK(d, myk10_frame_join_accept_open(&ja, f, keys, NULL));
    CMP_INT(d, "JoinNonce", ja.join_nonce, hex_int(c, "join_nonce"));
    CMP_INT(d, "NetID", ja.net_id, hex_int(c, "net_id"));
    CMP_INT(d, "DevAddr", ja.dev_addr, hex_int(c, "dev_addr"));
    CMP_INT(d, "OptNeg", ja.opt_neg, false);
    CMP_INT(d, "RX1DROffset", ja.rx1_dr_offset, int_field(c, "rx1_dr_offset"));
    CMP_INT(d, "RX2DataRate", ja.rx2_dr, int_field(c, "rx2_dr"));
    CMP_INT(d, "DLSettings", ja.dl_settings,
            (int_field(c, "rx1_dr_offset") << 4) | int_field(c, "rx2_dr"));
    CMP_INT(d, "RxDelay", ja.rx_delay, int_field(c, "rx_delay"));
    CMP_INT(d, "CFList present", ja.has_cflist, cflist_size == 16);
    if (ja.has_cflist && cflist_size == 16 && memcmp(ja.cflist, cflist, 16) != 0)
        diff_add(d, "CFList bytes differ");
}

static void check_case(json_t *c, diffs *d)
{
    uint8_t phy[MYK10_FRAME_MAX_SIZE];
    long size = hex_bytes(phy, sizeof phy, c, "phy");
    const char *kind = str_field(c, "kind");
    myk10_frame f;

    if (size < 0) {
        diff_add(d, "no usable \"phy\"");
        return;
    }
    EXPECT_OK(d, myk10_frame_parse(&f, phy, (size_t)size));
    myk10_frame_keys *keys = case_keys(c, d);
    if (!keys)
        return;
    if (strcmp(kind, "data") == 0)
        check_data(c, &f, keys, d);
    else if (strcmp(kind, "join_request") == 0)
        check_join_request(c, &f, keys, d);
    else if (strcmp(kind, "join_accept") == 0)
        check_join_accept(c, &f, keys, d);
    else
        diff_add(d, "unknown kind \"%s\"", kind);
    myk10_frame_keys_destroy(keys);
}

/* --------------------------------------------------------------- encoding */

static void encode_case(json_t *c, uint8_t *out, size_t *out_size, diffs *d)
{
    const char *kind = str_field(c, "kind");
    myk10_frame_keys *keys = case_keys(c, d);
    if (!keys)
        return;
    if (strcmp(kind, "data") == 0) {
        uint8_t fopts[15], payload[255];
        json_t *fport = json_object_get(c, "fport");
        myk10_frame_data_fields in;
        memset(&in, 0, sizeof in);
        in.mtype = (myk10_frame_mtype)int_field(c, "mtype");
        in.dev_addr = (uint32_t)hex_int(c, "dev_addr");
        in.adr = bool_field(c, "adr");
        in.adr_ack_req = bool_field(c, "adr_ack_req");
        in.ack = bool_field(c, "ack");
        in.class_b = bool_field(c, "class_b");
        in.fpending = bool_field(c, "fpending");
        in.fopts_size = (size_t)hex_bytes(fopts, sizeof fopts, c, "fopts");
        in.fopts = in.fopts_size ? fopts : NULL;
        in.has_fport = !json_is_null(fport);
        in.fport = (uint8_t)json_integer_value(fport);
        in.payload_size = (size_t)hex_bytes(payload, sizeof payload, c, "payload");
        in.payload = in.payload_size ? payload : NULL;
        in.params.fcnt = (uint32_t)int_field(c, "fcnt");
        if (myk10_frame_encode_data(out, MYK10_FRAME_MAX_SIZE, out_size, &in, keys) != MYK10_OK)
            diff_add(d, "encode_data: %s", myk10_last_error());
    } else if (strcmp(kind, "join_request") == 0) {
        myk10_frame_join_request in = {
            .join_eui = hex_int(c, "join_eui"),
            .dev_eui = hex_int(c, "dev_eui"),
            .dev_nonce = (uint16_t)hex_int(c, "dev_nonce"),
        };
        if (myk10_frame_encode_join_request(out, MYK10_FRAME_MAX_SIZE, out_size, &in, keys) !=
            MYK10_OK)
            diff_add(d, "encode_join_request: %s", myk10_last_error());
    } else if (strcmp(kind, "join_accept") == 0) {
        myk10_join_accept in;
        memset(&in, 0, sizeof in);
        in.join_nonce = (uint32_t)hex_int(c, "join_nonce");
        in.net_id = (uint32_t)hex_int(c, "net_id");
        in.dev_addr = (uint32_t)hex_int(c, "dev_addr");
        in.rx1_dr_offset = (uint8_t)int_field(c, "rx1_dr_offset");
        in.rx2_dr = (uint8_t)int_field(c, "rx2_dr");
        in.rx_delay = (uint8_t)int_field(c, "rx_delay");
        in.has_cflist = hex_bytes(in.cflist, sizeof in.cflist, c, "cflist") == 16;
        if (myk10_frame_encode_join_accept(out, MYK10_FRAME_MAX_SIZE, out_size, &in, keys,
                                           NULL) != MYK10_OK)
            diff_add(d, "encode_join_accept: %s", myk10_last_error());
    } else {
        diff_add(d, "unknown kind \"%s\"", kind);
    }
    myk10_frame_keys_destroy(keys);
}

/* ------------------------------------------------------------------- main */

static int run(const char *mode, const char *in_path, const char *out_path)
{
    FILE *in = fopen(in_path, "r");
    FILE *out = out_path ? fopen(out_path, "w") : NULL;
    char *line = NULL;
    size_t cap = 0;
    long passed = 0, failed = 0;
    bool encode = strcmp(mode, "encode") == 0;

    if (!in || (out_path && !out)) {
        fprintf(stderr, "interop_peer: cannot open %s\n", !in ? in_path : out_path);
        return 2;
    }
    while (getline(&line, &cap, in) > 0) {
        json_error_t error;
        json_t *c = json_loads(line, 0, &error);
        diffs d = { .count = 0 };
        if (!c) {
            fprintf(stderr, "interop_peer: %s: bad JSON line: %s\n", in_path, error.text);
            failed++;
            continue;
        }
        if (encode) {
            uint8_t phy[MYK10_FRAME_MAX_SIZE];
            char text[2 * MYK10_FRAME_MAX_SIZE + 1];
            size_t n = 0;
            encode_case(c, phy, &n, &d);
            to_hex(text, phy, d.count ? 0 : n);
            json_object_set_new(c, "phy", json_string(text));
            char *dumped = json_dumps(c, JSON_COMPACT);
            fprintf(out, "%s\n", dumped);
            free(dumped);
        } else {
            check_case(c, &d);
        }
        if (d.count == 0) {
            passed++;
        } else if (++failed <= SHOW_FAILURES) {
            printf("MISMATCH (%s) case %lld %s\n",
                   encode ? "libmyk10 failed to encode"
                          : "encoded by lora-packet, decoded by libmyk10",
                   int_field(c, "id"), str_field(c, "kind"));
            printf("  case: %s", line);
            for (int i = 0; i < d.count; i++)
                printf("  %s\n", d.text[i]);
        }
        json_decref(c);
    }
    free(line);
    fclose(in);
    if (out && fclose(out) != 0) {
        fprintf(stderr, "interop_peer: cannot write %s\n", out_path);
        return 2;
    }
    if (encode)
        printf("libmyk10 encoded %ld cases, %ld failed to encode\n", passed, failed);
    else
        printf("lora-packet -> libmyk10: %ld passed, %ld failed\n", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (myk10_init() != MYK10_OK) {
        fprintf(stderr, "interop_peer: myk10_init failed\n");
        return 2;
    }
    if (argc == 3 && strcmp(argv[1], "check") == 0)
        return run("check", argv[2], NULL);
    if (argc == 4 && strcmp(argv[1], "encode") == 0)
        return run("encode", argv[2], argv[3]);
    fprintf(stderr, "usage: interop_peer check A.jsonl\n"
                    "       interop_peer encode B.jsonl OUT.jsonl\n");
    return 2;
}
