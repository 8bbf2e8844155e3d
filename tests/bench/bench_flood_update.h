/* SPDX-License-Identifier: Apache-2.0 */
/* The forecaster's update after a single new reading, on bench_flood's tree. */
#ifndef MYK10_BENCH_FLOOD_UPDATE_H
#define MYK10_BENCH_FLOOD_UPDATE_H

#include <myk10/flood.h>

/* Attaches a gauge with 12 h of readings to every gauge node of `net`, runs
 * a full forecast, then times runs after one new reading at a random gauge
 * and prints the medians. Returns 0, or -1 after printing why it failed. */
int bench_forecast_update(const myk10_flood_network *net);

#endif
