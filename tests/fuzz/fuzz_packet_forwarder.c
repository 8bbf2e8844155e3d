/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target for the Semtech packet forwarder reader: any bytes, as a
 * PUSH_DATA datagram or its JSON. Invariants: no crash or leak; every failure
 * explains itself; every record read is a sane PHYPayload record; the
 * one-shot parse agrees with the reader on the record count. */
#include <stdlib.h>

#include <myk10/frame.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_record(const myk10_uplink *record)
{
    if (record->format != MYK10_UPLINK_FORMAT_PACKET_FORWARDER ||
        record->kind != MYK10_UPLINK_PHY_PAYLOAD ||
        record->payload_len > MYK10_UPLINK_MAX_PAYLOAD ||
        record->time_nsec < 0 || record->time_nsec > 999999999 ||
        (record->spreading_factor != 0 &&
         (record->spreading_factor < 5 || record->spreading_factor > 12)))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    myk10_uplink_reader *reader;
    myk10_uplink record;
    size_t count = 0;

    if (myk10_uplink_reader_create(&reader) != MYK10_OK)
        return 0;
    myk10_status status = myk10_uplink_reader_load(&count, reader,
                                                   MYK10_UPLINK_FORMAT_PACKET_FORWARDER,
                                                   data, size, 1795680000, 0);
    if (status != MYK10_OK && myk10_last_error()[0] == '\0')
        abort();
    for (size_t i = 0; status == MYK10_OK && i < count; i++) {
        if (myk10_uplink_reader_get(&record, reader, i) == MYK10_OK)
            check_record(&record);
        else if (myk10_last_error()[0] == '\0')
            abort();
    }
    myk10_uplink_reader_destroy(reader);

    /* The size query must report the same count as the reader. */
    size_t queried = 0;
    myk10_status query = myk10_uplink_parse(NULL, 0, &queried,
                                            MYK10_UPLINK_FORMAT_PACKET_FORWARDER, data, size,
                                            1795680000, 0);
    if (status == MYK10_OK && count > 0 && (query != MYK10_EBUFSIZE || queried != count))
        abort();
    if (status == MYK10_OK && count == 0 && query != MYK10_OK)
        abort();
    if (status != MYK10_OK && query != status)
        abort();
    return 0;
}
