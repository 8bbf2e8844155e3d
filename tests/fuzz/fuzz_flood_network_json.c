/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target for myk10_flood_network_load_json(): any bytes (see fuzz_flood_network.h). */
#include "fuzz_flood_network.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_flood_network(data, size, myk10_flood_network_load_json,
                              myk10_flood_network_to_json);
}
