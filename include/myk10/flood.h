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

/* ------------------------------------------------------------------ */
/** @name Forecast and warnings
 *
 * A ::myk10_flood_forecaster turns the gauges of a network into warnings
 * for its villages. Each run routes the network from `now − warmup` to
 * `now + horizon` on a fixed step Δt. The grid is aligned to whole multiples
 * of Δt since the epoch: it starts at ⌊(now − warmup)/Δt⌋·Δt, so runs whose
 * `now` lie in the same step of Δt share it, and a `now` between two grid
 * points reads the flows there by linear interpolation.
 *
 * - **Substitution** (as RAPID does): at a gauge node whose attached
 *   ::myk10_gauge has a valid reading (at least one accepted reading, not
 *   stale at `now`) the flow leaving the node is the observed discharge
 *   (stage through the gauge's rating curve, linear in time between
 *   accepted readings, spikes ignored), replacing whatever was routed into
 *   it. Without a valid reading the routed value is used and every village
 *   below says so (::myk10_flood_village_forecast::routed_only).
 * - **Warm-up**: the run starts `warmup_s` before `now` from the steady
 *   state (baseflows and laterals, substituted gauges at their first
 *   value), so that waves already on their way between a gauge and a
 *   village are in the reaches at `now`.
 * - **Future inflow** at a substituted gauge after its newest reading:
 *   ::MYK10_FLOOD_INFLOW_PERSIST keeps the last observed discharge;
 *   ::MYK10_FLOOD_INFLOW_TREND extends the stage along the gauge's
 *   Theil–Sen rate of rise (myk10_gauge_get_status()) and converts it
 *   through the rating curve (held at the last value where the curve ends).
 * - **Routing** per reach as the router does (lag with linear fraction,
 *   Muskingum / Muskingum–Cunge with K and X of myk10_flood_router_report(),
 *   reaches split into identical sub-reaches when Δt < 2KX and sub-stepped
 *   with linearly interpolated inflow when Δt > 2K(1−X), so no coefficient
 *   is negative). Flows add at confluences; node baseflows and reach
 *   laterals are constant.
 * - **Village levels**: level k is reached when the discharge at the village
 *   is at or above its k-th threshold (myk10_flood_network_set_village_levels();
 *   no hysteresis: a forecast reports first arrival). The time level k is
 *   first reached is interpolated linearly between the two steps around the
 *   crossing, so it is exact for flows linear in time.
 * - **Uncertainty band**: a deterministic ensemble of
 *   ::MYK10_FLOOD_ENSEMBLE members re-routes the network with K (and the
 *   lag of lag reaches) of *every* reach scaled by 1 + s·spread for
 *   s = −1, −½, 0, ½, 1 (spread = ::myk10_flood_forecast_config::k_spread,
 *   default ±20 %, roughly the travel-time error of uncalibrated
 *   Muskingum–Cunge on small streams). The 10/50/90 % arrival times of the
 *   highest forecast level are the Hyndman–Fan type-7 quantiles of the
 *   members' arrival times (a member that does not reach the level within
 *   the horizon counts as infinitely late). The band covers travel-time
 *   error only, not the error of the future inflow.
 *
 * - **Incremental runs**: only nodes at or below a gauge node vary in time
 *   (the rest is steady and summed once at creation). The forecaster keeps
 *   the outflow series of those reaches (of each sub-reach, for Muskingum),
 *   and a run recomputes a gauge's inflow series only when its readings, its
 *   attachment, its staleness or the readings at or before `now` changed; it
 *   then re-routes just the reaches below gauges whose series changed, from
 *   the first step that changed (routing is causal, and the kept series are
 *   the state to resume from), stopping below a substituted gauge whose own
 *   series did not change, and re-reads the villages (all of them when `now`
 *   moved, those below a re-routed reach otherwise). A run whose grid starts
 *   at a new point (`now` moved into another step of Δt) or the first run
 *   routes everything. The results are bit for bit those of a fresh
 *   forecaster; myk10_flood_forecaster_run_stats() tells what a run did.
 *   Memory: (grid points) doubles per member for every lag reach and every
 *   Muskingum sub-reach at or below a gauge node.
 *
 * Gauges and rating curves are borrowed: they must outlive the forecaster
 * (or be detached). myk10_flood_forecaster_run() reads the gauges (which
 * counts as writing to them, see ::myk10_gauge) and allocates nothing.
 * @{ */

