/* SPDX-License-Identifier: Apache-2.0 */
/*
 * flood.i - what the flood module (include/myk10/flood.h) exposes to Python
 * and Java. Language-neutral: included by myk10.i after frame.i.
 *
 * A uniform low-level layer, like frame.i; the idiomatic surface is
 * hand-written on top (Python: myk10/flood.py; Java: the javacode in
 * java/myk10_java.i and java/src/de/myk10/Flood.java).
 *
 * - Handle classes (shadow typedefs, %extend create/destroy): FloodNetwork,
 *   FloodRouter (which keeps copies of the node and reach ids, so a router
 *   outlives its network as in C), RatingCurve, Gauge, AlertState,
 *   ReadingList (the result of the readings parsers).
 * - Value structs returned as new copies (%newobject, NULL on failure):
 *   FloodReachReport, GaugeReading, GaugeStatus, GaugeForecast; their
 *   members are read-only. GaugeConfig is a plain struct the host fills
 *   (its constructor applies myk10_gauge_config_init()).
 * - Arrays of doubles (hydrographs, coefficients, thresholds, rating
 *   segments) cross as bytes holding native-endian IEEE doubles, through
 *   the bytes typemaps of frame.i; the host packs and unpacks them (Python
 *   array('d'), Java ByteBuffer in nativeOrder()). The C side copies them
 *   into aligned memory first. Gaps cross as native int64 pairs.
 * - Network nodes and reaches are read field by field (node_text,
 *   node_number, reach_text, reach_number) and turned into host values at
 *   once, so nothing the host holds points into the network.
 * - Forecasts and warnings: FloodForecastConfig (plain struct, constructor
 *   applies myk10_flood_forecast_config_init()), FloodForecaster (handle;
 *   attach() borrows the gauge and curve as in C, so the host layers keep
 *   them alive while attached), FloodVillageForecast (a copy of one
 *   village's result that owns its strings; per-level times by method),
 *   CapClass (the result of cap_classify) and CapWriter, a CAP warning
 *   filled field by field under the C field names and then written: its
 *   strings are copies, so the host's may go away between calls.
 *
 * Not bound, on purpose (test_api.py lists the same):
 *   myk10_alert_config_init4 - AlertConfig takes the thresholds directly;
 *   myk10_gauge_config_init - the GaugeConfig constructor calls it;
 *   myk10_readings_parse - its callback form; parse_readings returns all
 *       records at once (myk10_readings_parse_array).
 */

%{
#include <stdlib.h>

typedef struct myk10_flood_network FloodNetworkShadow;
typedef struct myk10_rating RatingCurveShadow;
typedef struct myk10_gauge GaugeShadow;
typedef myk10_alert_state AlertStateShadow;

/* A router with copies of the ids it needs to name its nodes and reaches. */
typedef struct FloodRouterShadow {
    myk10_flood_router *router;
    size_t nodes;
    size_t reaches;
    char **ids; /* nodes node ids, then reaches reach ids */
} FloodRouterShadow;

typedef struct ReadingListShadow {
    size_t count;
    myk10_reading_record *items; /* myk10_free */
} ReadingListShadow;

typedef myk10_flood_reach_report FloodReachReport;
typedef myk10_reading GaugeReading;
typedef myk10_gauge_status GaugeStatus;
typedef myk10_gauge_forecast GaugeForecast;
typedef myk10_gauge_config GaugeConfig;

/* Packed native doubles in: a malloc'd aligned copy (NULL and *n 0 when empty). */
static double *myk10_bind_doubles_in(const uint8_t *bytes, size_t len, size_t *n,
                                     myk10_status *status)
{
    double *values;
    *n = 0;
    if (len % sizeof(double) != 0) {
        myk10_clear_error();
        *status = MYK10_EINVAL;
        return NULL;
    }
    if (len == 0)
        return NULL;
    values = (double *)malloc(len);
    if (!values) {
        *status = MYK10_ENOMEM;
        return NULL;
    }
    memcpy(values, bytes, len);
    *n = len / sizeof(double);
    return values;
}

static myk10_bind_bytes myk10_bind_doubles_out(const double *values, size_t n,
                                               myk10_status *status)
{
    return myk10_bind_bytes_of((const uint8_t *)values, n * sizeof(double), status);
}

/* An alert configuration from packed thresholds; the check does the rest. */
static myk10_status myk10_bind_alerts(myk10_alert_config *config, const uint8_t *bytes,
                                      size_t len, double hysteresis_m)
{
    size_t n = len / sizeof(double), i;
    memset(config, 0, sizeof *config);
    if (len % sizeof(double) != 0) {
        myk10_clear_error();
        return MYK10_EINVAL;
    }
    config->count = n;
    for (i = 0; i < n && i < MYK10_ALERT_MAX_LEVELS; i++)
        memcpy(&config->thresholds[i], bytes + i * sizeof(double), sizeof(double));
    config->hysteresis_m = hysteresis_m;
    return myk10_alert_config_check(config);
}

/* Text a writer returned (UTF-8, released with myk10_free()) as a bytes
 * result, or an empty result when the writer failed with `status`. */
static myk10_bind_bytes myk10_bind_owned_text(char *text, size_t size, myk10_status *status)
{
    myk10_bind_bytes result;
    memset(&result, 0, sizeof result);
    if (*status == MYK10_OK)
        result = myk10_bind_bytes_of((const uint8_t *)text, size, status);
    myk10_free(text);
    return result;
}

/* Text results of the network writers, copied into a bytes result (UTF-8). */
static myk10_bind_bytes myk10_bind_text(myk10_status (*write)(char **, size_t *,
                                                              const myk10_flood_network *),
                                        const myk10_flood_network *network,
                                        myk10_status *status)
{
    char *text = NULL;
    size_t size = 0;
    *status = write(&text, &size, network);
    return myk10_bind_owned_text(text, size, status);
}

static void myk10_bind_router_free(FloodRouterShadow *r)
{
    size_t i;
    if (!r)
        return;
    myk10_flood_router_destroy(r->router);
    if (r->ids) {
        for (i = 0; i < r->nodes + r->reaches; i++)
            free(r->ids[i]);
        free(r->ids);
    }
    free(r);
}

static char *myk10_bind_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = (char *)malloc(n);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}

static void *myk10_bind_new(size_t size, myk10_status *status)
{
    void *p = calloc(1, size);
    if (!p)
        *status = MYK10_ENOMEM;
    return p;
}
%}

MYK10_SELF_CHECK(FloodNetworkShadow)
MYK10_SELF_CHECK(FloodRouterShadow)
MYK10_SELF_CHECK(RatingCurveShadow)
MYK10_SELF_CHECK(GaugeShadow)
MYK10_SELF_CHECK(AlertStateShadow)
MYK10_SELF_CHECK(ReadingListShadow)
MYK10_SELF_CHECK(FloodReachReport)
MYK10_SELF_CHECK(GaugeReading)
MYK10_SELF_CHECK(GaugeStatus)
MYK10_SELF_CHECK(GaugeForecast)
MYK10_SELF_CHECK(GaugeConfig)

%typemap(check) FloodNetworkShadow *NETWORK, GaugeConfig *CONFIG {
    if (!$1) {
        myk10_clear_error();
        MYK10_CHECK_FAIL(MYK10_EINVAL);
    }
}

/* ---- constants ------------------------------------------------------------- */

