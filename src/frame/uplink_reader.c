/* SPDX-License-Identifier: Apache-2.0 */
/* The public uplink API: loading a document, detecting its format, and
 * handing out its records. */
#include <string.h>

#include "frame/uplink_internal.h"

#define NSEC_PER_SEC 1000000000

const char *myk10_uplink_format_name(myk10_uplink_format format)
{
    switch (format) {
    case MYK10_UPLINK_FORMAT_AUTO:
        return "auto";
    case MYK10_UPLINK_FORMAT_PACKET_FORWARDER:
        return "packet-forwarder";
    case MYK10_UPLINK_FORMAT_CHIRPSTACK:
        return "chirpstack";
    case MYK10_UPLINK_FORMAT_THINGS_STACK:
        return "things-stack";
    }
    return "unknown";
}

void uplink__reader_init(struct myk10_uplink_reader *reader)
{
    memset(reader, 0, sizeof *reader);
    reader->root = NULL;
    reader->rxpk = NULL;
    reader->format = MYK10_UPLINK_FORMAT_AUTO;
}

void uplink__reader_clear(struct myk10_uplink_reader *reader)
{
    json_decref(reader->root);
    uplink__reader_init(reader);
}

myk10_status myk10_uplink_reader_create(myk10_uplink_reader **out_reader)
{
    if (!out_reader)
        return myk10__fail(MYK10_EINVAL, "uplink: out_reader is NULL");
    myk10_uplink_reader *reader = myk10__malloc(sizeof *reader);
    if (!reader)
        return myk10__fail(MYK10_ENOMEM, "uplink: out of memory for a reader");
    uplink__reader_init(reader);
    *out_reader = reader;
    return MYK10_OK;
}

void myk10_uplink_reader_destroy(myk10_uplink_reader *reader)
{
    if (!reader)
        return;
    uplink__reader_clear(reader);
    myk10__free(reader);
}

/* A PUSH_DATA datagram starts with its version byte (1 or 2), which no JSON
 * text can start with; anything else is read as JSON. */
static bool starts_binary(const uint8_t *input, size_t size)
{
    return size > 0 && input[0] < 0x20 && input[0] != '\t' && input[0] != '\n' &&
           input[0] != '\r';
}

/* jansson quotes the offending token; keep the message on one printable line. */
static void make_printable(char *text)
{
    for (; *text; text++)
        if ((unsigned char)*text < 0x20 || (unsigned char)*text == 0x7f)
            *text = '?';
}

static myk10_status parse_json(json_t **out, const uint8_t *text, size_t size, size_t base)
{
    json_error_t error;
    json_t *root = json_loadb((const char *)text, size, JSON_REJECT_DUPLICATES, &error);

    if (!root) {
        if (json_error_code(&error) == json_error_out_of_memory)
            return myk10__fail(MYK10_ENOMEM, "uplink: out of memory parsing JSON");
        make_printable(error.text);
        return myk10__fail_at(MYK10_EMALFORMED, (int64_t)(base + (size_t)error.position),
                              "uplink: invalid JSON at byte %zu (line %d, column %d): %s",
                              base + (size_t)error.position, error.line, error.column,
                              error.text);
    }
    if (!json_is_object(root)) {
        json_decref(root);
        return myk10__fail_at(MYK10_EMALFORMED, (int64_t)base,
                              "uplink: expected a JSON object at byte %zu", base);
    }
    *out = root;
    return MYK10_OK;
}

static bool has_member(const json_t *root, const char *key)
{
    return json_object_get(root, key) != NULL;
}

static myk10_status detect_format(myk10_uplink_format *out, const json_t *root)
{
    if (has_member(root, "rxpk") || has_member(root, "stat"))
        *out = MYK10_UPLINK_FORMAT_PACKET_FORWARDER;
    else if (has_member(root, "end_device_ids") || has_member(root, "uplink_message"))
        *out = MYK10_UPLINK_FORMAT_THINGS_STACK;
    else if (has_member(root, "deviceInfo") || has_member(root, "deduplicationId") ||
             has_member(root, "devEUI"))
        *out = MYK10_UPLINK_FORMAT_CHIRPSTACK;
    else
        return myk10__fail(MYK10_EUNSUPPORTED,
                           "uplink: not a packet forwarder, ChirpStack or The Things Stack "
                           "uplink (no rxpk, stat, deviceInfo or end_device_ids member)");
    return MYK10_OK;
}

static myk10_status check_envelope(struct myk10_uplink_reader *reader)
{
    myk10_status status;
    switch (reader->format) {
    case MYK10_UPLINK_FORMAT_PACKET_FORWARDER:
        return uplink__packet_forwarder_check(reader);
    case MYK10_UPLINK_FORMAT_CHIRPSTACK:
        status = uplink__chirpstack_check(reader->root);
        break;
    case MYK10_UPLINK_FORMAT_THINGS_STACK:
        status = uplink__things_stack_check(reader->root);
        break;
    default:
        return myk10__fail(MYK10_EINVAL, "uplink: unknown format %d", (int)reader->format);
    }
    reader->count = status == MYK10_OK ? 1 : 0;
    return status;
}

