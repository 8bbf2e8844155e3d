/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target for the network-server readers: any bytes, read as ChirpStack
 * v4, as The Things Stack v3 and with format detection. Invariants: no crash
 * or leak; every failure explains itself; a record is one sane application
 * payload; detection agrees with the explicit format it picked. */
#include <stdlib.h>
#include <string.h>

#include <myk10/frame.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_record(const myk10_uplink *record, myk10_uplink_format format)
{
    if (record->format != format || record->payload_len > MYK10_UPLINK_MAX_PAYLOAD ||
        record->time_nsec < 0 || record->time_nsec > 999999999 ||
        memchr(record->device_id, '\0', sizeof record->device_id) == NULL ||
        memchr(record->application_id, '\0', sizeof record->application_id) == NULL)
        abort();
    if (format != MYK10_UPLINK_FORMAT_PACKET_FORWARDER &&
        record->kind != MYK10_UPLINK_APPLICATION_PAYLOAD)
        abort();
}

/* Field by field: struct padding need not survive a copy. */
static int same_record(const myk10_uplink *a, const myk10_uplink *b)
{
    return a->format == b->format && a->kind == b->kind && a->flags == b->flags &&
           a->time_sec == b->time_sec && a->time_nsec == b->time_nsec &&
           memcmp(a->dev_eui, b->dev_eui, 8) == 0 && a->dev_addr == b->dev_addr &&
           a->fcnt == b->fcnt && a->fport == b->fport &&
           strcmp(a->device_id, b->device_id) == 0 && a->frequency_hz == b->frequency_hz &&
           a->payload_len == b->payload_len &&
           memcmp(a->payload, b->payload, a->payload_len) == 0;
}

/* Reads with one format; returns the status and the record, if one. */
static myk10_status read_as(myk10_uplink *records, size_t *count, myk10_uplink_format format,
                            const uint8_t *data, size_t size)
{
    myk10_status status = myk10_uplink_parse(records, 4, count, format, data, size, 0, 0);
    if (status != MYK10_OK && myk10_last_error()[0] == '\0')
        abort();
    return status;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const myk10_uplink_format explicit_formats[] = { MYK10_UPLINK_FORMAT_CHIRPSTACK,
                                                            MYK10_UPLINK_FORMAT_THINGS_STACK };
    myk10_uplink records[4], detected[4];
    size_t count = 0, detected_count = 0;

    for (size_t f = 0; f < 2; f++)
        if (read_as(records, &count, explicit_formats[f], data, size) == MYK10_OK) {
            if (count != 1)
                abort();
            check_record(&records[0], explicit_formats[f]);
        }

    if (read_as(detected, &detected_count, MYK10_UPLINK_FORMAT_AUTO, data, size) != MYK10_OK ||
        detected_count == 0)
        return 0;
    /* Whatever detection chose, asking for that format gives the same. */
    myk10_uplink_format format = detected[0].format;
    if (read_as(records, &count, format, data, size) != MYK10_OK || count != detected_count)
        abort();
    for (size_t i = 0; i < count; i++) {
        check_record(&detected[i], format);
        if (!same_record(&records[i], &detected[i]))
            abort();
    }
    return 0;
}