%constant int FLOOD_GAUGE = MYK10_FLOOD_GAUGE;
%constant int FLOOD_CONFLUENCE = MYK10_FLOOD_CONFLUENCE;
%constant int FLOOD_VILLAGE = MYK10_FLOOD_VILLAGE;
%constant int FLOOD_OUTLET = MYK10_FLOOD_OUTLET;
%constant int FLOOD_LAG = MYK10_FLOOD_LAG;
%constant int FLOOD_MUSKINGUM = MYK10_FLOOD_MUSKINGUM;
%constant int FLOOD_MUSKINGUM_CUNGE = MYK10_FLOOD_MUSKINGUM_CUNGE;
%constant int FLOOD_ADAPT = MYK10_FLOOD_ADAPT;
%constant int FLOOD_PLAIN = MYK10_FLOOD_PLAIN;
%constant int ALERT_MAX_LEVELS = MYK10_ALERT_MAX_LEVELS;
%constant long long TIME_NONE = MYK10_TIME_NONE;
%constant int GAUGE_ID_MAX = MYK10_GAUGE_ID_MAX;
%constant int GAUGE_HAMPEL_MAX_HALF = MYK10_GAUGE_HAMPEL_MAX_HALF;
%constant int GAUGE_FIT_MAX_POINTS = MYK10_GAUGE_FIT_MAX_POINTS;
%constant int READING_ACCEPTED = MYK10_READING_ACCEPTED;
%constant int READING_DUPLICATE = MYK10_READING_DUPLICATE;
%constant int READING_REPLACED = MYK10_READING_REPLACED;
%constant int READING_SPIKE = MYK10_READING_SPIKE;
%constant int CROSSING_EXPECTED = MYK10_CROSSING_EXPECTED;
%constant int CROSSING_POSSIBLE = MYK10_CROSSING_POSSIBLE;
%constant int CROSSING_NOT_EXPECTED = MYK10_CROSSING_NOT_EXPECTED;
%constant int CROSSING_TOP_LEVEL = MYK10_CROSSING_TOP_LEVEL;
%constant int READINGS_CSV = MYK10_READINGS_CSV;
%constant int READINGS_JSONL = MYK10_READINGS_JSONL;

/* ---- single-reach Muskingum --------------------------------------------------- */

%{
static myk10_bind_bytes myk10_bind_flood_muskingum_coefficients(double k_s, double x,
                                                                 double dt_s,
                                                                 myk10_status *status)
{
    double c[3] = { 0, 0, 0 };
    *status = myk10_flood_muskingum_coefficients(c, k_s, x, dt_s);
    return myk10_bind_doubles_out(c, *status == MYK10_OK ? 3 : 0, status);
}

static myk10_bind_bytes myk10_bind_flood_muskingum_apply(const uint8_t *inflow, size_t inflow_len,
                                                         const uint8_t *c, size_t c_len,
                                                         double initial_outflow,
                                                         myk10_status *status)
{
    myk10_bind_bytes result;
    size_t n = 0, nc = 0;
    double *in = myk10_bind_doubles_in(inflow, inflow_len, &n, status);
    double *coef = *status == MYK10_OK ? myk10_bind_doubles_in(c, c_len, &nc, status) : NULL;
    double *out = NULL;
    memset(&result, 0, sizeof result);
    if (*status == MYK10_OK && nc != 3) {
        myk10_clear_error();
        *status = MYK10_EINVAL;
    }
    if (*status == MYK10_OK && n > 0) {
        out = (double *)malloc(n * sizeof *out);
        if (!out)
            *status = MYK10_ENOMEM;
    }
    if (*status == MYK10_OK && n > 0)
        *status = myk10_flood_muskingum_apply(out, in, n, coef, initial_outflow);
    if (*status == MYK10_OK)
        result = myk10_bind_doubles_out(out, n, status);
    free(in);
    free(coef);
    free(out);
    return result;
}

static myk10_bind_bytes myk10_bind_flood_cunge_parameters(double length_m, double slope,
                                                          double manning_n, double width_m,
                                                          double reference_m3s,
                                                          myk10_status *status)
{
    double v[3] = { 0, 0, 0 };
    bool clamped = false;
    *status = myk10_flood_cunge_parameters(&v[0], &v[1], &clamped, length_m, slope, manning_n,
                                           width_m, reference_m3s);
    v[2] = clamped ? 1.0 : 0.0;
    return myk10_bind_doubles_out(v, *status == MYK10_OK ? 3 : 0, status);
}

static void myk10_bind_alert_config_check(const uint8_t *thresholds, size_t len,
                                          double hysteresis_m, myk10_status *status)
{
    myk10_alert_config config;
    *status = myk10_bind_alerts(&config, thresholds, len, hysteresis_m);
}
%}

/** C0, C1, C2 for K, X and dt, as three packed doubles. */
myk10_bind_bytes myk10_bind_flood_muskingum_coefficients(double k_s, double x, double dt_s,
                                                         myk10_status *STATUS);
/** The plain recurrence over packed inflows with packed (C0, C1, C2); packed outflows. */
myk10_bind_bytes myk10_bind_flood_muskingum_apply(const uint8_t *BYTES, size_t BYTES_LEN,
                                                  const uint8_t *BYTES2, size_t BYTES2_LEN,
                                                  double initial_outflow, myk10_status *STATUS);
/** Muskingum-Cunge (K, X, clamped 0/1) as three packed doubles. */
myk10_bind_bytes myk10_bind_flood_cunge_parameters(double length_m, double slope,
                                                   double manning_n, double width_m,
                                                   double reference_m3s, myk10_status *STATUS);
/** Validates packed thresholds and a hysteresis (myk10_alert_config_check). */
void myk10_bind_alert_config_check(const uint8_t *BYTES, size_t BYTES_LEN, double hysteresis_m,
                                   myk10_status *STATUS);

/* ---- networks ------------------------------------------------------------------- */

%newobject FloodNetworkShadow::load_json;
%newobject FloodNetworkShadow::load_geojson;