/** A forecaster (opaque). */
typedef struct myk10_flood_forecaster myk10_flood_forecaster;

/** Members of the travel-time ensemble behind the uncertainty band. */
#define MYK10_FLOOD_ENSEMBLE 5

/** Future inflow at a gauge after its newest reading. */
typedef enum myk10_flood_inflow {
    MYK10_FLOOD_INFLOW_PERSIST = 0, /**< the last observed discharge */
    MYK10_FLOOD_INFLOW_TREND = 1    /**< the stage along its Theil–Sen rate of rise */
} myk10_flood_inflow;

/** Forecast settings. Start from myk10_flood_forecast_config_init(). */
typedef struct myk10_flood_forecast_config {
    double dt_s;                /**< routing step, s; default 300; > 0, at most horizon_s */
    int64_t horizon_s;          /**< how far past `now`; default 21600 (6 h); 1 s .. 30 days */
    int64_t warmup_s;           /**< routed before `now` from observations; default 43200; 0 .. 30 days */
    double k_spread;            /**< ensemble K/lag scaling ± this fraction; default 0.2; [0, 0.9] */
    myk10_flood_inflow inflow;  /**< future inflow; default ::MYK10_FLOOD_INFLOW_PERSIST */
} myk10_flood_forecast_config;

/** Fills `config` with the defaults listed at each field. */
MYK10_API void myk10_flood_forecast_config_init(myk10_flood_forecast_config *config);

/**
 * Sets the alert thresholds of a village node as discharges: level k is
 * reached at `discharge_m3s[k-1]` m³/s. Thresholds are on discharge rather
 * than stage because villages rarely have a gauge of their own; a village
 * with a surveyed stage threshold converts it once with myk10_rating_discharge().
 * In the JSON format they are the node member `alert_m3s` (docs/flood-network.md).
 * @param node_id        a node of kind ::MYK10_FLOOD_VILLAGE.
 * @param discharge_m3s  `count` thresholds, finite, > 0, strictly increasing.
 * @param count          0 (clears them) .. ::MYK10_ALERT_MAX_LEVELS.
 * @return MYK10_OK; MYK10_EINVAL for NULL (discharge_m3s may be NULL when
 *         count is 0) or a node that is not a village; MYK10_ENOTFOUND for an
 *         unknown id; MYK10_ERANGE for a count above the maximum or a
 *         threshold that is not finite and positive; MYK10_ECONFLICT naming
 *         the first level not above the one below it. On failure nothing changes.
 * Threads: needs exclusive access to the network.
 */
MYK10_API myk10_status myk10_flood_network_set_village_levels(myk10_flood_network *network,
                                                              const char *node_id,
                                                              const double *discharge_m3s,
                                                              size_t count);

/**
 * Reads the alert thresholds of node `index`.
 * @param out_m3s   receives up to ::MYK10_ALERT_MAX_LEVELS thresholds.
 * @param out_count receives their number (0 when none are set).
 * @return MYK10_OK; MYK10_EINVAL for NULL; MYK10_ERANGE for a bad index.
 */
MYK10_API myk10_status myk10_flood_network_village_levels(double out_m3s[MYK10_ALERT_MAX_LEVELS],
                                                          size_t *out_count,
                                                          const myk10_flood_network *network,
                                                          size_t index);

/**
 * Creates a forecaster for `network` (validated first; the forecaster copies
 * what it needs, including the village thresholds, so the network may be
 * destroyed afterwards). Every array a run needs is allocated here.
 * @param config NULL for the defaults.
 * @return MYK10_OK; MYK10_EINVAL for NULL out/network or what
 *         myk10_flood_network_validate() returns; MYK10_ERANGE naming the
 *         field for a setting out of range or a reach needing more than
 *         10⁶ internal segments; MYK10_ENOMEM.
 */
