/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What `myk10 flood forecast|cap` and the demo's flood chapter share: a river
 * network with its forecaster, the gauges of a gauges file (rating curve and
 * Meldestufen per gauge node) attached to it, and turning a village forecast
 * into a CAP 1.2 warning. The gauges file is documented in docs/cli.md;
 * examples/data/gauges.json is the bundled one.
 */
#ifndef MYK10_CLI_FLOOD_SETUP_H
#define MYK10_CLI_FLOOD_SETUP_H

#include "cli.h"

#define CLI_FLOOD_MAX_GAUGES 64

typedef struct cli_flood_gauge {
    const char *id;      /* owned by the gauge */
    myk10_gauge *gauge;
    myk10_rating *rating;
} cli_flood_gauge;

typedef struct cli_flood {
    myk10_flood_network *network;
    myk10_flood_forecaster *forecaster;
    myk10_flood_forecast_config config;
    cli_flood_gauge gauges[CLI_FLOOD_MAX_GAUGES];
    size_t gauge_count;
} cli_flood;

/* Loads the network (JSON or GeoJSON) and the gauges file and attaches the
 * gauges; `config` may be NULL for the defaults. Reports failures on stderr
 * and returns a CLI_EXIT_* code; cli_flood_free() is safe either way. */
int cli_flood_load(cli_flood *flood, const char *network_path, const char *gauges_path,
                   const myk10_flood_forecast_config *config);
void cli_flood_free(cli_flood *flood);

/* Loads only the network; returns a CLI_EXIT_* code. */
int cli_flood_load_network(myk10_flood_network **out, const char *path);

/* The gauge of a gauge node, or NULL. */
myk10_gauge *cli_flood_gauge_of(const cli_flood *flood, const char *id);

/* Display name of a node (its id when it has none). */
const char *cli_flood_node_name(const cli_flood *flood, size_t index, char buf[96]);

/* Writes the CAP 1.2 alert for a village's highest expected level, issued
 * at `issued`; `*out_xml` is released with myk10_free(). */
myk10_status cli_flood_cap(char **out_xml, size_t *out_len, const cli_flood *flood,
                           const myk10_flood_village_forecast *village, int64_t issued,
                           int utc_offset_min);

/* Reads a whole file into a NUL-terminated malloc'ed buffer; NULL (reason on
 * stderr) on failure. */
char *cli_read_file(const char *path, size_t *out_size);

/* Feeds the gauge readings in `path` ("-" for stdin) that are not after
 * `now`: CSV with header, JSON lines, or `myk10 frame decode` verdicts (their
 * water_level measurements, the device naming the gauge). Readings for
 * unknown gauges are skipped. Returns a CLI_EXIT_* code. */
int cli_flood_feed_readings(cli_flood *flood, const char *path, int64_t now);

#endif /* MYK10_CLI_FLOOD_SETUP_H */