/** A river network (myk10_flood_network). */
%rename(FloodNetwork) FloodNetworkShadow;
typedef struct {} FloodNetworkShadow;
%extend FloodNetworkShadow {
    FloodNetworkShadow(myk10_status *STATUS) {
        myk10_flood_network *network = NULL;
        *STATUS = myk10_flood_network_create(&network);
        return network;
    }
    ~FloodNetworkShadow() {
        myk10_flood_network_destroy($self);
    }
    /** Loads the JSON format of docs/flood-network.md (validated). */
    static FloodNetworkShadow *load_json(const char *text, myk10_status *STATUS) {
        myk10_flood_network *network = NULL;
        *STATUS = myk10_flood_network_load_json(&network, text, strlen(text));
        return *STATUS == MYK10_OK ? network : NULL;
    }
    /** Loads a GeoJSON FeatureCollection (validated). */
    static FloodNetworkShadow *load_geojson(const char *text, myk10_status *STATUS) {
        myk10_flood_network *network = NULL;
        *STATUS = myk10_flood_network_load_geojson(&network, text, strlen(text));
        return *STATUS == MYK10_OK ? network : NULL;
    }
    void add_node(const char *id, const char *name, int kind, double lat, double lon,
                  double baseflow_m3s, myk10_status *STATUS) {
        myk10_flood_node node;
        memset(&node, 0, sizeof node);
        node.id = id;
        node.name = name;
        node.kind = (myk10_flood_node_kind)kind;
        node.lat = lat;
        node.lon = lon;
        node.baseflow_m3s = baseflow_m3s;
        *STATUS = myk10_flood_network_add_node($self, &node);
    }
    void add_reach(const char *id, const char *from, const char *to, double length_m,
                   int method, double lag_s, double k_s, double x, double slope,
                   double manning_n, double width_m, double reference_m3s, double lateral_m3s,
                   myk10_status *STATUS) {
        myk10_flood_reach reach;
        memset(&reach, 0, sizeof reach);
        reach.id = id;
        reach.from = from;
        reach.to = to;
        reach.length_m = length_m;
        reach.method = (myk10_flood_method)method;
        reach.lag_s = lag_s;
        reach.k_s = k_s;
        reach.x = x;
        reach.slope = slope;
        reach.manning_n = manning_n;
        reach.width_m = width_m;
        reach.reference_m3s = reference_m3s;
        reach.lateral_m3s = lateral_m3s;
        *STATUS = myk10_flood_network_add_reach($self, &reach);
    }
    void validate(myk10_status *STATUS) {
        *STATUS = myk10_flood_network_validate($self);
    }
    size_t node_count() { return myk10_flood_network_node_count($self); }
    size_t reach_count() { return myk10_flood_network_reach_count($self); }
    /** Text field of node `index`: 0 id, 1 name. */
    const char *node_text(size_t index, int field, myk10_status *STATUS) {
        myk10_flood_node node;
        *STATUS = myk10_flood_network_node(&node, $self, index);
        if (*STATUS != MYK10_OK)
            return "";
        return field == 0 ? node.id : (node.name ? node.name : "");
    }
    /** Number field of node `index`: 0 kind, 1 lat, 2 lon, 3 baseflow. */
    double node_number(size_t index, int field, myk10_status *STATUS) {
        myk10_flood_node node;
        *STATUS = myk10_flood_network_node(&node, $self, index);
        if (*STATUS != MYK10_OK)
            return 0;
        switch (field) {
        case 0: return (double)node.kind;
        case 1: return node.lat;
        case 2: return node.lon;
        default: return node.baseflow_m3s;
        }
    }
    /** Text field of reach `index`: 0 id, 1 from, 2 to. */
    const char *reach_text(size_t index, int field, myk10_status *STATUS) {
        myk10_flood_reach reach;
        *STATUS = myk10_flood_network_reach(&reach, $self, index);
        if (*STATUS != MYK10_OK)
            return "";
        return field == 0 ? reach.id : field == 1 ? reach.from : reach.to;
    }
    /** Number field of reach `index`: 0 length, 1 method, 2 lag, 3 K, 4 X, 5 slope,
     *  6 Manning's n, 7 width, 8 reference discharge, 9 lateral inflow. */
    double reach_number(size_t index, int field, myk10_status *STATUS) {
        myk10_flood_reach reach;
        *STATUS = myk10_flood_network_reach(&reach, $self, index);
        if (*STATUS != MYK10_OK)
            return 0;
        switch (field) {
        case 0: return reach.length_m;
        case 1: return (double)reach.method;
        case 2: return reach.lag_s;
        case 3: return reach.k_s;
        case 4: return reach.x;
        case 5: return reach.slope;
        case 6: return reach.manning_n;
        case 7: return reach.width_m;
        case 8: return reach.reference_m3s;
        default: return reach.lateral_m3s;
        }
    }
    size_t find_node(const char *id, myk10_status *STATUS) {
        size_t index = 0;
        *STATUS = myk10_flood_network_find_node(&index, $self, id);
        return index;
    }
    size_t find_reach(const char *id, myk10_status *STATUS) {
        size_t index = 0;
        *STATUS = myk10_flood_network_find_reach(&index, $self, id);
        return index;
    }
    void set_description(const char *description, myk10_status *STATUS) {
        *STATUS = myk10_flood_network_set_description($self, description);
    }
    const char *description() { return myk10_flood_network_description($self); }
    /** The JSON document as UTF-8 bytes. */
    myk10_bind_bytes to_json(myk10_status *STATUS) {
        return myk10_bind_text(myk10_flood_network_to_json, $self, STATUS);
    }
    /** The GeoJSON document as UTF-8 bytes. */
    myk10_bind_bytes to_geojson(myk10_status *STATUS) {
        return myk10_bind_text(myk10_flood_network_to_geojson, $self, STATUS);
    }
}

/* ---- router ------------------------------------------------------------------------ */

%nodefaultctor FloodReachReport;
%nodefaultctor GaugeReading;
%nodefaultctor GaugeStatus;
%nodefaultctor GaugeForecast;

/** What the router did with one reach (a copy of myk10_flood_reach_report). */
%immutable;
typedef struct {
    int method;
    double k_s;
    double x;
    bool x_clamped;
    bool in_range;
    unsigned subreaches;
    unsigned substeps;
    double c0, c1, c2;
    size_t delay_steps;
    double delay_fraction;
    long long negative_steps;
    double min_outflow_m3s;
} FloodReachReport;
%mutable;

%newobject FloodRouterShadow::report;

