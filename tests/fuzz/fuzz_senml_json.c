/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target for myk10_senml_json_decode(): any byte string (see fuzz_senml.h). */
#include "fuzz_senml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_senml_pack(data, size, myk10_senml_json_decode);
}
