/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: session-table snapshots. The first byte chooses the
 * mode: odd, the rest is loaded as a whole snapshot; even, the rest is
 * wrapped as the body of a snapshot with a correct digest, so that the
 * fuzzer reaches the body decoder behind the BLAKE2b check. Whatever
 * loads must save back to the very same bytes and process an uplink.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cbor.h>
#include <sodium.h>

#include <myk10/frame.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                \
    do {                           \
        if (!(cond))               \
            __builtin_trap();      \
    } while (0)

/* ["myk10-sessions", 1, body, BLAKE2b-256(body)] around `body`. */
static uint8_t *wrap_body(size_t *out_size, const uint8_t *body, size_t body_size)
{
    uint8_t *out = malloc(body_size + 64);
    size_t n = 0;
    CHECK(out != NULL);
    n += cbor_encode_array_start(4, out + n, 9);
    n += cbor_encode_string_start(14, out + n, 9);
    memcpy(out + n, "myk10-sessions", 14);
    n += 14;
    n += cbor_encode_uint(1, out + n, 9);
    n += cbor_encode_bytestring_start(body_size, out + n, 9);
    if (body_size)
        memcpy(out + n, body, body_size);
    n += body_size;
    n += cbor_encode_bytestring_start(32, out + n, 9);
    crypto_generichash(out + n, 32, body, body_size, NULL, 0);
    n += 32;
    *out_size = n;
    return out;
}

static void exercise(myk10_session_table *table, const uint8_t *snapshot, size_t size)
{
    size_t saved_size = 0;
    CHECK(myk10_session_table_save(NULL, 0, &saved_size, table) == MYK10_EBUFSIZE);
    CHECK(saved_size == size);
    uint8_t *saved = malloc(saved_size);
    CHECK(saved != NULL);
    CHECK(myk10_session_table_save(saved, saved_size, &saved_size, table) == MYK10_OK);
    CHECK(saved_size == size && memcmp(saved, snapshot, size) == 0);
    free(saved);

    /* An uplink to the first session's DevAddr must not crash. */
    myk10_session_info info;
    if (myk10_session_get_at(&info, table, 0) == MYK10_OK) {
        uint8_t phy[16] = { 0x40 }, buf[MYK10_FRAME_MAX_SIZE];
        myk10_session_result result;
        for (int i = 0; i < 4; i++)
            phy[1 + i] = (uint8_t)(info.dev_addr >> (8 * i));
        phy[6] = 0x01;
        phy[8] = 0x01; /* FPort 1, one payload byte, MIC */
        (void)myk10_session_uplink(&result, buf, sizeof buf, table, phy, 14, NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    myk10_session_table *table = NULL;
    uint8_t *snapshot;
    size_t snapshot_size;

    if (size == 0)
        return 0;
    if (data[0] & 1) {
        snapshot_size = size - 1;
        snapshot = malloc(snapshot_size ? snapshot_size : 1);
        CHECK(snapshot != NULL);
        memcpy(snapshot, data + 1, snapshot_size);
    } else {
        snapshot = wrap_body(&snapshot_size, data + 1, size - 1);
    }
    myk10_status status = myk10_session_table_load(&table, snapshot, snapshot_size);
    if (status == MYK10_OK)
        exercise(table, snapshot, snapshot_size);
    else
        CHECK(table == NULL && (status == MYK10_ECORRUPT || status == MYK10_ENOMEM));
    myk10_session_table_destroy(table);
    free(snapshot);
    return 0;
}
