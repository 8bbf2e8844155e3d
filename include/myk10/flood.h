/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file flood.h
 * @brief libmyk10 flood module: river networks and flood routing
 *        (lag, Muskingum, Muskingum–Cunge).
 *
 * A ::myk10_flood_network is a forest of rivers: nodes (gauges,
 * confluences, villages, outlets) joined by reaches that each drain one node
 * into the next one downstream. It is built with myk10_flood_network_add_node()
 * and myk10_flood_network_add_reach(), or loaded from the JSON format of
 * docs/flood-network.md or from GeoJSON (RFC 7946).
 *
 * A ::myk10_flood_router is prepared once from a valid network and a time
 * step Δt: it turns every reach into one or more internal segments that all
 * follow the same linear recurrence `O' = a·I' + b·I + c·O`, numbered so
 * that upstream segments come first and each segment's downstream neighbour
 * is close in memory (post-order from the outlets, as in RAPID/mizuRoute).
 * Routing a step is then one pass over flat arrays without allocation.
 *
 * Units (SI throughout): lengths in metres, times in seconds, discharge in
 * m³/s, slope in m/m, Manning's n in s/m^(1/3), positions WGS84 degrees.
 *
 * Stability (Muskingum and Muskingum–Cunge): the recurrence is free of
 * negative coefficients only for `2KX ≤ Δt ≤ 2K(1−X)`. In the default
 * ::MYK10_FLOOD_ADAPT mode a reach whose Δt is too large is sub-stepped in
 * time (with inflow interpolated linearly inside the step; the sub-steps are
 * folded into the reach's three coefficients, so they cost nothing per
 * step), and a reach whose Δt is too small is split into N identical
 * sub-reaches of K/N each, as HEC-HMS does. With every coefficient
 * non-negative and every input non-negative no flow can become negative, so
 * ADAPT never clamps. ::MYK10_FLOOD_PLAIN applies the textbook coefficients
 * as they are (C0 < 0 allowed) and reports, per reach, every step whose
 * outflow came out negative instead of hiding it. myk10_flood_router_report()
 * says what was done to each reach.
 *
 * Errors name the offending node or reach id (myk10_last_error()).
 *
 * Threads: a network is read-only once built and may be shared by any
 * number of routers and threads; adding to it needs exclusive access.
 * A router holds state and must be used by one thread at a time.
 */
#ifndef MYK10_FLOOD_H
#define MYK10_FLOOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <myk10/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A river network (opaque). */
typedef struct myk10_flood_network myk10_flood_network;

/** A prepared router with its state (opaque). */
typedef struct myk10_flood_router myk10_flood_router;

/** What a node is. Only the kind ::MYK10_FLOOD_OUTLET may end a river. */
typedef enum myk10_flood_node_kind {
    MYK10_FLOOD_GAUGE = 0,      /**< a river gauge (id = its device id) */
    MYK10_FLOOD_CONFLUENCE = 1, /**< where rivers join */
    MYK10_FLOOD_VILLAGE = 2,    /**< a place to be warned */
    MYK10_FLOOD_OUTLET = 3      /**< the end of a river (mouth into a larger one) */
} myk10_flood_node_kind;

/** How a reach turns its inflow hydrograph into its outflow hydrograph. */
typedef enum myk10_flood_method {
    MYK10_FLOOD_LAG = 0,              /**< pure translation by `lag_s` */
    MYK10_FLOOD_MUSKINGUM = 1,        /**< Muskingum with `k_s`, `x` */
    MYK10_FLOOD_MUSKINGUM_CUNGE = 2   /**< Muskingum–Cunge from channel geometry */
} myk10_flood_method;

/** A node as given to myk10_flood_network_add_node() and read back. */
typedef struct myk10_flood_node {
    const char *id;             /**< unique, non-empty, at most 255 bytes */
    const char *name;           /**< display name; NULL or "" means the id */
    myk10_flood_node_kind kind; /**< what the node is */
    double lat;                 /**< WGS84 latitude, degrees */
    double lon;                 /**< WGS84 longitude, degrees */
    double baseflow_m3s;        /**< steady local inflow at this node, m³/s, >= 0 */
} myk10_flood_node;

/**
 * A reach as given to myk10_flood_network_add_reach() and read back.
 * Only the parameters of its method are read; the others are ignored.
 */
typedef struct myk10_flood_reach {
    const char *id;             /**< unique among reaches, non-empty, at most 255 bytes */
    const char *from;           /**< upstream node id */
    const char *to;             /**< downstream node id */
    double length_m;            /**< channel length, > 0 (every method) */
    myk10_flood_method method;  /**< routing method */
    double lag_s;               /**< LAG: travel time, >= 0 */
    double k_s;                 /**< MUSKINGUM: storage constant K, > 0 */
    double x;                   /**< MUSKINGUM: weighting factor X in [0, 0.5] */
    double slope;               /**< MUSKINGUM_CUNGE: bed slope S0 (m/m), in (0, 1] */
    double manning_n;           /**< MUSKINGUM_CUNGE: Manning's n, in (0, 1] */
    double width_m;             /**< MUSKINGUM_CUNGE: bottom width of the rectangular section, > 0 */
    double reference_m3s;       /**< MUSKINGUM_CUNGE: reference discharge for c and X, > 0 */
    double lateral_m3s;         /**< constant lateral inflow, >= 0, enters at the upstream end */
} myk10_flood_reach;

/** @name Network
 *  @{ */

/**
 * Creates an empty network.
 * @param out receives the network; release with myk10_flood_network_destroy().
 * @return MYK10_OK; MYK10_EINVAL if out is NULL; MYK10_ENOMEM.
 * Threads: re-entrant.
 */