/** A prepared router with its state (myk10_flood_router). One thread at a time. */
%rename(FloodRouter) FloodRouterShadow;
typedef struct {} FloodRouterShadow;
%extend FloodRouterShadow {
    FloodRouterShadow(FloodNetworkShadow *NETWORK, double dt_s, int mode,
                      myk10_status *STATUS) {
        FloodRouterShadow *r = (FloodRouterShadow *)myk10_bind_new(sizeof *r, STATUS);
        size_t i;
        if (!r)
            return NULL;
        *STATUS = myk10_flood_router_create(&r->router, NETWORK, dt_s, (myk10_flood_mode)mode);
        if (*STATUS != MYK10_OK) {
            free(r);
            return NULL;
        }
        r->nodes = myk10_flood_network_node_count(NETWORK);
        r->reaches = myk10_flood_network_reach_count(NETWORK);
        r->ids = (char **)calloc(r->nodes + r->reaches + 1, sizeof *r->ids);
        for (i = 0; r->ids && i < r->nodes + r->reaches; i++) {
            myk10_flood_node node;
            myk10_flood_reach reach;
            const char *id = "";
            if (i < r->nodes) {
                if (myk10_flood_network_node(&node, NETWORK, i) == MYK10_OK)
                    id = node.id;
            } else if (myk10_flood_network_reach(&reach, NETWORK, i - r->nodes) == MYK10_OK) {
                id = reach.id;
            }
            r->ids[i] = myk10_bind_strdup(id);
            if (!r->ids[i])
                break;
        }
        if (!r->ids || i < r->nodes + r->reaches) {
            myk10_bind_router_free(r);
            *STATUS = MYK10_ENOMEM;
            return NULL;
        }
        return r;
    }
    ~FloodRouterShadow() {
        myk10_bind_router_free($self);
    }
    size_t node_count() { return $self->nodes; }
    size_t reach_count() { return $self->reaches; }
    /** Id of node `index` (ERANGE past the end). */
    const char *node_id(size_t index, myk10_status *STATUS) {
        if (index >= $self->nodes) {
            myk10_clear_error();
            *STATUS = MYK10_ERANGE;
            return "";
        }
        return $self->ids[index];
    }
    /** Id of reach `index` (ERANGE past the end). */
    const char *reach_id(size_t index, myk10_status *STATUS) {
        if (index >= $self->reaches) {
            myk10_clear_error();
            *STATUS = MYK10_ERANGE;
            return "";
        }
        return $self->ids[$self->nodes + index];
    }
    void reset() { myk10_flood_router_reset($self->router); }
    void set_reach_state(size_t reach_index, double inflow_m3s, double outflow_m3s,
                         myk10_status *STATUS) {
        *STATUS = myk10_flood_router_set_reach_state($self->router, reach_index, inflow_m3s,
                                                     outflow_m3s);
    }
    /**
     * Routes `steps` steps. `local`: node_count x steps packed doubles, node
     * by node (empty for none); `mask`: node_count bytes, non-zero where the
     * node's row of `local` is used (the others keep their baseflow).
     * Returns node_count x steps packed node flows, node by node.
     */
    myk10_bind_bytes route_packed(size_t steps, const uint8_t *BYTES, size_t BYTES_LEN,
                                  const uint8_t *BYTES2, size_t BYTES2_LEN,
                                  myk10_status *STATUS) {
        myk10_bind_bytes result;
        size_t n = 0, i, nodes = $self->nodes;
        double *local = NULL, *flows = NULL;
        const double **local_rows = NULL;
        double **flow_rows = NULL;
        memset(&result, 0, sizeof result);
        if (steps > ((size_t)-1) / sizeof(double) / (nodes ? nodes : 1)) {
            myk10_clear_error();
            *STATUS = MYK10_ERANGE;
            return result;
        }
        local = myk10_bind_doubles_in(BYTES, BYTES_LEN, &n, STATUS);
        if (*STATUS == MYK10_OK && (BYTES2_LEN != 0 || n != 0)
            && (BYTES2_LEN != nodes || n != nodes * steps)) {
            myk10_clear_error();
            *STATUS = MYK10_EINVAL;
        }
        if (*STATUS == MYK10_OK && nodes * steps > 0) {
            flows = (double *)malloc(nodes * steps * sizeof *flows);
            flow_rows = (double **)calloc(nodes, sizeof *flow_rows);
            local_rows = (const double **)calloc(nodes, sizeof *local_rows);
            if (!flows || !flow_rows || !local_rows)
                *STATUS = MYK10_ENOMEM;
        }
        if (*STATUS == MYK10_OK && nodes * steps > 0) {
            for (i = 0; i < nodes; i++) {
                flow_rows[i] = flows + i * steps;
                if (local && BYTES2[i])
                    local_rows[i] = local + i * steps;
            }
            *STATUS = myk10_flood_router_route($self->router, local ? local_rows : NULL,
                                               flow_rows, steps);
        }
        if (*STATUS == MYK10_OK)
            result = myk10_bind_doubles_out(flows, nodes * steps, STATUS);
        free(local);
        free(flows);
        free(flow_rows);
        free((void *)local_rows);
        return result;
    }
    double node_flow(size_t node_index, myk10_status *STATUS) {
        double q = 0;
        *STATUS = myk10_flood_router_node_flow(&q, $self->router, node_index);
        return q;
    }
    double storage(myk10_status *STATUS) {
        double s = 0;
        *STATUS = myk10_flood_router_storage(&s, $self->router);
        return s;
    }
    FloodReachReport *report(size_t reach_index, myk10_status *STATUS) {
        FloodReachReport *out = (FloodReachReport *)myk10_bind_new(sizeof *out, STATUS);
        if (out)
            *STATUS = myk10_flood_router_report(out, $self->router, reach_index);
        if (*STATUS != MYK10_OK) {
            free(out);
            return NULL;
        }
        return out;
    }
    size_t segment_count() { return myk10_flood_router_segment_count($self->router); }
    double dt() { return myk10_flood_router_dt($self->router); }
}

/* ---- rating curves ------------------------------------------------------------------- */

/** A stage-discharge curve (myk10_rating), immutable. */
%rename(RatingCurve) RatingCurveShadow;
typedef struct {} RatingCurveShadow;
%extend RatingCurveShadow {
    /** From packed segments, five doubles each: stage_min, stage_max, a, h0, b. */
    RatingCurveShadow(const uint8_t *BYTES, size_t BYTES_LEN, myk10_status *STATUS) {
        myk10_rating *rating = NULL;
        size_t n = 0, i;
        double *v = myk10_bind_doubles_in(BYTES, BYTES_LEN, &n, STATUS);
        myk10_rating_segment *segments = NULL;
        if (*STATUS == MYK10_OK && n % 5 != 0) {
            myk10_clear_error();
            *STATUS = MYK10_EINVAL;
        }
        if (*STATUS == MYK10_OK && n > 0) {
            segments = (myk10_rating_segment *)malloc(n / 5 * sizeof *segments);
            if (!segments)
                *STATUS = MYK10_ENOMEM;
        }
        if (*STATUS == MYK10_OK) {
            for (i = 0; i < n / 5; i++) {
                segments[i].stage_min = v[5 * i];
                segments[i].stage_max = v[5 * i + 1];
                segments[i].a = v[5 * i + 2];
                segments[i].h0 = v[5 * i + 3];
                segments[i].b = v[5 * i + 4];
            }
            *STATUS = myk10_rating_create(&rating, segments, n / 5);
        }
        free(v);
        free(segments);
        return *STATUS == MYK10_OK ? rating : NULL;
    }
    ~RatingCurveShadow() {
        myk10_rating_destroy($self);
    }
    double discharge(double stage, myk10_status *STATUS) {
        double q = 0;
        *STATUS = myk10_rating_discharge(&q, $self, stage);
        return q;
    }
    double stage(double discharge, myk10_status *STATUS) {
        double h = 0;
        *STATUS = myk10_rating_stage(&h, $self, discharge);
        return h;
    }
    size_t segment_count() { return myk10_rating_segment_count($self); }
}

/* ---- alert state machine --------------------------------------------------------------- */

/** The alert state of one gauge (myk10_alert_state), fed in time order. */
%rename(AlertState) AlertStateShadow;
typedef struct {} AlertStateShadow;
%extend AlertStateShadow {
    AlertStateShadow(myk10_status *STATUS) {
        AlertStateShadow *state = (AlertStateShadow *)myk10_bind_new(sizeof *state, STATUS);
        if (state)
            myk10_alert_state_init(state);
        return state;
    }
    ~AlertStateShadow() {
        free($self);
    }
    /** Feeds a level with the packed thresholds and hysteresis; returns whether the level changed. */
    bool update(const uint8_t *BYTES, size_t BYTES_LEN, double hysteresis_m, long long time,
                double level_m, myk10_status *STATUS) {
        myk10_alert_config config;
        bool changed = false;
        *STATUS = myk10_bind_alerts(&config, BYTES, BYTES_LEN, hysteresis_m);
        if (*STATUS == MYK10_OK)
            *STATUS = myk10_alert_update($self, &changed, &config, (int64_t)time, level_m);
        return changed;
    }
    int level() { return $self->level; }
    /** When level k (1-based) was first raised in this episode, or TIME_NONE. */
    long long raised_at(int k) {
        return k >= 1 && k <= MYK10_ALERT_MAX_LEVELS ? (long long)$self->raised_at[k - 1]
                                                     : (long long)MYK10_TIME_NONE;
    }
    long long last_time() { return (long long)$self->last_time; }
}

/* ---- gauges ------------------------------------------------------------------------------ */

