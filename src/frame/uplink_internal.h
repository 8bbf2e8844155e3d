/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private helpers of the uplink JSON readers. Never installed.
 *
 * Every helper that reads a JSON member takes the path of the enclosing
 * value ("" for the root, "rxpk[2]", "uplink_message.settings") and the
 * member name, so that a failure names the exact member:
 * "uplink: rxpk[2].data: invalid base64 at character 17".
 */
#ifndef MYK10_UPLINK_INTERNAL_H
#define MYK10_UPLINK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "common/common_internal.h"
#include <myk10/frame.h>

/* Room for the longest path we build, e.g. "uplink_message.rx_metadata[12].gateway_ids.eui". */
#define UPLINK_PATH_CAP 128

struct myk10_uplink_reader {
    json_t *root;                /* the loaded document, NULL when empty */
    myk10_uplink_format format;  /* detected or given format */
    const json_t *rxpk;          /* packet forwarder: the rxpk array, or NULL */
    size_t count;                /* number of records */
    bool has_gateway_eui;        /* packet forwarder datagram header seen */
    uint8_t gateway_eui[8];
    int64_t received_sec;
    int32_t received_nsec;
};

/* Reader lifetime without heap allocation of the reader itself. */
void uplink__reader_init(struct myk10_uplink_reader *reader);
void uplink__reader_clear(struct myk10_uplink_reader *reader);

/* Writes "parent.key" (or "key" at the root) / "parent[index]" into buf. */
void uplink__path(char *buf, const char *parent, const char *key);
void uplink__path_index(char *buf, const char *parent, size_t index);

/* Fails with "uplink: <path>.<key>: <detail>". */
myk10_status uplink__fail_member(myk10_status status, const char *parent, const char *key,
                                 const char *fmt, ...) MYK10_PRINTF(4, 5);

/*
 * Typed member access. `present` NULL means the member is required; otherwise
 * *present tells whether it was there (JSON null counts as absent), and an
 * absent member leaves *out untouched and is not an error.
 */
myk10_status uplink__get_object(const json_t **out, bool *present, const json_t *object,
                                const char *parent, const char *key);
myk10_status uplink__get_array(const json_t **out, bool *present, const json_t *object,
                               const char *parent, const char *key);
myk10_status uplink__get_string(const char **out, bool *present, const json_t *object,
                                const char *parent, const char *key);
myk10_status uplink__get_bool(bool *out, bool *present, const json_t *object,
                              const char *parent, const char *key);
/* A finite JSON number. */
myk10_status uplink__get_real(double *out, bool *present, const json_t *object,
                              const char *parent, const char *key);
/* A JSON integer, or a string of decimal digits (the protobuf JSON mapping
 * writes 64-bit integers as strings), within [min, max]. */
myk10_status uplink__get_int(int64_t *out, bool *present, const json_t *object,
                             const char *parent, const char *key, int64_t min, int64_t max);

/* Decodes base64 (standard or URL-safe alphabet, not mixed; padding
 * optional but correct if present) into out[0..MYK10_UPLINK_MAX_PAYLOAD). */
myk10_status uplink__get_base64(uint8_t *out, size_t *out_len, bool *present,
                                const json_t *object, const char *parent, const char *key);

/* Exactly 2*len hex digits, either case, into out[0..len). */
myk10_status uplink__get_hex(uint8_t *out, size_t len, bool *present, const json_t *object,
                             const char *parent, const char *key);

/* RFC 3339 time as network servers write it (any number of fraction digits;
 * digits past the ninth are dropped). */
myk10_status uplink__get_time(int64_t *out_sec, int32_t *out_nsec, bool *present,
                              const json_t *object, const char *parent, const char *key);

/* Copies a string member into a fixed buffer, cutting at a UTF-8 character
 * boundary and setting MYK10_UPLINK_ID_TRUNCATED in *flags if it is too long. */
myk10_status uplink__get_id(char *out, uint32_t *flags, const json_t *object,
                            const char *parent, const char *key);

/* "4/5", "4/8LI", "CR_4_5", "CR_LI_4_5" -> 4, 5; anything else leaves 0, 0:
 * a coding rate is informative, so an unknown spelling is not an error. */
void uplink__parse_coding_rate(uint8_t *num, uint8_t *den, const char *text);

/* Picks the reception with the best SNR, then RSSI, then the first. */
bool uplink__better_reception(bool has_snr, double snr, double rssi,
                              bool best_has_snr, double best_snr, double best_rssi);

/* Per-format envelope checks (at load) and record decoders (at get). */
myk10_status uplink__packet_forwarder_header(struct myk10_uplink_reader *reader,
                                             const uint8_t *input, size_t size);
myk10_status uplink__packet_forwarder_check(struct myk10_uplink_reader *reader);
myk10_status uplink__packet_forwarder_record(myk10_uplink *out,
                                             const struct myk10_uplink_reader *reader,
                                             size_t index);
myk10_status uplink__chirpstack_check(const json_t *root);
myk10_status uplink__chirpstack_record(myk10_uplink *out,
                                       const struct myk10_uplink_reader *reader);
myk10_status uplink__things_stack_check(const json_t *root);
myk10_status uplink__things_stack_record(myk10_uplink *out,
                                         const struct myk10_uplink_reader *reader);

#endif /* MYK10_UPLINK_INTERNAL_H */