MYK10_API myk10_status myk10_flood_network_create(myk10_flood_network **out);

/** Releases a network and everything it owns. Accepts NULL. Routers made
 *  from it do not refer to it and stay usable. */
MYK10_API void myk10_flood_network_destroy(myk10_flood_network *network);

/**
 * Adds a node. The strings are copied.
 * @return MYK10_OK; MYK10_EINVAL for NULL or an empty/too long id or an
 *         unknown kind; MYK10_ERANGE for an invalid position or a negative,
 *         NaN or infinite baseflow; MYK10_EEXISTS if the id is taken;
 *         MYK10_ENOMEM. On failure the network is unchanged.
 * Threads: needs exclusive access to the network.
 */
MYK10_API myk10_status myk10_flood_network_add_node(myk10_flood_network *network,
                                                    const myk10_flood_node *node);

/**
 * Adds a reach from `reach->from` down to `reach->to`. Checks everything that
 * concerns the reach alone; whole-network properties (cycles, outlets) are
 * checked by myk10_flood_network_validate().
 * @return MYK10_OK; MYK10_EINVAL for NULL, an empty/too long id, an unknown
 *         method, a reach from a node to itself, or a second reach leaving
 *         the same node (a node drains through one reach only);
 *         MYK10_ENOTFOUND for an unknown node id; MYK10_EEXISTS if the reach
 *         id is taken; MYK10_ERANGE for a parameter out of range, NaN or
 *         infinite (length <= 0, K <= 0, X outside [0, 0.5], n <= 0, ...);
 *         MYK10_ENOMEM. The message names the reach and the field.
 *         On failure the network is unchanged.
 * Threads: needs exclusive access to the network.
 */
MYK10_API myk10_status myk10_flood_network_add_reach(myk10_flood_network *network,
                                                     const myk10_flood_reach *reach);

/**
 * Checks the network as a whole: at least one reach; every node is connected
 * to a reach; no cycles; every node without a downstream reach is an outlet
 * and no outlet has one. A network may hold several rivers (one tree per
 * outlet); each river must end in exactly one outlet, which the rules above
 * guarantee.
 * @return MYK10_OK; MYK10_EINVAL naming the first offending node or reach id
 *         (in the order they were added).
 * Threads: read-only; may run concurrently with other readers.
 */
MYK10_API myk10_status myk10_flood_network_validate(const myk10_flood_network *network);

/** Number of nodes (0 for NULL). */
MYK10_API size_t myk10_flood_network_node_count(const myk10_flood_network *network);

/** Number of reaches (0 for NULL). */
MYK10_API size_t myk10_flood_network_reach_count(const myk10_flood_network *network);

/**
 * Reads node `index` (in the order added, 0-based). The strings in `*out`
 * belong to the network and live as long as it does.
 * @return MYK10_OK; MYK10_EINVAL for NULL; MYK10_ERANGE for a bad index.
 */
MYK10_API myk10_status myk10_flood_network_node(myk10_flood_node *out,
                                                const myk10_flood_network *network,
                                                size_t index);

/**
 * Reads reach `index` (in the order added). Strings as for
 * myk10_flood_network_node().
 * @return MYK10_OK; MYK10_EINVAL for NULL; MYK10_ERANGE for a bad index.
 */
MYK10_API myk10_status myk10_flood_network_reach(myk10_flood_reach *out,
                                                 const myk10_flood_network *network,
                                                 size_t index);

/**
 * Finds a node by id.
 * @param out_index receives its index.
 * @return MYK10_OK; MYK10_EINVAL for NULL; MYK10_ENOTFOUND naming the id.
 */
MYK10_API myk10_status myk10_flood_network_find_node(size_t *out_index,
                                                     const myk10_flood_network *network,
                                                     const char *id);

/** Finds a reach by id; as myk10_flood_network_find_node(). */
MYK10_API myk10_status myk10_flood_network_find_reach(size_t *out_index,
                                                      const myk10_flood_network *network,
                                                      const char *id);

/**
 * Sets the free-text description saved with the network (copied; NULL clears).
 * @return MYK10_OK; MYK10_EINVAL if network is NULL; MYK10_ENOMEM.
 */
MYK10_API myk10_status myk10_flood_network_set_description(myk10_flood_network *network,
                                                           const char *description);

/** The description, or "" if none. Owned by the network. */
MYK10_API const char *myk10_flood_network_description(const myk10_flood_network *network);

/** @} */

/** @name JSON and GeoJSON
 *  Formats documented in docs/flood-network.md. Loaders check every field
 *  (types, ranges, ids, a `units` member other than "SI") and then validate
 *  the network as myk10_flood_network_validate() does.
 *  @{ */

/**
 * Loads a network from the JSON format (`"format": "myk10-flood-network"`).
 * @param out  receives a new network (release with myk10_flood_network_destroy()).
 * @param text the document; need not be NUL-terminated.
 * @param size its length in bytes.
 * @return MYK10_OK; MYK10_EINVAL for NULL; MYK10_EMALFORMED for invalid JSON
 *         (line, column and byte offset in the message and
 *         myk10_last_error_offset()), a missing or mistyped member or an
 *         unknown member; MYK10_EUNSUPPORTED for another format, version or
 *         units; otherwise the statuses of add_node, add_reach and validate.
 * Threads: re-entrant.
 */
MYK10_API myk10_status myk10_flood_network_load_json(myk10_flood_network **out,
                                                     const char *text, size_t size);