/** Gauge configuration (myk10_gauge_config without id and alerts; see set_alerts). */
typedef struct {
    size_t capacity;
    long long reporting_interval_s;
    double gap_factor;
    double stale_factor;
    long long max_future_s;
    double floor_m;
    size_t hampel_half_window;
    double hampel_k;
    double hampel_min_sigma_m;
    long long rise_window_s;
    double rise_alarm_cm_per_h;
    long long fit_window_s;
    size_t fit_min_points;
    double fit_coverage;
} GaugeConfig;
%extend GaugeConfig {
    /** The defaults of myk10_gauge_config_init(). */
    GaugeConfig(myk10_status *STATUS) {
        GaugeConfig *config = (GaugeConfig *)myk10_bind_new(sizeof *config, STATUS);
        if (config)
            myk10_gauge_config_init(config);
        return config;
    }
    ~GaugeConfig() {
        free($self);
    }
    /** Sets the alert levels from packed thresholds (validated). */
    void set_alerts(const uint8_t *BYTES, size_t BYTES_LEN, double hysteresis_m,
                    myk10_status *STATUS) {
        myk10_alert_config config;
        *STATUS = myk10_bind_alerts(&config, BYTES, BYTES_LEN, hysteresis_m);
        if (*STATUS == MYK10_OK)
            $self->alerts = config;
    }
    size_t alert_count() { return $self->alerts.count; }
    double alert_threshold(size_t k) {
        return k >= 1 && k <= $self->alerts.count ? $self->alerts.thresholds[k - 1] : 0;
    }
    double alert_hysteresis() { return $self->alerts.hysteresis_m; }
}

/** One held reading (myk10_reading). */
%immutable;
typedef struct {
    long long time;
    double level_m;
    bool spike;
} GaugeReading;

/** A gauge's condition (myk10_gauge_status; the alert state through alert_level/raised_at). */
typedef struct {
    size_t readings;
    size_t spikes;
    long long last_time;
    double last_level_m;
    bool stale;
    double rise_cm_per_h;
    bool rise_alarm;
} GaugeStatus;

/** When the next alert level will be crossed (myk10_gauge_forecast). */
typedef struct {
    int crossing;
    int level;
    double threshold_m;
    long long time;
    long long time_early;
    long long time_late;
    double slope_m_per_h;
    double slope_lo_m_per_h;
    double slope_hi_m_per_h;
    long long pivot_time;
    double pivot_level_m;
    double level_halfwidth_m;
    double slope_halfwidth_m_per_h;
    size_t points;
    bool stale;
} GaugeForecast;
%mutable;

%extend GaugeStatus {
    int alert_level() { return $self->alert.level; }
    long long raised_at(int k) {
        return k >= 1 && k <= MYK10_ALERT_MAX_LEVELS ? (long long)$self->alert.raised_at[k - 1]
                                                     : (long long)MYK10_TIME_NONE;
    }
}

%newobject GaugeShadow::reading;
%newobject GaugeShadow::status;
%newobject GaugeShadow::time_to_threshold;

/** A gauge (myk10_gauge): reading buffer, spike filter, alert state. One thread at a time. */
%rename(Gauge) GaugeShadow;
typedef struct {} GaugeShadow;
%extend GaugeShadow {
    GaugeShadow(const char *id, GaugeConfig *CONFIG, myk10_status *STATUS) {
        myk10_gauge *gauge = NULL;
        myk10_gauge_config config = *CONFIG;
        config.id = id;
        *STATUS = myk10_gauge_create(&gauge, &config);
        return *STATUS == MYK10_OK ? gauge : NULL;
    }
    ~GaugeShadow() {
        myk10_gauge_destroy($self);
    }
    const char *id() { return myk10_gauge_id($self); }
    /** Adds a reading; returns the outcome (READING_*). */
    int add(long long time, double level_m, long long now, myk10_status *STATUS) {
        myk10_reading_outcome outcome = MYK10_READING_ACCEPTED;
        *STATUS = myk10_gauge_add($self, &outcome, (int64_t)time, level_m, (int64_t)now);
        return (int)outcome;
    }
    size_t count() { return myk10_gauge_count($self); }
    GaugeReading *reading(size_t index, myk10_status *STATUS) {
        GaugeReading *out = (GaugeReading *)myk10_bind_new(sizeof *out, STATUS);
        if (out)
            *STATUS = myk10_gauge_reading(out, $self, index);
        if (*STATUS != MYK10_OK) {
            free(out);
            return NULL;
        }
        return out;
    }
    /** The gaps as packed native int64 pairs (start, end). */
    myk10_bind_bytes gaps_packed(myk10_status *STATUS) {
        myk10_bind_bytes result;
        myk10_gauge_gap *gaps = NULL;
        int64_t *flat = NULL;
        size_t count = 0, i;
        memset(&result, 0, sizeof result);
        *STATUS = myk10_gauge_gaps(NULL, 0, &count, $self);
        if (*STATUS == MYK10_EBUFSIZE)
            *STATUS = MYK10_OK;
        if (*STATUS != MYK10_OK || count == 0)
            return result;
        gaps = (myk10_gauge_gap *)malloc(count * sizeof *gaps);
        flat = (int64_t *)malloc(count * 2 * sizeof *flat);
        if (!gaps || !flat)
            *STATUS = MYK10_ENOMEM;
        else
            *STATUS = myk10_gauge_gaps(gaps, count, &count, $self);
        if (*STATUS == MYK10_OK) {
            for (i = 0; i < count; i++) {
                flat[2 * i] = gaps[i].start;
                flat[2 * i + 1] = gaps[i].end;
            }
            result = myk10_bind_bytes_of((const uint8_t *)flat, count * 2 * sizeof *flat,
                                         STATUS);
        }
        free(gaps);
        free(flat);
        return result;
    }
    GaugeStatus *status(long long now, myk10_status *STATUS) {
        GaugeStatus *out = (GaugeStatus *)myk10_bind_new(sizeof *out, STATUS);
        if (out)
            *STATUS = myk10_gauge_get_status(out, $self, (int64_t)now);
        if (*STATUS != MYK10_OK) {
            free(out);
            return NULL;
        }
        return out;
    }
    GaugeForecast *time_to_threshold(long long now, long long horizon_s,
                                     myk10_status *STATUS) {
        GaugeForecast *out = (GaugeForecast *)myk10_bind_new(sizeof *out, STATUS);
        if (out)
            *STATUS = myk10_gauge_time_to_threshold(out, $self, (int64_t)now,
                                                    (int64_t)horizon_s);
        if (*STATUS != MYK10_OK) {
            free(out);
            return NULL;
        }
        return out;
    }
}

/* ---- readings parsers -------------------------------------------------------------------- */

%newobject myk10_bind_readings_parse;

/** Parsed readings (myk10_reading_record array). */
%rename(ReadingList) ReadingListShadow;
typedef struct {} ReadingListShadow;
%extend ReadingListShadow {
    ~ReadingListShadow() {
        myk10_free($self->items);
        free($self);
    }
    size_t count() { return $self->count; }
    const char *gauge(size_t i, myk10_status *STATUS) {
        if (i >= $self->count) { myk10_clear_error(); *STATUS = MYK10_ERANGE; return ""; }
        return $self->items[i].gauge;
    }
    long long time(size_t i, myk10_status *STATUS) {
        if (i >= $self->count) { myk10_clear_error(); *STATUS = MYK10_ERANGE; return 0; }
        return (long long)$self->items[i].time;
    }
    double level_m(size_t i, myk10_status *STATUS) {
        if (i >= $self->count) { myk10_clear_error(); *STATUS = MYK10_ERANGE; return 0; }
        return $self->items[i].level_m;
    }
    size_t line(size_t i, myk10_status *STATUS) {
        if (i >= $self->count) { myk10_clear_error(); *STATUS = MYK10_ERANGE; return 0; }
        return $self->items[i].line;
    }
}