MYK10_API myk10_status myk10_flood_forecaster_create(myk10_flood_forecaster **out,
                                                     const myk10_flood_network *network,
                                                     const myk10_flood_forecast_config *config);

/** Releases a forecaster (not the gauges or curves attached). Accepts NULL. */
MYK10_API void myk10_flood_forecaster_destroy(myk10_flood_forecaster *forecaster);

/**
 * Attaches a gauge and its rating curve to a gauge node (replacing any
 * earlier attachment; `gauge` NULL detaches). Both are borrowed.
 * @param node_id a node of kind ::MYK10_FLOOD_GAUGE.
 * @return MYK10_OK; MYK10_EINVAL for NULL forecaster/node_id, a gauge
 *         without a rating, or a node that is not a gauge;
 *         MYK10_ENOTFOUND naming an unknown node id.
 */
MYK10_API myk10_status myk10_flood_forecaster_attach_gauge(myk10_flood_forecaster *forecaster,
                                                           const char *node_id,
                                                           myk10_gauge *gauge,
                                                           const myk10_rating *rating);

/**
 * Runs the forecast for `now` (see the section text).
 * @return MYK10_OK; MYK10_EINVAL for NULL; MYK10_ERANGE when `now` minus the
 *         warm-up or plus the horizon leaves years 0000–9999. The results
 *         of a failed run are cleared (village count stays, every village
 *         reads "not run": myk10_flood_forecaster_village() returns MYK10_ESTATE).
 * Performance: no allocation; a full run costs (warm-up + horizon)/Δt
 * steps times ::MYK10_FLOOD_ENSEMBLE passes over the internal segments of
 * the reaches at or below a gauge node; an incremental run only those below
 * the gauges that changed.
 */
MYK10_API myk10_status myk10_flood_forecaster_run(myk10_flood_forecaster *forecaster,
                                                  int64_t now);

/** What the last run of a forecaster did (see "Incremental runs"). */
typedef struct myk10_flood_run_stats {
    bool full;                /**< routed everything: the first run, or a new grid */
    size_t gauges_refreshed;  /**< gauge series recomputed from their readings */
    size_t gauges_changed;    /**< of those, series (or validity) that changed; all on a full run */
    size_t reaches_routed;    /**< reaches re-routed, each for every member over the grid */
    size_t reaches_varying;   /**< reaches at or below a gauge node: what a full run routes */
    size_t villages_observed; /**< villages whose crossings were recomputed */
} myk10_flood_run_stats;

/**
 * Reads what the last successful run did.
 * @return MYK10_OK; MYK10_EINVAL for NULL; MYK10_ESTATE before the first
 *         successful run or after a failed one.
 */
MYK10_API myk10_status myk10_flood_forecaster_run_stats(myk10_flood_run_stats *out,
                                                        const myk10_flood_forecaster *forecaster);

/** Number of village nodes, in network order (0 for NULL). */
MYK10_API size_t myk10_flood_forecaster_village_count(const myk10_flood_forecaster *forecaster);

/** Forecast for one village. Times are seconds since the epoch. */
typedef struct myk10_flood_village_forecast {
    size_t node_index;       /**< index of the village node in the network */
    const char *node_id;     /**< its id (owned by the forecaster) */
    size_t level_count;      /**< thresholds configured (0: levels stay 0, flows are still given) */
    double current_m3s;      /**< discharge at `now` */
    double peak_m3s;         /**< highest discharge over the horizon (now included) */
    int64_t peak_time;       /**< its time */
    int current_level;       /**< level at `now` (0 = none) */
    int max_level;           /**< highest level reached within the horizon */
    /** First time level k is reached at or after `now` (index k−1):
     *  `now` if already reached, else interpolated between steps; or
     *  ::MYK10_TIME_NONE when not within the horizon. */
    int64_t level_time[MYK10_ALERT_MAX_LEVELS];
    /** level_time − now (::MYK10_TIME_NONE when not within the horizon). */
    int64_t warning_s[MYK10_ALERT_MAX_LEVELS];
    /** level_time minus the earliest `raised_at[0]` of the attached gauges
     *  upstream (their current alert episode); ::MYK10_TIME_NONE when
     *  unknown (no upstream gauge has raised a level, or not within the horizon). */
    int64_t lead_won_s[MYK10_ALERT_MAX_LEVELS];
    /** Arrival of max_level: 10 %, 50 %, 90 % of the ensemble;
     *  ::MYK10_TIME_NONE when max_level is 0 or the quantile lies beyond the horizon. */
    int64_t band[3];
    bool stale;              /**< an attached gauge upstream was stale at `now` */
    bool routed_only;        /**< a gauge node upstream had no valid reading: its routed value was used */
    const char *driving_gauge; /**< id of the upstream gauge node that drives the forecast, or NULL */
    const char *path;        /**< node ids from driving_gauge down to the village joined by " > ", or "" */
} myk10_flood_village_forecast;