/**
 * Loads a network from a GeoJSON FeatureCollection: Point features are nodes,
 * LineString features are reaches; the feature `id` is the node or reach id
 * and the `properties` carry the other fields. Unknown properties are
 * ignored (GIS tools add their own). Same statuses as
 * myk10_flood_network_load_json().
 */
MYK10_API myk10_status myk10_flood_network_load_geojson(myk10_flood_network **out,
                                                        const char *text, size_t size);

/**
 * Writes the network as JSON (indented, numbers with 17 significant digits,
 * so that loading it gives back the same doubles).
 * @param out_text receives a NUL-terminated string; release with myk10_free().
 * @param out_size optional; receives its length without the NUL.
 * @return MYK10_OK; MYK10_EINVAL for NULL; MYK10_ENOMEM.
 * Threads: read-only on the network.
 */
MYK10_API myk10_status myk10_flood_network_to_json(char **out_text, size_t *out_size,
                                                   const myk10_flood_network *network);

/** Writes the network as GeoJSON; reaches become two-point LineStrings from
 *  the upstream to the downstream node. As myk10_flood_network_to_json(). */
MYK10_API myk10_status myk10_flood_network_to_geojson(char **out_text, size_t *out_size,
                                                      const myk10_flood_network *network);

/** @} */

/** @name Single-reach Muskingum
 *  For textbook work and checks; the router does the same internally.
 *  @{ */

/**
 * Muskingum coefficients for K, X and Δt:
 * `C0 = (Δt − 2KX)/D`, `C1 = (Δt + 2KX)/D`, `C2 = (2K(1−X) − Δt)/D`,
 * `D = 2K(1−X) + Δt`. They sum to 1; C0 or C2 is negative when Δt lies
 * outside `[2KX, 2K(1−X)]`.
 * @param out_c receives C0, C1, C2.
 * @return MYK10_OK; MYK10_EINVAL if out_c is NULL; MYK10_ERANGE for K <= 0,
 *         X outside [0, 0.5], Δt <= 0 or a non-finite value.
 */
MYK10_API myk10_status myk10_flood_muskingum_coefficients(double out_c[3], double k_s,
                                                          double x, double dt_s);

/**
 * Applies the plain recurrence `O[j] = C0·I[j] + C1·I[j−1] + C2·O[j−1]`
 * with `O[0] = initial_outflow`, exactly as written (no clamping: a result
 * may be negative when a coefficient is).
 * @param out_outflow receives n values (may not alias inflow).
 * @param inflow      n inflow values I[0..n−1].
 * @param c           C0, C1, C2 (for example rounded as a textbook prints them).
 * @return MYK10_OK; MYK10_EINVAL for NULL pointers with n > 0.
 */
MYK10_API myk10_status myk10_flood_muskingum_apply(double *out_outflow, const double *inflow,
                                                   size_t n, const double c[3],
                                                   double initial_outflow);

/**
 * Muskingum–Cunge K and X of a reach (constant-parameter form, at the
 * reference discharge Q): normal depth y of the rectangular section from
 * Manning, `Q = (1/n)·B·y·R^(2/3)·S^(1/2)` with `R = By/(B+2y)`; velocity
 * `v = Q/(By)`; kinematic celerity `c = (5/3)·v`; `K = Δx/c`;
 * `X = ½·(1 − Q/(B·S·c·Δx))` (Cunge 1969), clamped to [0, 0.5].
 * @param out_k_s     receives K in seconds.
 * @param out_x       receives X.
 * @param out_clamped optional; receives true when X was below 0 and set to 0.
 * @return MYK10_OK; MYK10_EINVAL for NULL outputs; MYK10_ERANGE for a
 *         parameter out of range (as in ::myk10_flood_reach).
 */
MYK10_API myk10_status myk10_flood_cunge_parameters(double *out_k_s, double *out_x,
                                                    bool *out_clamped, double length_m,
                                                    double slope, double manning_n,
                                                    double width_m, double reference_m3s);

/** @} */

/** @name Router
 *  @{ */

/** How the router treats a Δt outside a reach's stable range. */
typedef enum myk10_flood_mode {
    MYK10_FLOOD_ADAPT = 0, /**< sub-step or split reaches so that no coefficient is negative */
    MYK10_FLOOD_PLAIN = 1  /**< apply the coefficients as they are; report negative flows */
} myk10_flood_mode;

/** What the router did with one reach. */
typedef struct myk10_flood_reach_report {
    myk10_flood_method method; /**< the reach's method */
    double k_s;                /**< K of the whole reach (derived for Muskingum–Cunge; lag for LAG) */
    double x;                  /**< X of the whole reach (0 for LAG) */
    bool x_clamped;            /**< Muskingum–Cunge X came out negative and was set to 0 */
    bool in_range;             /**< 2KX <= Δt <= 2K(1−X) held for the reach as given */
    unsigned subreaches;       /**< identical sub-reaches in series (1 = not split) */
    unsigned substeps;         /**< time sub-steps per Δt in each sub-reach (1 = none) */
    double c0, c1, c2;         /**< coefficients of one sub-reach for one sub-step */
    size_t delay_steps;        /**< LAG: whole steps of delay */
    double delay_fraction;     /**< LAG: remaining fraction of a step, interpolated linearly */
    uint64_t negative_steps;   /**< PLAIN: steps whose outflow was negative (left as computed) */
    double min_outflow_m3s;    /**< PLAIN: smallest outflow since the last reset; NaN in ADAPT,
                                    where no outflow can be negative */
} myk10_flood_reach_report;

