/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target for myk10_lpp_decode(): any byte string.
 * Invariants: no crash; a failure explains itself and leaves the list as it
 * was; every success yields finite numbers with a quantity. */
#include <math.h>
#include <stdlib.h>

#include <myk10/common.h>
#include <myk10/frame.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static myk10_measurements *list;
    if (!list && myk10_measurements_create(&list) != MYK10_OK)
        return 0;
    myk10_measurements_clear(list);
    if (myk10_lpp_decode(list, NULL, data, size) != MYK10_OK) {
        if (myk10_last_error()[0] == '\0' || myk10_measurements_count(list) != 0)
            abort();
        return 0;
    }
    for (size_t i = 0; i < myk10_measurements_count(list); i++) {
        myk10_measurement m;
        if (myk10_measurements_get(&m, list, i) != MYK10_OK || !isfinite(m.number) ||
            !m.quantity[0] || m.channel < 0 || m.channel > 255)
            abort();
    }
    return 0;
}
