/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the PHYPayload parser, and everything that works on a
 * parsed frame (MIC, decryption, FOpts and MAC commands, join-accept).
 * Invariants that must hold for any input trap, so the fuzzer reports them.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <myk10/frame.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                \
    do {                           \
        if (!(cond))               \
            __builtin_trap();      \
    } while (0)

static myk10_frame_keys *fuzz_keys(myk10_lorawan_version version)
{
    static const uint8_t key[16] = { 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                     0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c };
    myk10_frame_keys *keys = NULL;
    CHECK(myk10_frame_keys_create(&keys, version) == MYK10_OK);
    for (int role = 0; role < MYK10_KEY_ROLE_COUNT; role++)
        CHECK(myk10_frame_keys_set(keys, (myk10_frame_key_role)role, key) == MYK10_OK);
    return keys;
}

static bool inside(const uint8_t *p, size_t n, const uint8_t *base, size_t size)
{
    return n == 0 || (p >= base && p + n <= base + size);
}

static void exercise_data(const myk10_frame *f, myk10_frame_keys *keys, const uint8_t *data,
                          size_t size)
{
    uint8_t out[MYK10_FRAME_MAX_SIZE], mic[4];
    myk10_frame_params params = { .fcnt = f->data.fcnt16 };
    myk10_mac_command commands[MYK10_FRAME_MAX_SIZE];
    size_t n = 0, count = 0;

    CHECK(inside(f->data.fopts, f->data.fopts_size, data, size));
    CHECK(inside(f->data.frm_payload, f->data.frm_payload_size, data, size));
    CHECK(f->data.fopts_size <= MYK10_FRAME_MAX_FOPTS);
    CHECK(myk10_frame_mic(mic, f, keys, &params) == MYK10_OK);
    myk10_frame_verify(f, keys, &params);
    CHECK(myk10_frame_decrypt(out, sizeof out, &n, f, keys, params.fcnt) == MYK10_OK);
    CHECK(n == f->data.frm_payload_size);
    if (f->data.has_fport && f->data.fport == 0)
        myk10_mac_decode(commands, MYK10_FRAME_MAX_SIZE, &count, out, n, f->uplink);
    CHECK(myk10_frame_decrypt_fopts(out, sizeof out, &n, f, keys, params.fcnt) == MYK10_OK);
    CHECK(n == f->data.fopts_size);
    myk10_mac_decode(commands, MYK10_FRAME_MAX_SIZE, &count, out, n, f->uplink);
}

static myk10_frame_keys *keys10, *keys11;

/* The keys live for the whole run; release them at exit so that
 * LeakSanitizer, which cannot see into sodium_malloc pages, has nothing
 * to report about the OpenSSL contexts they hold. */
static void release_keys(void)
{
    myk10_frame_keys_destroy(keys10);
    myk10_frame_keys_destroy(keys11);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    myk10_frame frame;
    myk10_join_accept accept;
    myk10_join_context context = { MYK10_JOIN_REQ_JOIN, 0x0102030405060708ULL, 0x0102 };
    uint8_t mic[4];

    if (!keys10) {
        keys10 = fuzz_keys(MYK10_LORAWAN_1_0);
        keys11 = fuzz_keys(MYK10_LORAWAN_1_1);
        atexit(release_keys);
    }
    if (myk10_frame_parse(&frame, data, size) != MYK10_OK) {
        CHECK(myk10_last_error_code() != MYK10_OK);
        return 0;
    }
    CHECK(frame.phy == data && frame.phy_size == size && frame.major == 0);
    switch (frame.mtype) {
    case MYK10_FRAME_JOIN_ACCEPT:
        CHECK(frame.join_accept.encrypted_size == 16 || frame.join_accept.encrypted_size == 32);
        myk10_frame_join_accept_open(&accept, &frame, keys10, NULL);
        myk10_frame_join_accept_open(&accept, &frame, keys11, &context);
        break;
    case MYK10_FRAME_JOIN_REQUEST:
    case MYK10_FRAME_REJOIN_REQUEST:
        CHECK(myk10_frame_mic(mic, &frame, keys11, NULL) == MYK10_OK);
        myk10_frame_verify(&frame, keys10, NULL);
        break;
    case MYK10_FRAME_PROPRIETARY:
        CHECK(inside(frame.proprietary, frame.proprietary_size, data, size));
        break;
    default:
        exercise_data(&frame, keys10, data, size);
        exercise_data(&frame, keys11, data, size);
        break;
    }
    return 0;
}