/**
 * Prepares a router for `network` and time step `dt_s`, in the steady state:
 * every node carries the sum of the baseflows and lateral inflows upstream of
 * it (including its own baseflow). The router copies what it needs; the
 * network may be destroyed afterwards.
 *
 * LAG reaches delay exactly by whole steps and interpolate linearly between
 * the two neighbouring inflow samples for the remaining fraction of a step:
 * `O(t) = (1−f)·I(t − mΔt) + f·I(t − (m+1)Δt)` with `lag = (m+f)·Δt`.
 *
 * @param out     receives the router; release with myk10_flood_router_destroy().
 * @param network a network; it is validated first.
 * @param dt_s    time step in seconds, > 0 and finite.
 * @param mode    ::MYK10_FLOOD_ADAPT or ::MYK10_FLOOD_PLAIN.
 * @return MYK10_OK; MYK10_EINVAL for NULL or an unknown mode, or what
 *         myk10_flood_network_validate() returns; MYK10_ERANGE for dt_s <= 0
 *         or a reach that would need more than 10⁶ internal segments (a lag
 *         or K enormous against Δt), naming the reach; MYK10_ENOMEM.
 * Threads: reads the network only.
 */
MYK10_API myk10_status myk10_flood_router_create(myk10_flood_router **out,
                                                 const myk10_flood_network *network,
                                                 double dt_s, myk10_flood_mode mode);

/** Releases a router. Accepts NULL. */
MYK10_API void myk10_flood_router_destroy(myk10_flood_router *router);

/** Returns the router to its initial steady state and clears the reports'
 *  counters. Accepts NULL (does nothing). */
MYK10_API void myk10_flood_router_reset(myk10_flood_router *router);

/**
 * Sets the state of a reach as if its inflow had been `inflow_m3s` and its
 * outflow `outflow_m3s` at the last step (for example a textbook's initial
 * condition `I0 = 93, O0 = 85`). Internal sub-reaches and delay steps start
 * at the outflow, except the first one, whose inflow is `inflow_m3s`.
 * The node flows are not changed.
 * @return MYK10_OK; MYK10_EINVAL for NULL; MYK10_ERANGE for a bad index or a
 *         negative or non-finite flow.
 */
MYK10_API myk10_status myk10_flood_router_set_reach_state(myk10_flood_router *router,
                                                          size_t reach_index,
                                                          double inflow_m3s,
                                                          double outflow_m3s);

/**
 * Routes `steps` time steps from the current state.
 *
 * Step j (0-based) ends at Δt·(j+1) after the current state. At every node
 * the flow is the sum of the outflows of the reaches that end there, plus the
 * node's local inflow: `local[n][j]` if `local` and `local[n]` are non-NULL
 * (it replaces the node's baseflow; this is how headwater hydrographs come
 * in), otherwise the node's baseflow. A reach's inflow is the flow at its
 * upstream node plus its lateral inflow.
 *
 * @param router    the router; its state advances by `steps` steps.
 * @param local     NULL, or an array of node_count pointers indexed like the
 *                  network's nodes, each NULL or `steps` local inflows (m³/s,
 *                  finite, >= 0).
 * @param node_flow NULL, or an array of node_count pointers, each NULL or a
 *                  caller array receiving the node's flow at each of the
 *                  `steps` steps.
 * @param steps     number of steps (0 does nothing).
 * @return MYK10_OK; MYK10_EINVAL if router is NULL; MYK10_ERANGE naming the
 *         node and step of a negative or non-finite local inflow (checked
 *         before anything is routed: on failure the state is unchanged).
 * Performance: no allocation; one pass over flat arrays per step.
 */
MYK10_API myk10_status myk10_flood_router_route(myk10_flood_router *router,
                                                const double *const *local,
                                                double *const *node_flow, size_t steps);

/**
 * Flow at a node in the current state (after the last routed step).
 * @return MYK10_OK; MYK10_EINVAL for NULL; MYK10_ERANGE for a bad index.
 */
MYK10_API myk10_status myk10_flood_router_node_flow(double *out_m3s,
                                                    const myk10_flood_router *router,
                                                    size_t node_index);

/**
 * Water stored in all reaches in the current state, m³: for Muskingum
 * `S = K·[X·I + (1−X)·O]` per (sub-)reach, and the equivalent linear storage
 * `S = p·I + q·O` of the other internal segments (for a one-step delay,
 * `Δt·(I + O)/2`), so that over any run
 * `Σ inflow volume = Σ outflow volume + ΔS` with trapezoidal volumes.
 * @return MYK10_OK; MYK10_EINVAL for NULL.
 */
MYK10_API myk10_status myk10_flood_router_storage(double *out_m3,
                                                  const myk10_flood_router *router);

/**
 * What was done with reach `reach_index` (indexed like the network's reaches).
 * @return MYK10_OK; MYK10_EINVAL for NULL; MYK10_ERANGE for a bad index.
 */
MYK10_API myk10_status myk10_flood_router_report(myk10_flood_reach_report *out,
                                                 const myk10_flood_router *router,
                                                 size_t reach_index);

/** Number of internal segments (sub-reaches and delay steps included). */
MYK10_API size_t myk10_flood_router_segment_count(const myk10_flood_router *router);

/** The time step in seconds (0 for NULL). */
MYK10_API double myk10_flood_router_dt(const myk10_flood_router *router);

/** @} */