static myk10_status load_document(struct myk10_uplink_reader *reader,
                                  myk10_uplink_format format,
                                  const uint8_t *input, size_t size)
{
    size_t json_offset = 0;
    bool datagram = (format == MYK10_UPLINK_FORMAT_AUTO ||
                     format == MYK10_UPLINK_FORMAT_PACKET_FORWARDER) &&
                    starts_binary(input, size);
    myk10_status status;

    if (datagram) {
        status = uplink__packet_forwarder_header(reader, input, size);
        if (status != MYK10_OK)
            return status;
        json_offset = 12;
    }
    status = parse_json(&reader->root, input + json_offset, size - json_offset, json_offset);
    if (status != MYK10_OK)
        return status;
    if (datagram)
        format = MYK10_UPLINK_FORMAT_PACKET_FORWARDER;
    else if (format == MYK10_UPLINK_FORMAT_AUTO)
        status = detect_format(&format, reader->root);
    if (status != MYK10_OK)
        return status;
    reader->format = format;
    return check_envelope(reader);
}

static bool is_known_format(myk10_uplink_format format)
{
    return format >= MYK10_UPLINK_FORMAT_AUTO && format <= MYK10_UPLINK_FORMAT_THINGS_STACK;
}

myk10_status myk10_uplink_reader_load(size_t *out_count, myk10_uplink_reader *reader,
                                      myk10_uplink_format format,
                                      const void *input, size_t size,
                                      int64_t received_sec, int32_t received_nsec)
{
    if (!out_count || !reader || (!input && size > 0))
        return myk10__fail(MYK10_EINVAL, "uplink: NULL argument");
    if (!is_known_format(format))
        return myk10__fail(MYK10_EINVAL, "uplink: unknown format %d", (int)format);
    if (received_nsec < 0 || received_nsec >= NSEC_PER_SEC)
        return myk10__fail(MYK10_EINVAL, "uplink: received_nsec %ld outside 0..999999999",
                           (long)received_nsec);

    uplink__reader_clear(reader);
    /* A NULL pointer with size 0 reads as the empty (invalid) document. */
    myk10_status status = load_document(reader, format, input ? input : (const void *)"", size);
    if (status != MYK10_OK) {
        uplink__reader_clear(reader);
        return status;
    }
    reader->received_sec = received_sec;
    reader->received_nsec = received_nsec;
    *out_count = reader->count;
    return MYK10_OK;
}

myk10_status myk10_uplink_reader_format(myk10_uplink_format *out_format,
                                        const myk10_uplink_reader *reader)
{
    if (!out_format || !reader)
        return myk10__fail(MYK10_EINVAL, "uplink: NULL argument");
    if (!reader->root)
        return myk10__fail(MYK10_ESTATE, "uplink: the reader holds no document");
    *out_format = reader->format;
    return MYK10_OK;
}

myk10_status myk10_uplink_reader_get(myk10_uplink *out, const myk10_uplink_reader *reader,
                                     size_t index)
{
    if (!out || !reader)
        return myk10__fail(MYK10_EINVAL, "uplink: NULL argument");
    if (!reader->root)
        return myk10__fail(MYK10_ESTATE, "uplink: the reader holds no document");
    if (index >= reader->count)
        return myk10__fail(MYK10_ERANGE, "uplink: record %zu requested, the document has %zu",
                           index, reader->count);
    switch (reader->format) {
    case MYK10_UPLINK_FORMAT_PACKET_FORWARDER:
        return uplink__packet_forwarder_record(out, reader, index);
    case MYK10_UPLINK_FORMAT_CHIRPSTACK:
        return uplink__chirpstack_record(out, reader);
    case MYK10_UPLINK_FORMAT_THINGS_STACK:
        return uplink__things_stack_record(out, reader);
    default:
        return myk10__fail(MYK10_ESTATE, "uplink: the reader holds no document");
    }
}

/* Decodes every record of a loaded document into out[0..count). */
static myk10_status read_all(myk10_uplink *out, size_t cap,
                             const struct myk10_uplink_reader *reader)
{
    if (reader->count > cap)
        return myk10__fail(MYK10_EBUFSIZE, "uplink: the document has %zu records, room for %zu",
                           reader->count, cap);
    for (size_t i = 0; i < reader->count; i++) {
        myk10_status status = myk10_uplink_reader_get(&out[i], reader, i);
        if (status != MYK10_OK)
            return status;
    }
    return MYK10_OK;
}

myk10_status myk10_uplink_parse(myk10_uplink *out, size_t cap, size_t *out_count,
                                myk10_uplink_format format,
                                const void *input, size_t size,
                                int64_t received_sec, int32_t received_nsec)
{
    struct myk10_uplink_reader reader;
    size_t count = 0;

    if (!out_count)
        return myk10__fail(MYK10_EINVAL, "uplink: out_count is NULL");
    if (!out && cap > 0)
        return myk10__fail(MYK10_EINVAL, "uplink: out is NULL but cap is %zu", cap);
    uplink__reader_init(&reader);
    myk10_status status = myk10_uplink_reader_load(&count, &reader, format, input, size,
                                                   received_sec, received_nsec);
    if (status == MYK10_OK)
        status = read_all(out, cap, &reader);
    uplink__reader_clear(&reader);
    if (status == MYK10_OK || status == MYK10_EBUFSIZE)
        *out_count = count;
    return status;
}