/**
 * Reads the forecast of village `index` (0 .. village_count−1) from the
 * last successful run. Strings belong to the forecaster and stay valid
 * until the next run or its destruction.
 *
 * The driving gauge is the attached, valid upstream gauge with the highest
 * current alert level, then the earliest raise, then the largest discharge
 * at its newest reading (then the first in network order); without any, the
 * nearest gauge node upstream. A valid gauge hides the gauges above it.
 * @return MYK10_OK; MYK10_EINVAL for NULL; MYK10_ERANGE for a bad index;
 *         MYK10_ESTATE before the first successful run.
 */
MYK10_API myk10_status myk10_flood_forecaster_village(myk10_flood_village_forecast *out,
                                                      const myk10_flood_forecaster *forecaster,
                                                      size_t index);

/** @} */

/* ====================================================================== */
/**
 * CAP 1.2 (OASIS Common Alerting Protocol) output for village flood
 * warnings.
 *
 * German public warning systems (MoWaS, NINA, KATWARN, DWD) exchange CAP 1.2.
 * myk10_cap_write() turns one ::myk10_cap_warning (one village, one alert
 * level) into one `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">`
 * document with one `<info>` and one `<area>`, written with libxml2's
 * xmlwriter so that every text is escaped correctly.
 *
 * ## Severity, urgency and certainty
 *
 * myk10_cap_classify() derives the three mandatory CAP qualifiers from the
 * alert level k of n, the warning time and its uncertainty band:
 *
 * | input                                         | CAP value   |
 * |-----------------------------------------------|-------------|
 * | q = floor((k-1)·4/n) + 1 = 1                  | `Minor`     |
 * | q = 2                                         | `Moderate`  |
 * | q = 3                                         | `Severe`    |
 * | q = 4                                         | `Extreme`   |
 * | reached, or early warning time < 1 h          | `Immediate` |
 * | early warning time < 6 h                      | `Expected`  |
 * | early warning time ≥ 6 h                      | `Future`    |
 * | level already reached (observed)              | `Observed`  |
 * | median arrival within the horizon             | `Likely`    |
 * | only the early arrival within the horizon     | `Possible`  |
 * | not even the early arrival within the horizon | `Unlikely`  |
 *
 * Why:
 * - Severity: with the default four levels (Meldestufen 1–4) the level is
 *   the severity, 1 `Minor` … 4 `Extreme`, the reading of the Meldestufen
 *   used by the Länder (1: small overflow, 4: built-up areas flooded on a
 *   large scale). Other scales are cut into four equal parts by where each
 *   level starts, so n = 8 gives 1–2 Minor, 3–4 Moderate, 5–6 Severe,
 *   7–8 Extreme. A scale with fewer than four levels never reaches `Extreme`
 *   (n = 1, a Rhineland-Palatinate Meldehöhe alone, is `Minor`; n = 2 gives
 *   Minor, Severe): CAP keeps `Extreme` for an "extraordinary threat to life
 *   or property", which a coarse scale cannot single out. A caller that
 *   knows better fills the fields itself.
 * - Urgency uses the *early* bound of the warning time (the 10 % quantile),
 *   not the median, because responders must be ready for the earliest
 *   plausible arrival. CAP: `Immediate` = "responsive action SHOULD be taken
 *   immediately"; one hour is about what a volunteer fire brigade needs to
 *   alarm, gather and start evacuating. `Expected` = "within the next hour";
 *   we stretch it to six hours, the span of a flash-flood forecast on the
 *   small catchments this module serves, after which the forecast is
 *   `Future` ("in the near future").
 * - Certainty follows CAP's own probabilities: `Observed` = "determined to
 *   have occurred", `Likely` = p > ~50 %, `Possible` = p ≤ ~50 %,
 *   `Unlikely` = p ~ 0. If the median arrival lies within the forecast
 *   horizon, the level is reached within it with probability ≥ 50 %; if only
 *   the 10 % quantile does, with probability between 10 and 50 %.
 *
 * ## Times
 *
 * CAP 1.2 (§3.3.2) requires `YYYY-MM-DDThh:mm:ss` followed by an explicit
 * offset, forbids `Z`, and requires UTC to be written `-00:00`. Times are
 * therefore written in the local time given by
 * ::myk10_cap_warning::utc_offset_min (e.g. 60 for CET, 120 for CEST: the
 * caller knows which applies), or as UTC with `-00:00` when it is 0.
 */