/* ====================================================================== */
/**
 * Gauges: rating curves, alert levels (Meldestufen) with hysteresis, a
 * reading buffer that copes with late, out-of-order, duplicated and spiky
 * data, rate-of-rise alarm, time to threshold, and the CSV / JSON-lines
 * readings parsers.
 *
 * Conventions are those of common.h: every fallible function returns a
 * ::myk10_status with results in out-parameters (first in the list), the
 * detail goes to myk10_last_error(), out-parameters stay untouched on
 * failure unless stated. Levels are metres above gauge zero, discharge m³/s,
 * times seconds since the epoch (UTC).
 *
 * Threads: every function is re-entrant. Rating curves are immutable after
 * creation and may be shared between threads. A ::myk10_gauge must not be
 * used from two threads at once without the caller's own locking; even the
 * query functions update internal caches, so they count as writers.
 */

/* ------------------------------------------------------------------ */
/** @name Rating curves
 *  Stage–discharge relation `Q = a·(h − h0)^b`, piecewise by stage range.
 *  @{ */

/**
 * One piece of a rating curve, valid for `stage_min <= h < stage_max`
 * (the last piece also includes its `stage_max`). `stage_max` may be
 * `INFINITY` on the last piece to extrapolate without bound.
 */
typedef struct myk10_rating_segment {
    double stage_min; /**< lower end of the stage range, m */
    double stage_max; /**< upper end of the stage range, m */
    double a;         /**< coefficient, > 0 */
    double h0;        /**< stage of zero flow, m; must be <= stage_min */
    double b;         /**< exponent, > 0 */
} myk10_rating_segment;

/** A validated, immutable rating curve (opaque). */
typedef struct myk10_rating myk10_rating;

/**
 * Creates a rating curve from `count` segments (copied).
 *
 * Segments must be given in increasing stage order and must tile their
 * range: each `stage_min` equals the previous `stage_max` (a smaller one
 * overlaps, a larger one leaves stages without a discharge). The discharge
 * may jump at a boundary (curves fitted per range often do) but only
 * upwards, so the curve as a whole is strictly increasing and invertible.
 *
 * @param out      receives the new curve; release with myk10_rating_destroy().
 * @param segments `count` segments.
 * @return MYK10_OK; MYK10_EINVAL for NULL pointers or count 0;
 *         MYK10_ERANGE naming the segment (0-based) for a value that is not
 *         finite, a <= 0, b <= 0, h0 > stage_min or stage_min >= stage_max;
 *         MYK10_ECONFLICT naming the segments for unordered, overlapping or
 *         non-adjacent ranges and for a downward jump (not monotone);
 *         MYK10_ENOMEM.
 */
MYK10_API myk10_status myk10_rating_create(myk10_rating **out,
                                           const myk10_rating_segment *segments,
                                           size_t count);

/** Releases a rating curve. Accepts NULL. */
MYK10_API void myk10_rating_destroy(myk10_rating *rating);

/**
 * Discharge at stage `stage`.
 * @param out_q receives Q in m³/s.
 * @return MYK10_OK; MYK10_EINVAL for NULL or a non-finite stage;
 *         MYK10_ERANGE when the stage lies outside the curve's range.
 */
MYK10_API myk10_status myk10_rating_discharge(double *out_q, const myk10_rating *rating,
                                              double stage);

/**
 * Stage at which the discharge first reaches `discharge` (the inverse of
 * myk10_rating_discharge()). A discharge that falls into an upward jump at a
 * segment boundary maps to that boundary's stage.
 * @param out_stage receives h in m.
 * @return MYK10_OK; MYK10_EINVAL for NULL or a non-finite discharge;
 *         MYK10_ERANGE when the discharge lies outside the curve's range.
 */
MYK10_API myk10_status myk10_rating_stage(double *out_stage, const myk10_rating *rating,
                                          double discharge);

/** Number of segments of a curve (0 for NULL). */
MYK10_API size_t myk10_rating_segment_count(const myk10_rating *rating);

/** @} */

/* ------------------------------------------------------------------ */
/** @name Alert levels with hysteresis
 *
 * Levels 1..count have strictly increasing thresholds (m above gauge zero).
 * Level k is raised as soon as the water level reaches threshold k (several
 * levels may be raised at once) and lowered only after the level falls
 * below threshold k minus the hysteresis; level 0 means "no alert".
 *
 * The default is four levels, like the Meldestufen 1–4 of Bavaria and
 * Baden-Württemberg. Rhineland-Palatinate maps onto the same mechanism:
 * its gauges carry one Meldehöhe (the level from which the flood reporting
 * service reports), configured as a single level (count = 1), or together
 * with the warning classes of the Hochwassermeldedienst as further levels
 * above it (count = 1 + number of classes). Only the thresholds differ, and
 * they are per gauge anyway.
 * @{ */

/** Largest number of alert levels per gauge. */
#define MYK10_ALERT_MAX_LEVELS 8

/** Alert-level configuration of one gauge (a small value). */
typedef struct myk10_alert_config {
    size_t count;                              /**< levels in use, 1..::MYK10_ALERT_MAX_LEVELS */
    double thresholds[MYK10_ALERT_MAX_LEVELS]; /**< threshold of level k at [k-1], strictly increasing */
    double hysteresis_m;                       /**< >= 0, finite */
} myk10_alert_config;

/**
 * Fills `config` with four levels at the given thresholds (Meldestufen 1–4)
 * and the given hysteresis. Does not validate: use myk10_alert_config_check().
 */
MYK10_API void myk10_alert_config_init4(myk10_alert_config *config, double t1, double t2,
                                        double t3, double t4, double hysteresis_m);

