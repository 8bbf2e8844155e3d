/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The decode pipeline of `myk10 frame decode` and the demo: a line of input
 * (hex PHYPayload, packet-forwarder JSON, ChirpStack or The Things Stack
 * JSON) -> uplink records -> device session (MIC, frame counter,
 * decryption) -> the device's payload codec -> measurements, with one JSON
 * verdict per frame.
 */
#ifndef MYK10_CLI_FRAME_PIPELINE_H
#define MYK10_CLI_FRAME_PIPELINE_H

#include "cli.h"
#include "cli_devices.h"

typedef struct cli_pipeline cli_pipeline;

/* Loads the devices file and sets up sessions and codecs; reports failures
 * on stderr and returns a CLI_EXIT_* code. */
int cli_pipeline_create(cli_pipeline **out, const char *devices_path);
void cli_pipeline_destroy(cli_pipeline *pipeline);

/* Decodes one input line; returns a JSON array with one verdict object per
 * frame it held ({"error": ...} members mark the rejected ones). Lines
 * without a time of their own are taken as received at `received_at`. */
json_t *cli_pipeline_decode_line(cli_pipeline *pipeline, const char *line, int64_t received_at);

const cli_devices *cli_pipeline_devices(const cli_pipeline *pipeline);

/* Measurements of the most recent frame (valid until the next decode). */
const myk10_measurements *cli_pipeline_measurements(const cli_pipeline *pipeline);

/* The frame chapter of `myk10 demo` (demo_frame.c). */
int cli_frame_demo_step(cli_demo *demo);

#endif /* MYK10_CLI_FRAME_PIPELINE_H */
