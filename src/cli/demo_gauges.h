/* SPDX-License-Identifier: Apache-2.0 */
/* Simulated river gauges for `myk10 demo` (see demo_gauges.c). */
#ifndef MYK10_CLI_DEMO_GAUGES_H
#define MYK10_CLI_DEMO_GAUGES_H

#include "cli_devices.h"

/* A flood wave at one gauge. */
typedef struct demo_wave {
    int64_t start;          /* the level starts rising */
    double time_to_crest_h; /* hours from start to crest */
    double base_m;          /* level before the rain, m above gauge zero */
    double rise_m;          /* crest minus base */
} demo_wave;

/* Water level of the wave at time t (m above gauge zero). */
double demo_gauge_level(const demo_wave *wave, int64_t t);

/* Encodes a reading of `level_m` in the byte layout of the device's sensor
 * model (its codec): distance sensors report mounting height minus level,
 * submersible probes level minus probe height, SenML sensors the level. */
myk10_status demo_gauge_payload(uint8_t *out, size_t cap, size_t *out_size,
                                const cli_device *device, double level_m, int64_t t);

/* A SenML-CBOR pack with one water_level record. */
myk10_status demo_senml_level(uint8_t *out, size_t cap, size_t *out_size,
                              const cli_device *device, double level_m, int64_t t);

#endif /* MYK10_CLI_DEMO_GAUGES_H */