/** `<status>` of a CAP alert (CAP 1.2 §3.2.1). */
typedef enum myk10_cap_status {
    MYK10_CAP_ACTUAL = 0,   /**< `Actual`: actionable by all targeted recipients */
    MYK10_CAP_EXERCISE = 1, /**< `Exercise`: only for designated exercise participants */
    MYK10_CAP_SYSTEM = 2,   /**< `System`: messages supporting network functions */
    MYK10_CAP_TEST = 3,     /**< `Test`: technical testing only, all recipients disregard */
    MYK10_CAP_DRAFT = 4     /**< `Draft`: a preliminary template or draft, not actionable */
} myk10_cap_status;

/** `<msgType>` of a CAP alert. `Ack` and `Error` are not produced here. */
typedef enum myk10_cap_msg_type {
    MYK10_CAP_ALERT = 0,  /**< `Alert`: initial information */
    MYK10_CAP_UPDATE = 1, /**< `Update`: supersedes the messages in `references` */
    MYK10_CAP_CANCEL = 2  /**< `Cancel`: cancels the messages in `references` */
} myk10_cap_msg_type;

/** `<severity>`, most severe first as in the CAP enumeration. */
typedef enum myk10_cap_severity {
    MYK10_CAP_EXTREME = 0,  /**< `Extreme`: extraordinary threat to life or property */
    MYK10_CAP_SEVERE = 1,   /**< `Severe`: significant threat to life or property */
    MYK10_CAP_MODERATE = 2, /**< `Moderate`: possible threat to life or property */
    MYK10_CAP_MINOR = 3,    /**< `Minor`: minimal to no known threat */
    MYK10_CAP_SEVERITY_UNKNOWN = 4 /**< `Unknown` */
} myk10_cap_severity;

/** `<urgency>`. */
typedef enum myk10_cap_urgency {
    MYK10_CAP_IMMEDIATE = 0, /**< `Immediate`: act immediately */
    MYK10_CAP_EXPECTED = 1,  /**< `Expected`: act soon (within the next hour) */
    MYK10_CAP_FUTURE = 2,    /**< `Future`: act in the near future */
    MYK10_CAP_PAST = 3,      /**< `Past`: no longer required */
    MYK10_CAP_URGENCY_UNKNOWN = 4 /**< `Unknown` */
} myk10_cap_urgency;

/** `<certainty>`. */
typedef enum myk10_cap_certainty {
    MYK10_CAP_OBSERVED = 0, /**< `Observed`: determined to have occurred or be ongoing */
    MYK10_CAP_LIKELY = 1,   /**< `Likely`: p > ~50 % */
    MYK10_CAP_POSSIBLE = 2, /**< `Possible`: p <= ~50 % */
    MYK10_CAP_UNLIKELY = 3, /**< `Unlikely`: p ~ 0 */
    MYK10_CAP_CERTAINTY_UNKNOWN = 4 /**< `Unknown` */
} myk10_cap_certainty;