%{
static ReadingListShadow *myk10_bind_readings_parse(const char *text, int format,
                                                    myk10_status *status)
{
    ReadingListShadow *list = (ReadingListShadow *)myk10_bind_new(sizeof *list, status);
    if (!list)
        return NULL;
    *status = myk10_readings_parse_array(&list->items, &list->count, text, strlen(text),
                                         (myk10_readings_format)format);
    if (*status != MYK10_OK) {
        free(list);
        return NULL;
    }
    return list;
}
%}

/** Parses CSV or JSON-lines readings (READINGS_CSV, READINGS_JSONL). */
ReadingListShadow *myk10_bind_readings_parse(const char *text, int format,
                                             myk10_status *STATUS);

/* ---- forecast and warnings ---------------------------------------------------------------- */

%{
#include <limits.h>
#include <stddef.h>

typedef myk10_flood_forecast_config FloodForecastConfig;
typedef struct myk10_flood_forecaster FloodForecasterShadow;
/* A village forecast whose strings are copies owned by the record (the
 * forecaster's own strings change at its next run). */
typedef myk10_flood_village_forecast FloodVillageForecast;
typedef myk10_cap_class CapClass;
typedef myk10_cap_forecast CapForecastRecord;
typedef myk10_flood_run_stats FloodRunStats;

static void myk10_bind_village_free(FloodVillageForecast *v)
{
    if (!v)
        return;
    free((char *)v->node_id);
    free((char *)v->driving_gauge);
    free((char *)v->path);
    free(v);
}

/* Copies village `index` of the last run, strings included. */
static FloodVillageForecast *myk10_bind_village_copy(const myk10_flood_forecaster *f,
                                                     size_t index, myk10_status *status)
{
    myk10_flood_village_forecast v;
    FloodVillageForecast *copy;
    *status = myk10_flood_forecaster_village(&v, f, index);
    if (*status != MYK10_OK)
        return NULL;
    copy = (FloodVillageForecast *)myk10_bind_new(sizeof *copy, status);
    if (!copy)
        return NULL;
    *copy = v;
    copy->node_id = myk10_bind_strdup(v.node_id);
    copy->driving_gauge = v.driving_gauge ? myk10_bind_strdup(v.driving_gauge) : NULL;
    copy->path = myk10_bind_strdup(v.path ? v.path : "");
    if (!copy->node_id || !copy->path || (v.driving_gauge && !copy->driving_gauge)) {
        myk10_bind_village_free(copy);
        *status = MYK10_ENOMEM;
        return NULL;
    }
    return copy;
}

/* Entry k (1-based) of a per-level array, TIME_NONE outside 1..count. */
static long long myk10_bind_time_at(const int64_t *times, size_t count, int k)
{
    return k >= 1 && (size_t)k <= count ? (long long)times[k - 1] : (long long)MYK10_TIME_NONE;
}

/*
 * A CAP warning being assembled by the host, field by field by name (the
 * hosts' field names are C's). The strings myk10_cap_warning points to
 * are copies owned here, so nothing the host holds must outlive a call.
 */
#define MYK10_BIND_CAP_TEXT(field) { #field, offsetof(myk10_cap_warning, field) }
static const struct {
    const char *name;
    size_t offset;
} myk10_bind_cap_texts[] = {
    MYK10_BIND_CAP_TEXT(identifier), MYK10_BIND_CAP_TEXT(sender),
    MYK10_BIND_CAP_TEXT(references), MYK10_BIND_CAP_TEXT(language),
    MYK10_BIND_CAP_TEXT(event), MYK10_BIND_CAP_TEXT(sender_name),
    MYK10_BIND_CAP_TEXT(headline), MYK10_BIND_CAP_TEXT(description),
    MYK10_BIND_CAP_TEXT(instruction), MYK10_BIND_CAP_TEXT(web),
    MYK10_BIND_CAP_TEXT(contact), MYK10_BIND_CAP_TEXT(area_desc),
    MYK10_BIND_CAP_TEXT(village_id), MYK10_BIND_CAP_TEXT(geocode_name),
};
#define MYK10_BIND_CAP_TEXTS (sizeof myk10_bind_cap_texts / sizeof myk10_bind_cap_texts[0])

typedef struct CapWriterShadow {
    myk10_cap_warning warning;
    char *texts[MYK10_BIND_CAP_TEXTS];
    myk10_cap_point *polygon;
} CapWriterShadow;

static void myk10_bind_cap_writer_free(CapWriterShadow *w)
{
    size_t i;
    if (!w)
        return;
    for (i = 0; i < MYK10_BIND_CAP_TEXTS; i++)
        free(w->texts[i]);
    free(w->polygon);
    free(w);
}

/* Times (int64) and int fields by name; ERANGE for an int field given a
 * value beyond int. C's own validation rejects enumeration values it
 * does not know. */
static myk10_status myk10_bind_cap_set_number(myk10_cap_warning *w, const char *name,
                                              long long value)
{
#define MYK10_BIND_IS(field) (strcmp(name, #field) == 0)
    if (MYK10_BIND_IS(sent))
        w->sent = value;
    else if (MYK10_BIND_IS(onset))
        w->onset = value;
    else if (MYK10_BIND_IS(expires))
        w->expires = value;
    else if (value < INT_MIN || value > INT_MAX) {
        myk10_clear_error();
        return MYK10_ERANGE;
    } else if (MYK10_BIND_IS(utc_offset_min))
        w->utc_offset_min = (int)value;
    else if (MYK10_BIND_IS(status))
        w->status = (myk10_cap_status)value;
    else if (MYK10_BIND_IS(msg_type))
        w->msg_type = (myk10_cap_msg_type)value;
    else if (MYK10_BIND_IS(severity))
        w->cls.severity = (myk10_cap_severity)value;
    else if (MYK10_BIND_IS(urgency))
        w->cls.urgency = (myk10_cap_urgency)value;
    else if (MYK10_BIND_IS(certainty))
        w->cls.certainty = (myk10_cap_certainty)value;
    else if (MYK10_BIND_IS(level))
        w->level = (int)value;
    else if (MYK10_BIND_IS(level_count))
        w->level_count = (int)value;
    else {
        myk10_clear_error();
        return MYK10_ENOTFOUND;
    }
#undef MYK10_BIND_IS
    return MYK10_OK;
}
%}

MYK10_SELF_CHECK(FloodForecastConfig)
MYK10_SELF_CHECK(FloodForecasterShadow)
MYK10_SELF_CHECK(FloodVillageForecast)
MYK10_SELF_CHECK(CapClass)
MYK10_SELF_CHECK(CapWriterShadow)

/* A closed gauge or curve must not reach attach as NULL: that would detach. */
%typemap(check) GaugeShadow *GAUGE, RatingCurveShadow *RATING {
    if (!$1) {
        myk10_clear_error();
        MYK10_CHECK_FAIL(MYK10_EINVAL);
    }
}