/**
 * Validates a configuration.
 * @return MYK10_OK; MYK10_EINVAL for NULL; MYK10_ERANGE for a count outside
 *         1..::MYK10_ALERT_MAX_LEVELS, a non-finite threshold or a negative or
 *         non-finite hysteresis (naming it); MYK10_ECONFLICT naming the first
 *         level whose threshold is not above the one below it.
 */
MYK10_API myk10_status myk10_alert_config_check(const myk10_alert_config *config);

/**
 * State of one gauge's alert state machine (a small value, caller-owned).
 * An *episode* starts when level 1 is raised and ends when the level
 * returns to 0; `raised_at[k-1]` is the time level k was first raised in
 * the current episode (the "lead time won" counts from `raised_at[0]`), or
 * ::MYK10_TIME_NONE. Entries for levels above the current one keep their
 * time until the episode ends.
 */
typedef struct myk10_alert_state {
    int level;                                /**< current level, 0 = none */
    int64_t raised_at[MYK10_ALERT_MAX_LEVELS]; /**< first raise per level in this episode */
    int64_t last_time;                        /**< time of the last level fed, or MYK10_TIME_NONE */
} myk10_alert_state;

/** "No time": a time field that has no value. */
#define MYK10_TIME_NONE INT64_MIN

/** Resets `state` to level 0 with no history. */
MYK10_API void myk10_alert_state_init(myk10_alert_state *state);

/**
 * Feeds one water level observed at `time` into the state machine.
 * Levels must be fed in time order; use a ::myk10_gauge to get ordering,
 * de-duplication and spike filtering for free.
 * @param out_changed optional; receives whether the level changed.
 * @return MYK10_OK; MYK10_EINVAL for NULL pointers or a non-finite level;
 *         MYK10_ESTATE when `time` is before the last time fed (state unchanged).
 *         The configuration is assumed valid (myk10_alert_config_check()).
 */
MYK10_API myk10_status myk10_alert_update(myk10_alert_state *state, bool *out_changed,
                                          const myk10_alert_config *config, int64_t time,
                                          double level_m);

/** @} */

/* ------------------------------------------------------------------ */
/** @name Gauges: reading buffer, spikes, gaps, staleness, rise
 * @{ */

/** Longest gauge id in bytes, excluding the terminating NUL. */
#define MYK10_GAUGE_ID_MAX 63

/**
 * Configuration of a gauge. Start from myk10_gauge_config_init() and
 * change what differs; every field is copied at creation.
 */
typedef struct myk10_gauge_config {
    const char *id;                 /**< 1..::MYK10_GAUGE_ID_MAX bytes */
    size_t capacity;                /**< readings held (ring buffer); default 2880, min 16 */
    int64_t reporting_interval_s;   /**< nominal interval between readings; default 900 */
    double gap_factor;              /**< a gap is a step > interval × this; default 2.5 */
    double stale_factor;            /**< stale when silent > interval × this; default 3 */
    int64_t max_future_s;           /**< readings later than now + this are rejected; default 300 */
    double floor_m;                 /**< lowest plausible level (m, may be < 0); default -1 */
    /** Hampel spike filter: a reading is a spike if it lies further than
     *  `hampel_k` robust standard deviations (1.4826·MAD, at least
     *  `hampel_min_sigma_m`) from the median of the 2·half+1 readings
     *  around it. Defaults 3, 3.0, 0.02 m. */
    size_t hampel_half_window;
    double hampel_k;                /**< see hampel_half_window */
    double hampel_min_sigma_m;      /**< see hampel_half_window */
    int64_t rise_window_s;          /**< rate-of-rise window; default 3600 */
    double rise_alarm_cm_per_h;     /**< rate-of-rise alarm at or above this; default 10 */
    int64_t fit_window_s;           /**< time-to-threshold fit window; default 10800 */
    size_t fit_min_points;          /**< fewest readings for a fit; default 6, min 3 */
    double fit_coverage;            /**< central coverage of the interval; default 0.8 */
    myk10_alert_config alerts;      /**< default: four levels 1, 2, 3, 4 m, hysteresis 0.05 m */
} myk10_gauge_config;

/** Largest ::myk10_gauge_config::hampel_half_window accepted. */
#define MYK10_GAUGE_HAMPEL_MAX_HALF 15

/** Most readings a fit (rise, time to threshold) uses; more are thinned evenly. */
#define MYK10_GAUGE_FIT_MAX_POINTS 64

/** Fills `config` with the defaults listed at each field (id NULL). */
MYK10_API void myk10_gauge_config_init(myk10_gauge_config *config);

/** A gauge: configuration, reading buffer and alert state (opaque). */
typedef struct myk10_gauge myk10_gauge;

/**
 * Creates a gauge. All memory is allocated here: adding readings never
 * allocates.
 * @param out receives the gauge; release with myk10_gauge_destroy().
 * @return MYK10_OK; MYK10_EINVAL for NULL pointers or an empty id;
 *         MYK10_ERANGE naming the field for a value out of range (id too
 *         long, capacity < 16, interval <= 0, factors < 1, window too wide,
 *         coverage outside (0, 1), ...); the statuses of
 *         myk10_alert_config_check(); MYK10_ENOMEM.
 */
MYK10_API myk10_status myk10_gauge_create(myk10_gauge **out, const myk10_gauge_config *config);

/** Releases a gauge. Accepts NULL. */
MYK10_API void myk10_gauge_destroy(myk10_gauge *gauge);

/** The gauge's id (owned by the gauge). */
MYK10_API const char *myk10_gauge_id(const myk10_gauge *gauge);