/** The three mandatory qualifiers of a CAP `<info>` block. */
typedef struct myk10_cap_class {
    myk10_cap_severity severity;
    myk10_cap_urgency urgency;
    myk10_cap_certainty certainty;
} myk10_cap_class;

/**
 * What myk10_cap_classify() needs to know about one village forecast.
 * Warning times are seconds from the moment the warning is issued until the
 * level is reached (10 %, 50 % and 90 % quantiles of the arrival time); a
 * quantile beyond `horizon_s` means "not within the horizon" (INT64_MAX is
 * fine). They are ignored when `reached` is true.
 */
typedef struct myk10_cap_forecast {
    int level;              /**< alert level k, 1..level_count */
    int level_count;        /**< levels n on the scale, 1..8 (MYK10_ALERT_MAX_LEVELS) */
    bool reached;           /**< the level has already been reached at the village */
    int64_t warning_p10_s;  /**< early bound of the warning time, s */
    int64_t warning_p50_s;  /**< median warning time, s */
    int64_t warning_p90_s;  /**< late bound of the warning time, s */
    int64_t horizon_s;      /**< forecast horizon from issue time, s (> 0) */
} myk10_cap_forecast;

/**
 * Fills a ::myk10_cap_forecast for the highest level a village forecast
 * expects (`max_level`), as issued at `issued` (normally the run's `now`):
 * the median warning time is that level's warning time, the 10 % and 90 %
 * bounds come from the ensemble band (a bound the band leaves open is the
 * median, or the horizon for the late bound), all 0 when already reached.
 * @param forecast  from myk10_flood_forecaster_village().
 * @param horizon_s the forecaster's horizon (myk10_flood_forecast_config).
 * @return MYK10_OK; MYK10_EINVAL for NULL; MYK10_ERANGE when the village
 *         expects no level (max_level 0) or horizon_s is not positive.
 */
MYK10_API myk10_status myk10_cap_forecast_of_village(myk10_cap_forecast *out,
                                                     const myk10_flood_village_forecast *forecast,
                                                     int64_t issued, int64_t horizon_s);

/**
 * Maps a village forecast to CAP severity, urgency and certainty by the
 * table in this file's description.
 * @param out      receives the classification.
 * @param forecast level k of n and the warning-time band.
 * @return MYK10_OK; MYK10_EINVAL for NULL pointers; MYK10_ERANGE when the
 *         level count is outside 1..8, the level outside 1..count, the
 *         horizon is not positive, or (unless reached) a warning time is
 *         negative or the quantiles are not ordered p10 ≤ p50 ≤ p90.
 *         `out` is untouched on failure.
 */
MYK10_API myk10_status myk10_cap_classify(myk10_cap_class *out,
                                          const myk10_cap_forecast *forecast);

/** CAP text of a qualifier, e.g. "Severe"; "Unknown" for values out of range. */
MYK10_API const char *myk10_cap_severity_str(myk10_cap_severity severity);
/** CAP text of an urgency, e.g. "Immediate"; "Unknown" for values out of range. */
MYK10_API const char *myk10_cap_urgency_str(myk10_cap_urgency urgency);
/** CAP text of a certainty, e.g. "Likely"; "Unknown" for values out of range. */
MYK10_API const char *myk10_cap_certainty_str(myk10_cap_certainty certainty);

/** A WGS84 position in degrees. */
typedef struct myk10_cap_point {
    double lat; /**< latitude, -90..90 */
    double lon; /**< longitude, -180..180 */
} myk10_cap_point;

/**
 * One village warning, the input of myk10_cap_write(). All strings are
 * UTF-8 and NUL-terminated; the caller keeps ownership. Optional strings
 * are NULL or "" when absent. Initialise with myk10_cap_warning_init().
 */