%constant int FLOOD_INFLOW_PERSIST = MYK10_FLOOD_INFLOW_PERSIST;
%constant int FLOOD_INFLOW_TREND = MYK10_FLOOD_INFLOW_TREND;
%constant int FLOOD_ENSEMBLE = MYK10_FLOOD_ENSEMBLE;
%constant int CAP_ACTUAL = MYK10_CAP_ACTUAL;
%constant int CAP_EXERCISE = MYK10_CAP_EXERCISE;
%constant int CAP_SYSTEM = MYK10_CAP_SYSTEM;
%constant int CAP_TEST = MYK10_CAP_TEST;
%constant int CAP_DRAFT = MYK10_CAP_DRAFT;
%constant int CAP_ALERT = MYK10_CAP_ALERT;
%constant int CAP_UPDATE = MYK10_CAP_UPDATE;
%constant int CAP_CANCEL = MYK10_CAP_CANCEL;
%constant int CAP_EXTREME = MYK10_CAP_EXTREME;
%constant int CAP_SEVERE = MYK10_CAP_SEVERE;
%constant int CAP_MODERATE = MYK10_CAP_MODERATE;
%constant int CAP_MINOR = MYK10_CAP_MINOR;
%constant int CAP_SEVERITY_UNKNOWN = MYK10_CAP_SEVERITY_UNKNOWN;
%constant int CAP_IMMEDIATE = MYK10_CAP_IMMEDIATE;
%constant int CAP_EXPECTED = MYK10_CAP_EXPECTED;
%constant int CAP_FUTURE = MYK10_CAP_FUTURE;
%constant int CAP_PAST = MYK10_CAP_PAST;
%constant int CAP_URGENCY_UNKNOWN = MYK10_CAP_URGENCY_UNKNOWN;
%constant int CAP_OBSERVED = MYK10_CAP_OBSERVED;
%constant int CAP_LIKELY = MYK10_CAP_LIKELY;
%constant int CAP_POSSIBLE = MYK10_CAP_POSSIBLE;
%constant int CAP_UNLIKELY = MYK10_CAP_UNLIKELY;
%constant int CAP_CERTAINTY_UNKNOWN = MYK10_CAP_CERTAINTY_UNKNOWN;

%extend FloodNetworkShadow {
    /** Sets the discharge thresholds (packed doubles, m3/s) of a village node; empty clears them. */
    void set_village_levels(const char *node_id, const uint8_t *BYTES, size_t BYTES_LEN,
                            myk10_status *STATUS) {
        size_t n = 0;
        double *levels = myk10_bind_doubles_in(BYTES, BYTES_LEN, &n, STATUS);
        if (*STATUS == MYK10_OK)
            *STATUS = myk10_flood_network_set_village_levels($self, node_id, levels, n);
        free(levels);
    }
    /** The thresholds of node `index` as packed doubles (empty when none are set). */
    myk10_bind_bytes village_levels_packed(size_t index, myk10_status *STATUS) {
        double levels[MYK10_ALERT_MAX_LEVELS];
        size_t n = 0;
        *STATUS = myk10_flood_network_village_levels(levels, &n, $self, index);
        return myk10_bind_doubles_out(levels, *STATUS == MYK10_OK ? n : 0, STATUS);
    }
}

/** Forecast settings (myk10_flood_forecast_config); the constructor applies the defaults. */
typedef struct {
    double dt_s;
    long long horizon_s;
    long long warmup_s;
    double k_spread;
    int inflow;
} FloodForecastConfig;
%extend FloodForecastConfig {
    FloodForecastConfig(myk10_status *STATUS) {
        FloodForecastConfig *config = (FloodForecastConfig *)myk10_bind_new(sizeof *config,
                                                                            STATUS);
        if (config)
            myk10_flood_forecast_config_init(config);
        return config;
    }
    ~FloodForecastConfig() {
        free($self);
    }
}

%nodefaultctor FloodVillageForecast;
%nodefaultctor CapClass;

/** One village's forecast (a copy of myk10_flood_village_forecast); per-level times by method. */
%immutable;
typedef struct {
    size_t node_index;
    const char *node_id;
    size_t level_count;
    double current_m3s;
    double peak_m3s;
    long long peak_time;
    int current_level;
    int max_level;
    bool stale;
    bool routed_only;
    const char *driving_gauge;
    const char *path;
} FloodVillageForecast;

/** CAP severity, urgency, certainty (CAP_* values). */
typedef struct {
    int severity;
    int urgency;
    int certainty;
} CapClass;

/** What the last forecaster run did (myk10_flood_run_stats). */
typedef struct {
    bool full;
    size_t gauges_refreshed;
    size_t gauges_changed;
    size_t reaches_routed;
    size_t reaches_varying;
    size_t villages_observed;
} FloodRunStats;

/** The input of cap_classify for one village (myk10_cap_forecast). */
typedef struct {
    int level;
    int level_count;
    bool reached;
    long long warning_p10_s;
    long long warning_p50_s;
    long long warning_p90_s;
    long long horizon_s;
} CapForecastRecord;
%mutable;
%nodefaultctor FloodRunStats;
%nodefaultctor CapForecastRecord;
%extend FloodRunStats {
    ~FloodRunStats() {
        free($self);
    }
}
%extend CapForecastRecord {
    ~CapForecastRecord() {
        free($self);
    }
}

%extend FloodVillageForecast {
    ~FloodVillageForecast() {
        myk10_bind_village_free($self);
    }
    /** When level k (1-based) is first reached, or TIME_NONE. */
    long long level_time(int k) {
        return myk10_bind_time_at($self->level_time, MYK10_ALERT_MAX_LEVELS, k);
    }
    /** level_time(k) minus the run's `now`, or TIME_NONE. */
    long long warning_s(int k) {
        return myk10_bind_time_at($self->warning_s, MYK10_ALERT_MAX_LEVELS, k);
    }
    /** level_time(k) minus the first raise upstream, or TIME_NONE. */
    long long lead_won_s(int k) {
        return myk10_bind_time_at($self->lead_won_s, MYK10_ALERT_MAX_LEVELS, k);
    }
    /** Arrival of max_level: quantile 1 (10 %), 2 (50 %) or 3 (90 %), or TIME_NONE. */
    long long band(int q) {
        return myk10_bind_time_at($self->band, 3, q);
    }
}

%extend CapClass {
    ~CapClass() {
        free($self);
    }
}

%newobject FloodForecasterShadow::village;

/** A forecaster (myk10_flood_forecaster). Gauges and curves attached are borrowed. */
%rename(FloodForecaster) FloodForecasterShadow;
typedef struct {} FloodForecasterShadow;
%extend FloodForecasterShadow {
    /** `config` may be NULL (Java null) for the defaults. */
    FloodForecasterShadow(FloodNetworkShadow *NETWORK, FloodForecastConfig *config,
                          myk10_status *STATUS) {
        myk10_flood_forecaster *f = NULL;
        *STATUS = myk10_flood_forecaster_create(&f, NETWORK, config);
        return *STATUS == MYK10_OK ? f : NULL;
    }
    ~FloodForecasterShadow() {
        myk10_flood_forecaster_destroy($self);
    }
    /** Attaches a gauge and its curve to a gauge node; the caller keeps both alive. */
    void attach(const char *node_id, GaugeShadow *GAUGE, RatingCurveShadow *RATING,
                myk10_status *STATUS) {
        *STATUS = myk10_flood_forecaster_attach_gauge($self, node_id, GAUGE, RATING);
    }
    void detach(const char *node_id, myk10_status *STATUS) {
        *STATUS = myk10_flood_forecaster_attach_gauge($self, node_id, NULL, NULL);
    }
    void run(long long now, myk10_status *STATUS) {
        *STATUS = myk10_flood_forecaster_run($self, (int64_t)now);
    }
    size_t village_count() { return myk10_flood_forecaster_village_count($self); }
    /** What the last successful run did (ESTATE before one). */
    %newobject run_stats;
    FloodRunStats *run_stats(myk10_status *STATUS) {
        FloodRunStats *out = (FloodRunStats *)myk10_bind_new(sizeof *out, STATUS);
        if (out && (*STATUS = myk10_flood_forecaster_run_stats(out, $self)) != MYK10_OK) {
            free(out);
            out = NULL;
        }
        return out;
    }
    /** A copy of village `index` of the last successful run (ESTATE before one). */
    FloodVillageForecast *village(size_t index, myk10_status *STATUS) {
        return myk10_bind_village_copy($self, index, STATUS);
    }
}

