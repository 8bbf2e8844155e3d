/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target for declarative codec definitions: the input is the JSON
 * description. Invariants: no crash; failures explain themselves and
 * register nothing; an accepted codec decodes payloads of every length up
 * to 64 bytes without crashing, and its failures explain themselves. */
#include <stdlib.h>

#include <myk10/common.h>
#include <myk10/frame.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static myk10_codec_registry *reg;
    static myk10_measurements *list;
    if (!reg && myk10_codec_registry_create(&reg) != MYK10_OK)
        return 0;
    if (!list && myk10_measurements_create(&list) != MYK10_OK)
        return 0;
    myk10_status status = myk10_codec_registry_register_declarative(reg, "fuzz", (const char *)data,
                                                                    size);
    if (status != MYK10_OK) {
        if (myk10_last_error()[0] == '\0' || myk10_codec_registry_contains(reg, "fuzz"))
            abort();
        return 0;
    }
    uint8_t payload[64];
    for (size_t i = 0; i < sizeof payload; i++)
        payload[i] = (uint8_t)(i * 37 + size);
    for (size_t len = 0; len <= sizeof payload; len++) {
        myk10_measurements_clear(list);
        if (myk10_codec_registry_decode(list, reg, "fuzz", NULL, payload, len) != MYK10_OK &&
            (myk10_last_error()[0] == '\0' || myk10_measurements_count(list) != 0))
            abort();
    }
    if (myk10_codec_registry_unregister(reg, "fuzz") != MYK10_OK)
        abort();
    return 0;
}
