/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target for the vendor water-level codecs: every vendor codec decodes
 * the same input, with and without heights and FPort in the context.
 * Invariants: no crash; failures explain themselves and leave the list
 * unchanged; successes yield finite numbers. */
#include <math.h>
#include <stdlib.h>

#include <myk10/common.h>
#include <myk10/frame.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const vendor_codecs[] = {
    "dragino-ldds75", "dragino-ps-lb", "milesight-em500-udl", "milesight-em500-swl",
    "decentlab-dl-mbx",
};

static void check_list(const myk10_measurements *list)
{
    for (size_t i = 0; i < myk10_measurements_count(list); i++) {
        myk10_measurement m;
        if (myk10_measurements_get(&m, list, i) != MYK10_OK || !isfinite(m.number) ||
            !m.quantity[0])
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static myk10_codec_registry *reg;
    static myk10_measurements *list;
    if (!reg && myk10_codec_registry_create(&reg) != MYK10_OK)
        return 0;
    if (!list && myk10_measurements_create(&list) != MYK10_OK)
        return 0;
    myk10_codec_context plain = MYK10_CODEC_CONTEXT_INIT;
    myk10_codec_context gauge = MYK10_CODEC_CONTEXT_INIT;
    gauge.device = "gauge";
    gauge.fport = size ? data[0] : 2;
    gauge.has_mounting_height = gauge.has_probe_height = true;
    gauge.mounting_height_m = 4.5;
    gauge.probe_height_m = -1.0;
    const myk10_codec_context *contexts[2] = { &plain, &gauge };
    for (size_t c = 0; c < 2; c++) {
        for (size_t i = 0; i < sizeof vendor_codecs / sizeof vendor_codecs[0]; i++) {
            myk10_measurements_clear(list);
            if (myk10_codec_registry_decode(list, reg, vendor_codecs[i], contexts[c], data,
                                            size) == MYK10_OK)
                check_list(list);
            else if (myk10_last_error()[0] == '\0' || myk10_measurements_count(list) != 0)
                abort();
        }
    }
    return 0;
}