%apply int { myk10_cap_severity, myk10_cap_urgency, myk10_cap_certainty };
/** CAP text of a severity (CAP_EXTREME ...), e.g. "Severe". */
const char *myk10_cap_severity_str(myk10_cap_severity severity);
/** CAP text of an urgency (CAP_IMMEDIATE ...), e.g. "Immediate". */
const char *myk10_cap_urgency_str(myk10_cap_urgency urgency);
/** CAP text of a certainty (CAP_OBSERVED ...), e.g. "Likely". */
const char *myk10_cap_certainty_str(myk10_cap_certainty certainty);

%newobject myk10_bind_cap_classify;
%{
static CapClass *myk10_bind_cap_classify(int level, int level_count, bool reached,
                                         long long warning_p10_s, long long warning_p50_s,
                                         long long warning_p90_s, long long horizon_s,
                                         myk10_status *status)
{
    myk10_cap_forecast f;
    CapClass *out = (CapClass *)myk10_bind_new(sizeof *out, status);
    if (!out)
        return NULL;
    f.level = level;
    f.level_count = level_count;
    f.reached = reached;
    f.warning_p10_s = warning_p10_s;
    f.warning_p50_s = warning_p50_s;
    f.warning_p90_s = warning_p90_s;
    f.horizon_s = horizon_s;
    *status = myk10_cap_classify(out, &f);
    if (*status != MYK10_OK) {
        free(out);
        return NULL;
    }
    return out;
}
%}
/** Severity, urgency and certainty of level k of n with its warning-time band (myk10_cap_classify). */
CapClass *myk10_bind_cap_classify(int level, int level_count, bool reached,
                                  long long warning_p10_s, long long warning_p50_s,
                                  long long warning_p90_s, long long horizon_s,
                                  myk10_status *STATUS);

%newobject myk10_bind_cap_forecast_of_village;
%{
/* myk10_cap_forecast_of_village() on the fields of a village forecast the
 * binding has already turned into its own objects; time arguments take
 * TIME_NONE for "none", as the C struct does. */
static CapForecastRecord *myk10_bind_cap_forecast_of_village(
    const char *node_id, int max_level, int level_count, int current_level,
    long long warning_s, long long band_early, long long band_late, long long issued,
    long long horizon_s, myk10_status *status)
{
    myk10_flood_village_forecast v;
    CapForecastRecord *out;
    memset(&v, 0, sizeof v);
    v.node_id = node_id;
    v.max_level = max_level;
    v.level_count = level_count > 0 ? (size_t)level_count : 0;
    v.current_level = current_level;
    if (max_level >= 1 && max_level <= MYK10_ALERT_MAX_LEVELS)
        v.warning_s[max_level - 1] = warning_s;
    v.band[0] = band_early;
    v.band[1] = MYK10_TIME_NONE;
    v.band[2] = band_late;
    out = (CapForecastRecord *)myk10_bind_new(sizeof *out, status);
    if (out && (*status = myk10_cap_forecast_of_village(out, &v, issued, horizon_s)) != MYK10_OK) {
        free(out);
        out = NULL;
    }
    return out;
}
%}
/** The CAP input for the highest level a village expects (myk10_cap_forecast_of_village). */
CapForecastRecord *myk10_bind_cap_forecast_of_village(
    const char *node_id, int max_level, int level_count, int current_level,
    long long warning_s, long long band_early, long long band_late, long long issued,
    long long horizon_s, myk10_status *STATUS);

/** A CAP warning assembled field by field, then written (myk10_cap_write). */
%rename(CapWriter) CapWriterShadow;
typedef struct {} CapWriterShadow;
%extend CapWriterShadow {
    /** The defaults of myk10_cap_warning_init(). */
    CapWriterShadow(myk10_status *STATUS) {
        CapWriterShadow *w = (CapWriterShadow *)myk10_bind_new(sizeof *w, STATUS);
        if (w)
            myk10_cap_warning_init(&w->warning);
        return w;
    }
    ~CapWriterShadow() {
        myk10_bind_cap_writer_free($self);
    }
    /** Sets a text field by its C name (identifier, sender, ...); NULL or "" omits it. */
    void set_text(const char *name, const char *value, myk10_status *STATUS) {
        size_t i;
        char *copy = NULL;
        for (i = 0; i < MYK10_BIND_CAP_TEXTS && strcmp(name, myk10_bind_cap_texts[i].name); i++)
            ;
        if (i == MYK10_BIND_CAP_TEXTS) {
            myk10_clear_error();
            *STATUS = MYK10_ENOTFOUND;
            return;
        }
        if (value && !(copy = myk10_bind_strdup(value))) {
            *STATUS = MYK10_ENOMEM;
            return;
        }
        free($self->texts[i]);
        $self->texts[i] = copy;
        *(const char **)((char *)&$self->warning + myk10_bind_cap_texts[i].offset) = copy;
    }
    /** Sets a time (sent, onset, expires; TIME_NONE omits) or an int field by its C name. */
    void set_number(const char *name, long long value, myk10_status *STATUS) {
        *STATUS = myk10_bind_cap_set_number(&$self->warning, name, value);
    }
    void set_circle(double lat, double lon, double radius_km) {
        $self->warning.has_circle = true;
        $self->warning.circle_center.lat = lat;
        $self->warning.circle_center.lon = lon;
        $self->warning.circle_radius_km = radius_km;
    }
    /** The polygon as packed doubles lat0, lon0, lat1, lon1, ... */
    void set_polygon(const uint8_t *BYTES, size_t BYTES_LEN, myk10_status *STATUS) {
        size_t n = 0, i;
        double *v = myk10_bind_doubles_in(BYTES, BYTES_LEN, &n, STATUS);
        myk10_cap_point *points = NULL;
        if (*STATUS == MYK10_OK && n % 2 != 0) {
            myk10_clear_error();
            *STATUS = MYK10_EINVAL;
        }
        if (*STATUS == MYK10_OK && n > 0
            && !(points = (myk10_cap_point *)malloc(n / 2 * sizeof *points)))
            *STATUS = MYK10_ENOMEM;
        if (*STATUS == MYK10_OK) {
            for (i = 0; i < n / 2; i++) {
                points[i].lat = v[2 * i];
                points[i].lon = v[2 * i + 1];
            }
            free($self->polygon);
            $self->polygon = points;
            $self->warning.polygon = points;
            $self->warning.polygon_count = n / 2;
        }
        free(v);
    }
    /** The CAP 1.2 document as UTF-8 bytes (validated first). */
    myk10_bind_bytes write(myk10_status *STATUS) {
        char *xml = NULL;
        size_t size = 0;
        *STATUS = myk10_cap_write(&xml, &size, &$self->warning);
        return myk10_bind_owned_text(xml, size, STATUS);
    }
}
