/* SPDX-License-Identifier: Apache-2.0 */
/* The SenML fuzz targets (JSON and CBOR) differ only in the decoder they
 * feed. Invariants: no crash; failures explain themselves and leave the
 * list empty; a decoded pack encodes to JSON and CBOR that both decode back
 * to the same number of records. */
#ifndef MYK10_FUZZ_SENML_H
#define MYK10_FUZZ_SENML_H

#include <stdlib.h>

#include <myk10/common.h>
#include <myk10/frame.h>

typedef myk10_status (*senml_decode_fn)(myk10_measurements *, const myk10_codec_context *,
                                        const uint8_t *, size_t);

static inline void expect_round_trip(const myk10_measurements *list, const myk10_codec_context *ctx)
{
    size_t needed = 0, len = 0;
    myk10_measurements *again = NULL;
    if (myk10_measurements_create(&again) != MYK10_OK)
        return;
    if (myk10_senml_json_encode(NULL, 0, &needed, list, 0) != MYK10_EBUFSIZE)
        abort();
    char *text = malloc(needed);
    if (text && myk10_senml_json_encode(text, needed, &len, list, 0) == MYK10_OK) {
        if (myk10_senml_json_decode(again, ctx, (const uint8_t *)text, len) != MYK10_OK ||
            myk10_measurements_count(again) != myk10_measurements_count(list))
            abort();
    } else if (text) {
        abort();
    }
    free(text);
    myk10_measurements_clear(again);
    if (myk10_senml_cbor_encode(NULL, 0, &needed, list, 0) != MYK10_EBUFSIZE)
        abort();
    uint8_t *cbor = malloc(needed);
    if (cbor && myk10_senml_cbor_encode(cbor, needed, &len, list, 0) == MYK10_OK) {
        if (myk10_senml_cbor_decode(again, ctx, cbor, len) != MYK10_OK ||
            myk10_measurements_count(again) != myk10_measurements_count(list))
            abort();
    } else if (cbor) {
        abort();
    }
    free(cbor);
    myk10_measurements_destroy(again);
}

/* The whole target: `decode` is the decoder under test. */
static inline int fuzz_senml_pack(const uint8_t *data, size_t size, senml_decode_fn decode)
{
    myk10_measurements *list = NULL;
    if (myk10_measurements_create(&list) != MYK10_OK)
        return 0;
    myk10_codec_context ctx = MYK10_CODEC_CONTEXT_INIT;
    ctx.time = 1700000000;
    if (decode(list, &ctx, data, size) == MYK10_OK)
        expect_round_trip(list, &ctx);
    else if (myk10_last_error()[0] == '\0' || myk10_measurements_count(list) != 0)
        abort();
    myk10_measurements_destroy(list);
    return 0;
}

#endif /* MYK10_FUZZ_SENML_H */