typedef struct myk10_cap_warning {
    /* <alert> */
    const char *identifier;  /**< required; unique per sender; no spaces, commas, '<' or '&' */
    const char *sender;      /**< required; e.g. "hochwasser@kreis-myk.de"; same character rules */
    int64_t sent;            /**< required; issue time, s since the epoch (init: INT64_MIN = missing) */
    int utc_offset_min;      /**< offset of the written times from UTC in minutes, -840..840; 0 writes "-00:00" */
    myk10_cap_status status; /**< default ::MYK10_CAP_ACTUAL */
    myk10_cap_msg_type msg_type; /**< default ::MYK10_CAP_ALERT */
    /** Required for Update and Cancel, ignored for Alert: the messages
     *  superseded, as CAP's whitespace-separated "sender,identifier,sent" triples. */
    const char *references;
    /* <info> */
    const char *language;    /**< RFC 3066 tag; NULL or "" means "de-DE" */
    const char *event;       /**< required, e.g. "Hochwasser" */
    myk10_cap_class cls;     /**< severity, urgency, certainty (see myk10_cap_classify()) */
    int level;               /**< alert level k written as parameter "alertLevel"; 0 omits */
    int level_count;         /**< number of levels n, parameter "alertLevelCount"; 0 omits */
    int64_t onset;           /**< expected arrival of the level; INT64_MIN omits */
    int64_t expires;         /**< end of validity; INT64_MIN omits; must be after `sent` */
    const char *sender_name; /**< optional, e.g. "Kreisverwaltung Mayen-Koblenz" */
    const char *headline;    /**< optional short text */
    const char *description; /**< optional */
    const char *instruction; /**< optional, recommended action */
    const char *web;         /**< optional URI for further information */
    const char *contact;     /**< optional */
    /* <area> */
    const char *area_desc;   /**< required, e.g. "Müden (Mosel)" */
    const myk10_cap_point *polygon; /**< optional closed ring: ≥ 4 points, first == last */
    size_t polygon_count;    /**< points in `polygon` */
    bool has_circle;         /**< whether the circle below is written */
    myk10_cap_point circle_center; /**< centre of the circle */
    double circle_radius_km; /**< radius in km, > 0 and finite */
    const char *village_id;  /**< optional; written as `<geocode>` with valueName `geocode_name` */
    const char *geocode_name; /**< valueName of the geocode; NULL or "" means "village" */
} myk10_cap_warning;

/**
 * Resets `warning` to defaults: all strings NULL, sent missing (INT64_MIN),
 * status Actual, msgType Alert, class Unknown/Unknown/Unknown, onset and
 * expires omitted, offset 0, no circle or polygon, levels 0 (omitted).
 * Accepts NULL (does nothing).
 */
MYK10_API void myk10_cap_warning_init(myk10_cap_warning *warning);

/**
 * Writes `warning` as one CAP 1.2 `<alert>` document (XML declaration,
 * UTF-8, namespace urn:oasis:names:tc:emergency:cap:1.2, scope Public,
 * category Met), validating it first.
 *
 * @param out_xml receives a NUL-terminated buffer allocated by the library;
 *                release it with myk10_free().
 * @param out_len optional; receives the length in bytes without the NUL.
 * @param warning the warning; nothing is retained.
 * @return MYK10_OK;
 *         MYK10_EINVAL for NULL pointers, a missing required field
 *         (identifier, sender, event, area_desc, an area shape, references
 *         for Update/Cancel), characters CAP forbids (spaces, commas, '<',
 *         '&' in identifier or sender; '<', '&' in references), a
 *         malformed language tag or references list, a polygon with fewer
 *         than 4 points or not closed, an unknown enumeration value, or a
 *         string that is not valid UTF-8;
 *         MYK10_ERANGE for a latitude/longitude out of range or not finite,
 *         a radius that is not positive and finite, an offset outside
 *         ±14 h, a time outside years 0000–9999, expires not after sent,
 *         or level > level_count;
 *         MYK10_ENOMEM when memory runs out (libxml2 reports that as a
 *         write failure, also mapped here). The message names the field.
 */
MYK10_API myk10_status myk10_cap_write(char **out_xml, size_t *out_len,
                                       const myk10_cap_warning *warning);

#ifdef __cplusplus
}
#endif

#endif /* MYK10_FLOOD_H */
