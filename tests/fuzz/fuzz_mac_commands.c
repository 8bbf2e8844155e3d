/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the MAC-command decoder. The first input byte picks
 * the direction; the rest is a command buffer. Checks that the iterator and
 * the array decoder agree, and that decode(encode(decode(x))) == decode(x)
 * (encoding drops RFU bits, so the bytes themselves need not round-trip).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <myk10/frame.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                \
    do {                           \
        if (!(cond))               \
            __builtin_trap();      \
    } while (0)

#define MAX_COMMANDS 256

static bool same_commands(const myk10_mac_command *a, const myk10_mac_command *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i].cid != b[i].cid || a[i].uplink != b[i].uplink || a[i].size != b[i].size ||
            memcmp(&a[i].value, &b[i].value, sizeof a[i].value) != 0)
            return false;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static myk10_mac_command first[MAX_COMMANDS], second[MAX_COMMANDS];
    static uint8_t encoded[MAX_COMMANDS * 6];
    myk10_mac_command one;
    myk10_mac_iter iter;
    size_t count = 0, again = 0, n = 0, iterated = 0;
    myk10_status status, iter_status = MYK10_OK;
    bool uplink;

    if (size < 1 || size > MAX_COMMANDS)
        return 0;
    uplink = data[0] & 1;
    data++;
    size--;

    myk10_mac_iter_init(&iter, data, size, uplink);
    while (!myk10_mac_iter_done(&iter)) {
        iter_status = myk10_mac_iter_next(&one, &iter);
        if (iter_status != MYK10_OK)
            break;
        CHECK(one.offset + 1 + one.size <= size);
        iterated++;
    }

    status = myk10_mac_decode(first, MAX_COMMANDS, &count, data, size, uplink);
    CHECK(status == iter_status);
    CHECK(count == iterated);
    if (status != MYK10_OK)
        return 0;
    CHECK(myk10_mac_encode(encoded, sizeof encoded, &n, first, count) == MYK10_OK);
    CHECK(n == size);
    CHECK(myk10_mac_decode(second, MAX_COMMANDS, &again, encoded, n, uplink) == MYK10_OK);
    CHECK(again == count && same_commands(first, second, count));
    return 0;
}
