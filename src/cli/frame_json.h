/* SPDX-License-Identifier: Apache-2.0 */
/* JSON views of frame-module values for the `myk10` tool. Each function
 * returns a new reference. */
#ifndef MYK10_CLI_FRAME_JSON_H
#define MYK10_CLI_FRAME_JSON_H

#include "cli.h"

json_t *cli_hex_json(const uint8_t *data, size_t size);
json_t *cli_u32_hex_json(uint32_t value);
json_t *cli_u64_hex_json(uint64_t value);
/* "YYYY-MM-DDTHH:MM:SSZ", or the number if the year has more than 4 digits. */
json_t *cli_time_json(int64_t seconds);

/* Header fields of a parsed frame (no keys needed). */
json_t *cli_frame_json(const myk10_frame *frame);
/* MAC commands of a buffer in clear; a decoding error ends the list with {"error": ...}. */
json_t *cli_mac_json(const uint8_t *data, size_t size, bool uplink);
json_t *cli_measurements_json(const myk10_measurements *list);
/* Radio metadata of an uplink record. */
json_t *cli_radio_json(const myk10_uplink *uplink);

#endif /* MYK10_CLI_FRAME_JSON_H */
