/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target for myk10_time_parse(): any byte string, NUL-terminated.
 * Invariants: no crash; on success the result formats back (years 0000-9999
 * shifted by at most a day of UTC offset) and, when it is a plain UTC time
 * without fraction, formats back to the very same text. */
#include <stdlib.h>
#include <string.h>

#include <myk10/common.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    int64_t seconds;
    int32_t nanos;
    if (myk10_time_parse(&seconds, &nanos, text) == MYK10_OK) {
        if (nanos < 0 || nanos > 999999999)
            abort();
        char back[MYK10_TIME_STRLEN];
        myk10_status status = myk10_time_format(back, sizeof back, seconds);
        int canonical = size == MYK10_TIME_STRLEN - 1 && text[19] == 'Z';
        if (canonical && (status != MYK10_OK || strcmp(back, text) != 0))
            abort();
    } else if (myk10_last_error()[0] == '\0') {
        abort(); /* every failure must explain itself */
    }
    free(text);
    return 0;
}
