/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The devices file of the `myk10` tool: which LoRaWAN devices exist, their
 * session keys, their payload codec and where they stand. JSON, documented
 * in docs/cli.md; examples/data/devices.json is the bundled one.
 */
#ifndef MYK10_CLI_DEVICES_H
#define MYK10_CLI_DEVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <myk10/frame.h>

typedef struct cli_device {
    char id[64];
    char name[96];
    char river[64];
    char codec[MYK10_SESSION_CODEC_SIZE];
    double lat, lon;
    uint64_t dev_eui;
    uint32_t dev_addr;
    myk10_lorawan_version version;
    myk10_frame_keys *keys;
    myk10_codec_context codec_context; /* heights; device and time set per frame */
    bool has_fcnt_up;                  /* session state to resume from, if given */
    uint32_t fcnt_up;
} cli_device;

typedef struct cli_devices {
    cli_device *items;
    size_t count;
} cli_devices;

/* Loads `path`; on failure prints the reason and returns a CLI_EXIT_* code. */
int cli_devices_load(cli_devices *out, const char *path);

void cli_devices_free(cli_devices *devices);

/* Lookups; NULL when there is no such device. */
const cli_device *cli_devices_find_addr(const cli_devices *devices, uint32_t dev_addr);
const cli_device *cli_devices_find_eui(const cli_devices *devices, const uint8_t eui[8]);
const cli_device *cli_devices_find_id(const cli_devices *devices, const char *id);

/* Hex text <-> bytes. Decoding accepts upper and lower case, no separators;
 * returns false for odd length, bad digits or more than `cap` bytes. */
bool cli_hex_decode(uint8_t *out, size_t cap, size_t *out_size, const char *text);
void cli_hex_encode(char *out, const uint8_t *data, size_t size); /* out: 2*size+1 */

#endif /* MYK10_CLI_DEVICES_H */