/** What happened to a reading that myk10_gauge_add() took. */
typedef enum myk10_reading_outcome {
    MYK10_READING_ACCEPTED = 0,  /**< stored, passes the spike filter */
    MYK10_READING_DUPLICATE = 1, /**< same time and level as a stored reading: ignored */
    MYK10_READING_REPLACED = 2,  /**< same time, other level: replaced the stored one */
    MYK10_READING_SPIKE = 3      /**< stored but currently judged a spike */
} myk10_reading_outcome;

/**
 * Adds a reading. Readings may come in any order; they are kept ordered by
 * time. A reading for a time already held replaces the stored one when its
 * level differs (the later-received value wins, because corrections, e.g.
 * validated values from the state's data service, arrive after the raw
 * telemetry) and is ignored when it is identical. When the buffer is full
 * the oldest reading is dropped (its effect on the alert state is kept).
 *
 * Spike verdicts are provisional: each reading is judged with the readings
 * around it, and readings near a new one are judged again. A genuine jump
 * (the flood wave arriving) therefore counts as a spike only until a few
 * readings confirm the new level.
 *
 * @param out_outcome optional; what happened to the reading.
 * @param now         the current time, for the future check.
 * @return MYK10_OK; MYK10_EINVAL for NULL gauge or a NaN/infinite level;
 *         MYK10_ERANGE for a level below the configured floor, a time
 *         outside years 0000-9999, a time more than max_future_s after
 *         `now`, or a time before the oldest held reading of a full buffer.
 *         Rejected readings change nothing.
 */
MYK10_API myk10_status myk10_gauge_add(myk10_gauge *gauge, myk10_reading_outcome *out_outcome,
                                       int64_t time, double level_m, int64_t now);

/** One stored reading. */
typedef struct myk10_reading {
    int64_t time;   /**< seconds since the epoch */
    double level_m; /**< m above gauge zero */
    bool spike;     /**< judged a spike (ignored by everything downstream) */
} myk10_reading;

/** Number of readings held, spikes included. */
MYK10_API size_t myk10_gauge_count(const myk10_gauge *gauge);

/**
 * The `index`-th held reading in time order (0 = oldest).
 * @return MYK10_OK; MYK10_EINVAL for NULL; MYK10_ERANGE if index >= count.
 */
MYK10_API myk10_status myk10_gauge_reading(myk10_reading *out, myk10_gauge *gauge, size_t index);

/** A stretch without accepted readings longer than interval × gap_factor. */
typedef struct myk10_gauge_gap {
    int64_t start; /**< time of the last accepted reading before the gap */
    int64_t end;   /**< time of the first accepted reading after it */
} myk10_gauge_gap;

/**
 * Lists the gaps between held accepted readings, oldest first.
 * Size query: with `cap` too small (or `out` NULL) `*out_count` receives
 * the number of gaps and MYK10_EBUFSIZE is returned (MYK10_OK if 0 gaps).
 * @return MYK10_OK; MYK10_EINVAL for NULL gauge/out_count; MYK10_EBUFSIZE.
 */
MYK10_API myk10_status myk10_gauge_gaps(myk10_gauge_gap *out, size_t cap, size_t *out_count,
                                        myk10_gauge *gauge);

/** Condition of a gauge at a given time. */
typedef struct myk10_gauge_status {
    size_t readings;          /**< held readings, spikes included */
    size_t spikes;            /**< held readings judged spikes */
    int64_t last_time;        /**< newest accepted reading, or MYK10_TIME_NONE */
    double last_level_m;      /**< its level (NaN if none) */
    bool stale;               /**< no accepted reading within interval × stale_factor before now */
    myk10_alert_state alert;  /**< alert state after the newest accepted reading */
    double rise_cm_per_h;     /**< Theil–Sen rate over the rise window (NaN if < 2 readings) */
    bool rise_alarm;          /**< rise_cm_per_h >= rise_alarm_cm_per_h */
} myk10_gauge_status;

/**
 * Reports the gauge's condition at `now`: staleness, alert level and the
 * time each level was first raised, and the rate of rise (the Theil–Sen
 * slope of the accepted readings in the rise window ending at the newest
 * one, which a single outlier cannot move; independent of alert levels).
 *
 * The alert state is replayed from the ordered, spike-filtered readings,
 * so readings that arrive late or out of order lead to the same state as
 * if they had arrived in time (as long as none fell out of the buffer).
 * @return MYK10_OK; MYK10_EINVAL for NULL.
 */
MYK10_API myk10_status myk10_gauge_get_status(myk10_gauge_status *out, myk10_gauge *gauge,
                                              int64_t now);

/** @} */

/* ------------------------------------------------------------------ */
/** @name Time to threshold
 * @{ */

/** Verdict of myk10_gauge_time_to_threshold(). */
typedef enum myk10_crossing {
    MYK10_CROSSING_EXPECTED = 0,     /**< the trend reaches the threshold within the horizon */
    MYK10_CROSSING_POSSIBLE = 1,     /**< only the interval's early end lies within the horizon */
    MYK10_CROSSING_NOT_EXPECTED = 2, /**< not within the horizon, even at the interval's early end */
    MYK10_CROSSING_TOP_LEVEL = 3     /**< already at the highest level: nothing to cross */
} myk10_crossing;

/**
 * When the next alert level will be crossed.
 *
 * Fit: Theil–Sen line through the accepted readings of the fit window
 * (median of pairwise slopes; level at the mean time = median of the
 * detrended levels), which a spike that slipped through cannot tilt.
 * Interval: the line's pointwise band
 * `ŷ(t) ± sqrt(level_halfwidth² + ((t − pivot)·slope_halfwidth)²)`
 * inverted at the threshold (Fieller's construction), where
 * slope_halfwidth is half Sen's distribution-free rank interval of the slope
 * at fit_coverage and level_halfwidth = t_q·1.2533·1.4826·MAD/√n from the
 * residuals' MAD (floored at 1 mm), t_q the Student t quantile at
 * fit_coverage with degrees of freedom 0.37·(n − 2) (at least 3), because
 * the MAD has about 37 % of the standard deviation's efficiency. The
 * interval is for the moment the underlying trend crosses the threshold.
 */
typedef struct myk10_gauge_forecast {
    myk10_crossing crossing;  /**< the verdict */
    int level;                /**< the level to be crossed (current + 1); 0 with TOP_LEVEL */
    double threshold_m;       /**< its threshold (NaN with TOP_LEVEL) */
    int64_t time;             /**< central estimate (EXPECTED), else MYK10_TIME_NONE */
    int64_t time_early;       /**< early end of the interval, or MYK10_TIME_NONE */
    int64_t time_late;        /**< late end, or MYK10_TIME_NONE when unbounded/none */
    double slope_m_per_h;     /**< Theil–Sen slope */
    double slope_lo_m_per_h;  /**< Sen's interval for the slope at fit_coverage */
    double slope_hi_m_per_h;  /**< see slope_lo_m_per_h */
    int64_t pivot_time;       /**< mean time of the fitted readings */
    double pivot_level_m;     /**< fitted level at pivot_time */
    double level_halfwidth_m; /**< band half-width at pivot_time */
    double slope_halfwidth_m_per_h; /**< (slope_hi − slope_lo) / 2 */
    size_t points;            /**< readings used */
    bool stale;               /**< the gauge was stale at `now` */
} myk10_gauge_forecast;

/**
 * Estimates when the next alert level (current level + 1) will be crossed,
 * looking `horizon_s` seconds past `now`. Interval ends are clamped to
 * `now` at the early side. When the fitted trend is at or above the
 * threshold at `now` already (the newest reading fell back, or the level
 * has not been raised yet), the crossing is EXPECTED at `now`. The central
 * estimate always lies within [time_early, time_late].
 * @return MYK10_OK; MYK10_EINVAL for NULL or horizon_s <= 0; MYK10_ERANGE
 *         when `now` lies outside years 0000-9999; MYK10_ESTATE when the fit window holds fewer than fit_min_points
 *         accepted readings (the message says how many).
 */
MYK10_API myk10_status myk10_gauge_time_to_threshold(myk10_gauge_forecast *out,
                                                     myk10_gauge *gauge, int64_t now,
                                                     int64_t horizon_s);

/** @} */

/* ------------------------------------------------------------------ */
/** @name Readings parsers
 *
 * CSV (RFC 4180: comma separated, optional double quotes with "" inside,
 * CRLF or LF, blank lines skipped) with a header naming the columns
 * `gauge_id`, `time` and `level_m` in any order (other columns ignored); or
 * JSON lines, one object per line: `{"gauge": "...", "time": "...",
 * "level_m": 1.23}` (other members ignored, blank lines skipped). Times are
 * RFC 3339 (myk10_time_parse(); fractions are truncated to the second).
 * Levels are plain decimal numbers; NaN and infinities cannot be written.
 * Errors name the line and the field and set myk10_last_error_offset() to
 * the byte offset of the offending field.
 * @{ */

/** One parsed reading. */
typedef struct myk10_reading_record {
    char gauge[MYK10_GAUGE_ID_MAX + 1]; /**< NUL-terminated gauge id */
    int64_t time;                       /**< seconds since the epoch */
    double level_m;                     /**< finite */
    size_t line;                        /**< 1-based line on which the record starts */
} myk10_reading_record;

/**
 * Receives each record; `record` is valid only during the call. Return
 * MYK10_OK to go on; anything else stops the parse, which then returns
 * MYK10_ECALLBACK with a message naming the line and the status returned.
 * Called on the parsing thread, in input order.
 */
typedef myk10_status (*myk10_readings_fn)(const myk10_reading_record *record, void *payload);

/** Input formats. */
typedef enum myk10_readings_format {
    MYK10_READINGS_CSV = 0,  /**< CSV with header */
    MYK10_READINGS_JSONL = 1 /**< JSON lines */
} myk10_readings_format;

/**
 * Parses `size` bytes of `text` (need not be NUL-terminated), calling `fn`
 * for every record in input order. Records before an error have been
 * delivered.
 * @return MYK10_OK; MYK10_EINVAL for NULL pointers (text may be NULL when
 *         size is 0) or an unknown format; MYK10_EMALFORMED for syntax
 *         errors, missing columns/members and wrong types; MYK10_ERANGE for
 *         an id longer than ::MYK10_GAUGE_ID_MAX, a time outside years
 *         0000–9999 or a level that overflows; MYK10_ECALLBACK.
 */
MYK10_API myk10_status myk10_readings_parse(const char *text, size_t size,
                                            myk10_readings_format format,
                                            myk10_readings_fn fn, void *payload);

/**
 * As myk10_readings_parse(), collecting the records into an array.
 * @param out       receives the array (NULL when empty); release with myk10_free().
 * @param out_count receives the number of records.
 * @return as myk10_readings_parse(), and MYK10_ENOMEM; nothing is returned on failure.
 */
MYK10_API myk10_status myk10_readings_parse_array(myk10_reading_record **out,
                                                  size_t *out_count, const char *text,
                                                  size_t size, myk10_readings_format format);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* MYK10_FLOOD_H */
