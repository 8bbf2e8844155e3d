/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Check suite for flood networks and routing: published Muskingum tables
 * (Chow, Maidment & Mays 1988; Wilson 1974), analytic cases (pure lag,
 * linear reservoir), mass balance, confluences, validation messages and
 * JSON/GeoJSON round trips. Hot loops use plain ifs and assert once.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <myk10/myk10.h>

#define ck_ok(call)                                                                   \
    do {                                                                              \
        myk10_status st_ = (call);                                                    \
        ck_assert_msg(st_ == MYK10_OK, "%s: %s (%s)", #call, myk10_status_name(st_), \
                      myk10_last_error());                                           \
    } while (0)

/* Expects a status and a message that mentions `needle`. */
#define ck_fail(call, expected, needle)                                                   \
    do {                                                                                  \
        myk10_status st_ = (call);                                                        \
        ck_assert_msg(st_ == (expected), "%s: %s, expected %s (%s)", #call,               \
                      myk10_status_name(st_), myk10_status_name(expected),                \
                      myk10_last_error());                                                \
        ck_assert_msg(strstr(myk10_last_error(), needle), "message '%s' lacks '%s'",      \
                      myk10_last_error(), needle);                                        \
    } while (0)

#define HOUR 3600.0

/* ------------------------------------------------------------ helpers */

static void add_node(myk10_flood_network *net, const char *id, myk10_flood_node_kind kind,
                     double baseflow)
{
    myk10_flood_node n = { .id = id, .kind = kind, .lat = 50.3, .lon = 7.2,
                           .baseflow_m3s = baseflow };
    ck_ok(myk10_flood_network_add_node(net, &n));
}

static myk10_flood_reach muskingum(const char *id, const char *from, const char *to, double k,
                                   double x)
{
    myk10_flood_reach r = { .id = id, .from = from, .to = to, .length_m = 1000,
                            .method = MYK10_FLOOD_MUSKINGUM, .k_s = k, .x = x };
    return r;
}

static myk10_flood_reach lag(const char *id, const char *from, const char *to, double lag_s)
{
    myk10_flood_reach r = { .id = id, .from = from, .to = to, .length_m = 1000,
                            .method = MYK10_FLOOD_LAG, .lag_s = lag_s };
    return r;
}

/* A single reach "up" -> "out"; the caller frees the network. */
static myk10_flood_network *one_reach(myk10_flood_reach r, double baseflow)
{
    myk10_flood_network *net = NULL;
    ck_ok(myk10_flood_network_create(&net));
    add_node(net, "up", MYK10_FLOOD_GAUGE, baseflow);
    add_node(net, "out", MYK10_FLOOD_OUTLET, 0);
    r.from = "up";
    r.to = "out";
    ck_ok(myk10_flood_network_add_reach(net, &r));
    return net;
}

/* Routes `in[1..n-1]` through a one-reach router; out[0] = state, out[j] = outflow. */
static void route_one(double *out, myk10_flood_router *rt, const double *in, size_t n,
                      double o0)
{
    ck_ok(myk10_flood_router_set_reach_state(rt, 0, in[0], o0));
    const double *local[2] = { in + 1, NULL };
    double *flow[2] = { NULL, out + 1 };
    out[0] = o0;
    ck_ok(myk10_flood_router_route(rt, local, flow, n - 1));
}

/* --------------------------------------------- Chow, Maidment & Mays 1988 */

/*
 * Applied Hydrology, Example 8.4.1 / Table 8.4.1: K = 2.3 h, X = 0.15,
 * Δt = 1 h, inflow in cfs, initial outflow 85 cfs; the book routes with
 * C0 = 0.0631, C1 = 0.3442, C2 = 0.5927 and prints whole cfs.
 */
static const double chow_in[20] = { 93,  137, 208, 320, 442, 546, 630, 678, 691, 675,
                                    634, 571, 477, 390, 329, 247, 184, 134, 108, 90 };
static const double chow_out[20] = { 85,  91,  114, 159, 233, 324, 420, 509, 578, 623,
                                     642, 635, 603, 546, 479, 413, 341, 274, 215, 170 };

START_TEST(chow_coefficients_round_to_book)
{
    double c[3];
    const double book[3] = { 0.0631, 0.3442, 0.5927 };
    ck_ok(myk10_flood_muskingum_coefficients(c, 2.3 * HOUR, 0.15, HOUR));
    for (int i = 0; i < 3; i++)
        ck_assert_double_eq_tol(c[i], book[i], 0.5e-4);
    ck_assert_double_eq_tol(c[0] + c[1] + c[2], 1.0, 1e-15);
}
END_TEST

START_TEST(chow_table_with_book_coefficients)
{
    const double book[3] = { 0.0631, 0.3442, 0.5927 };
    double out[20];
    ck_ok(myk10_flood_muskingum_apply(out, chow_in, 20, book, 85));
    int bad = -1;
    for (int j = 0; j < 20; j++)
        if (bad < 0 && lround(out[j]) != lround(chow_out[j]))
            bad = j;
    ck_assert_msg(bad < 0, "hour %d: %.2f, book %g", bad, bad < 0 ? 0 : out[bad],
                  bad < 0 ? 0 : chow_out[bad]);
}
END_TEST

/* The router uses full-precision coefficients: close to the book, not equal. */
START_TEST(chow_full_precision_differs_slightly)
{
    const double book[3] = { 0.0631, 0.3442, 0.5927 };
    double rounded[20], full[20], routed[20], c[3];
    ck_ok(myk10_flood_muskingum_apply(rounded, chow_in, 20, book, 85));
    ck_ok(myk10_flood_muskingum_coefficients(c, 2.3 * HOUR, 0.15, HOUR));
    ck_ok(myk10_flood_muskingum_apply(full, chow_in, 20, c, 85));
    myk10_flood_network *net = one_reach(muskingum("r", NULL, NULL, 2.3 * HOUR, 0.15), 0);
    myk10_flood_router *rt = NULL;
    ck_ok(myk10_flood_router_create(&rt, net, HOUR, MYK10_FLOOD_ADAPT));
    myk10_flood_reach_report rep;
    ck_ok(myk10_flood_router_report(&rep, rt, 0));
    ck_assert(rep.in_range && rep.subreaches == 1 && rep.substeps == 1);
    route_one(routed, rt, chow_in, 20, 85);
    double max_diff = 0, max_router = 0;
    for (int j = 0; j < 20; j++) {
        max_diff = fmax(max_diff, fabs(full[j] - rounded[j]));
        max_router = fmax(max_router, fabs(full[j] - routed[j]));
    }
    ck_assert_msg(max_diff > 1e-3 && max_diff < 0.5, "full vs book %g cfs", max_diff);
    ck_assert_msg(max_router < 1e-9, "router vs recurrence %g", max_router);
    myk10_flood_router_destroy(rt);
    myk10_flood_network_destroy(net);
}
END_TEST

/* ---------------------------------------------------------- Wilson 1974 */

/* Wilson, Engineering Hydrology (1974): K = 27 h, X = 0.2, Δt = 6 h.
 * 2KX = 10.8 h > Δt, so C0 = −0.0976 < 0. */
static const double wilson_in[22] = { 22, 23, 35, 71, 103, 111, 109, 100, 86, 71, 59,
                                      47, 39, 32, 28, 24,  22,  21,  20,  19, 19, 18 };

/* Independent straightforward recurrence. */
static void reference_muskingum(double *out, const double *in, size_t n, double k, double x,
                                double dt, double o0)
{
    double d = 2 * k * (1 - x) + dt;
    double c0 = (dt - 2 * k * x) / d, c1 = (dt + 2 * k * x) / d, c2 = (2 * k * (1 - x) - dt) / d;
    out[0] = o0;
    for (size_t j = 1; j < n; j++)
        out[j] = c0 * in[j] + c1 * in[j - 1] + c2 * out[j - 1];
}

START_TEST(wilson_plain_recurrence_dips)
{
    double ref[22], routed[22];
    reference_muskingum(ref, wilson_in, 22, 27 * HOUR, 0.2, 6 * HOUR, 22);
    myk10_flood_network *net = one_reach(muskingum("r", NULL, NULL, 27 * HOUR, 0.2), 22);
    myk10_flood_router *rt = NULL;
    ck_ok(myk10_flood_router_create(&rt, net, 6 * HOUR, MYK10_FLOOD_PLAIN));
    route_one(routed, rt, wilson_in, 22, 22);
    double worst = 0;
    for (int j = 0; j < 22; j++)
        worst = fmax(worst, fabs(ref[j] - routed[j]));
    ck_assert_msg(worst == 0, "plain router differs from the formula by %g", worst);
    /* C0 = -4/41: the first step gives 22 - 4/41 + ... = 21.902... */
    ck_assert_double_eq_tol(routed[1], (-4.0 * 23 + 14 * 22 + 31 * 22) / 41.0, 1e-12);
    ck_assert(routed[1] < 22 && routed[2] < routed[1]);
    myk10_flood_reach_report rep;
    ck_ok(myk10_flood_router_report(&rep, rt, 0));
    ck_assert(!rep.in_range && rep.subreaches == 1 && rep.substeps == 1);
    ck_assert_double_eq_tol(rep.c0, -4.0 / 41.0, 1e-15);
    ck_assert_uint_eq(rep.negative_steps, 0);
    ck_assert_double_eq_tol(rep.min_outflow_m3s, routed[3], 1e-12);
    myk10_flood_router_destroy(rt);
    myk10_flood_network_destroy(net);
}
END_TEST

START_TEST(wilson_adapt_splits_into_subreaches)
{
    double routed[22], half[22], twice[22];
    myk10_flood_network *net = one_reach(muskingum("r", NULL, NULL, 27 * HOUR, 0.2), 22);
    myk10_flood_router *rt = NULL;
    ck_ok(myk10_flood_router_create(&rt, net, 6 * HOUR, MYK10_FLOOD_ADAPT));
    myk10_flood_reach_report rep;
    ck_ok(myk10_flood_router_report(&rep, rt, 0));
    /* 2KX/Δt = 1.8 -> two sub-reaches of 13.5 h: 2KX = 5.4 h <= 6 h <= 21.6 h */
    ck_assert_uint_eq(rep.subreaches, 2);
    ck_assert_uint_eq(rep.substeps, 1);
    ck_assert(rep.c0 >= 0 && rep.c2 >= 0);
    ck_assert(isnan(rep.min_outflow_m3s));
    route_one(routed, rt, wilson_in, 22, 22);
    reference_muskingum(half, wilson_in, 22, 13.5 * HOUR, 0.2, 6 * HOUR, 22);
    reference_muskingum(twice, half, 22, 13.5 * HOUR, 0.2, 6 * HOUR, 22);
    double worst = 0, lowest = 1e9;
    for (int j = 0; j < 22; j++) {
        worst = fmax(worst, fabs(twice[j] - routed[j]));
        lowest = fmin(lowest, routed[j]);
    }
    ck_assert_msg(worst < 1e-12, "sub-reaches differ by %g", worst);
    ck_assert_msg(lowest >= 22 - 1e-12, "no dip with sub-reaches, got %g", lowest);
    myk10_flood_router_destroy(rt);
    myk10_flood_network_destroy(net);
}
END_TEST

/* Δt > 2K(1−X): sub-steps folded into one step equal explicit sub-stepping. */
START_TEST(large_dt_is_substepped)
{
    double k = 1 * HOUR, x = 0.1, dt = 6 * HOUR;
    myk10_flood_network *net = one_reach(muskingum("r", NULL, NULL, k, x), 10);
    myk10_flood_router *rt = NULL;
    ck_ok(myk10_flood_router_create(&rt, net, dt, MYK10_FLOOD_ADAPT));
    myk10_flood_reach_report rep;
    ck_ok(myk10_flood_router_report(&rep, rt, 0));
    ck_assert_uint_eq(rep.subreaches, 1);
    ck_assert_uint_eq(rep.substeps, 4); /* 6 h / 1.8 h -> 4 */
    double in[12] = { 10, 50, 90, 60, 40, 30, 20, 15, 12, 11, 10, 10 }, out[12];
    route_one(out, rt, in, 12, 10);
    /* explicit: 4 sub-steps of 1.5 h with linearly interpolated inflow */
    double fine_in[45], fine_out[45];
    for (int j = 0; j < 11; j++)
        for (int s = 0; s < 4; s++)
            fine_in[4 * j + s] = in[j] + (in[j + 1] - in[j]) * s / 4.0;
    fine_in[44] = in[11];
    reference_muskingum(fine_out, fine_in, 45, k, x, dt / 4, 10);
    double worst = 0;
    for (int j = 0; j < 12; j++)
        worst = fmax(worst, fabs(fine_out[4 * j] - out[j]));
    ck_assert_msg(worst < 1e-9, "folded sub-steps differ by %g", worst);
    myk10_flood_router_destroy(rt);
    myk10_flood_network_destroy(net);
}
END_TEST

/* ------------------------------------------------------------ analytic */

START_TEST(lag_delays_exactly)
{
    enum { N = 50 };
    double in[N], out[N];
    for (int j = 0; j < N; j++)
        in[j] = 5 + 100 * exp(-pow((j - 15) / 4.0, 2));
    myk10_flood_network *net = one_reach(lag("r", NULL, NULL, 3 * 600), 5);
    myk10_flood_router *rt = NULL;
    ck_ok(myk10_flood_router_create(&rt, net, 600, MYK10_FLOOD_ADAPT));
    route_one(out, rt, in, N, 5);
    int bad = -1;
    for (int j = 3; j < N; j++)
        if (bad < 0 && out[j] != in[j - 3])
            bad = j;
    ck_assert_msg(bad < 0, "step %d: %g vs %g", bad, bad < 0 ? 0 : out[bad],
                  bad < 0 ? 0 : in[bad - 3]);
    myk10_flood_router_destroy(rt);
    myk10_flood_network_destroy(net);

    /* 2.5 steps: the mean of the samples 2 and 3 steps back */
    net = one_reach(lag("r", NULL, NULL, 2.5 * 600), 5);
    ck_ok(myk10_flood_router_create(&rt, net, 600, MYK10_FLOOD_ADAPT));
    myk10_flood_reach_report rep;
    ck_ok(myk10_flood_router_report(&rep, rt, 0));
    ck_assert_uint_eq(rep.delay_steps, 2);
    ck_assert_double_eq(rep.delay_fraction, 0.5);
    route_one(out, rt, in, N, 5);
    double worst = 0;
    for (int j = 3; j < N; j++)
        worst = fmax(worst, fabs(out[j] - 0.5 * (in[j - 2] + in[j - 3])));
    ck_assert_msg(worst < 1e-12, "fractional lag off by %g", worst);
    myk10_flood_router_destroy(rt);
    myk10_flood_network_destroy(net);
}
END_TEST

/* X = 0 and Δt << K: the recession of a linear reservoir, O = O0·exp(−t/K). */
START_TEST(muskingum_x0_is_linear_reservoir)
{
    double k = 10 * HOUR, dt = 60;
    size_t n = (size_t)(k / dt);
    myk10_flood_network *net = one_reach(muskingum("r", NULL, NULL, k, 0), 1);
    myk10_flood_router *rt = NULL;
    ck_ok(myk10_flood_router_create(&rt, net, dt, MYK10_FLOOD_ADAPT));
    double *zero = calloc(n, sizeof *zero), *out = calloc(n, sizeof *out);
    const double *local[2] = { zero, NULL };
    double *flow[2] = { NULL, out };
    ck_ok(myk10_flood_router_route(rt, local, flow, n));
    /* the trapezoidal rule: error O(dt/K); inflow drops to 0 within the first step */
    ck_assert_msg(fabs(out[n - 1] - exp(-1.0)) < 2e-3, "O(K) = %.6f, exp(-1) = %.6f",
                  out[n - 1], exp(-1.0));
    free(zero);
    free(out);
    myk10_flood_router_destroy(rt);
    myk10_flood_network_destroy(net);
}
END_TEST

/* Two tributaries and a lateral inflow meet; lag 0 makes the sum visible. */
START_TEST(confluence_adds_flows)
{
    myk10_flood_network *net = NULL;
    ck_ok(myk10_flood_network_create(&net));
    add_node(net, "a", MYK10_FLOOD_GAUGE, 1);
    add_node(net, "b", MYK10_FLOOD_GAUGE, 2);
    add_node(net, "c", MYK10_FLOOD_CONFLUENCE, 0.5);
    add_node(net, "o", MYK10_FLOOD_OUTLET, 0);
    myk10_flood_reach ra = lag("ra", "a", "c", 0), rb = lag("rb", "b", "c", 0),
                      rc = lag("rc", "c", "o", 0);
    ra.lateral_m3s = 0.25;
    ck_ok(myk10_flood_network_add_reach(net, &ra));
    ck_ok(myk10_flood_network_add_reach(net, &rb));
    ck_ok(myk10_flood_network_add_reach(net, &rc));
    myk10_flood_router *rt = NULL;
    ck_ok(myk10_flood_router_create(&rt, net, 60, MYK10_FLOOD_ADAPT));
    double q;
    ck_ok(myk10_flood_router_node_flow(&q, rt, 3));
    ck_assert_double_eq_tol(q, 1 + 0.25 + 2 + 0.5, 1e-12); /* steady state */
    ck_ok(myk10_flood_router_node_flow(&q, rt, 0));
    ck_assert_double_eq(q, 1);
    double ia[3] = { 10, 20, 30 }, oc[3], oo[3];
    const double *local[4] = { ia, NULL, NULL, NULL };
    double *flow[4] = { NULL, NULL, oc, oo };
    ck_ok(myk10_flood_router_route(rt, local, flow, 3));
    for (int j = 0; j < 3; j++) {
        ck_assert_double_eq_tol(oc[j], ia[j] + 0.25 + 2 + 0.5, 1e-12);
        ck_assert_double_eq_tol(oo[j], oc[j], 1e-12);
    }
    myk10_flood_router_destroy(rt);
    myk10_flood_network_destroy(net);
}
END_TEST

/* Σ inflow volume = Σ outflow volume + ΔS over a long run through a network
 * with every method, sub-reaches and sub-steps. */
START_TEST(mass_balance_long_run)
{
    myk10_flood_network *net = NULL;
    ck_ok(myk10_flood_network_create(&net));
    add_node(net, "a", MYK10_FLOOD_GAUGE, 2);
    add_node(net, "b", MYK10_FLOOD_GAUGE, 1);
    add_node(net, "c", MYK10_FLOOD_CONFLUENCE, 0);
    add_node(net, "v", MYK10_FLOOD_VILLAGE, 0);
    add_node(net, "o", MYK10_FLOOD_OUTLET, 0);
    myk10_flood_reach r1 = muskingum("r1", "a", "c", 5 * HOUR, 0.3); /* sub-reaches */
    myk10_flood_reach r2 = lag("r2", "b", "c", 1.7 * HOUR);
    myk10_flood_reach r3 = { .id = "r3", .from = "c", .to = "v", .length_m = 8000,
                             .method = MYK10_FLOOD_MUSKINGUM_CUNGE, .slope = 0.004,
                             .manning_n = 0.04, .width_m = 8, .reference_m3s = 20 };
    myk10_flood_reach r4 = muskingum("r4", "v", "o", 0.2 * HOUR, 0.1); /* sub-steps */
    ck_ok(myk10_flood_network_add_reach(net, &r1));
    ck_ok(myk10_flood_network_add_reach(net, &r2));
    ck_ok(myk10_flood_network_add_reach(net, &r3));
    ck_ok(myk10_flood_network_add_reach(net, &r4));
    myk10_flood_router *rt = NULL;
    double dt = 0.5 * HOUR;
    ck_ok(myk10_flood_router_create(&rt, net, dt, MYK10_FLOOD_ADAPT));
    enum { N = 5000 };
    static double ia[N], ib[N], oo[N];
    unsigned seed = 7;
    for (int j = 0; j < N; j++) {
        seed = seed * 1103515245u + 12345u;
        ia[j] = 2 + 50 * fabs(sin(j / 40.0)) + (seed >> 16) % 7;
        ib[j] = 1 + 20 * (j % 300 < 30);
    }
    double s0, s1;
    ck_ok(myk10_flood_router_storage(&s0, rt));
    const double *local[5] = { ia, ib, NULL, NULL, NULL };
    double *flow[5] = { NULL, NULL, NULL, NULL, oo };
    ck_ok(myk10_flood_router_route(rt, local, flow, N));
    ck_ok(myk10_flood_router_storage(&s1, rt));
    double vin = 0, vout = 0, prev_in = 3, prev_out = 3;
    for (int j = 0; j < N; j++) {
        double in = ia[j] + ib[j];
        vin += dt / 2 * (prev_in + in);
        vout += dt / 2 * (prev_out + oo[j]);
        prev_in = in;
        prev_out = oo[j];
    }
    double error = vin - vout - (s1 - s0);
    ck_assert_msg(fabs(error) < 1e-9 * vin, "in %.6g out %.6g dS %.6g: error %g m3", vin, vout,
                  s1 - s0, error);
    myk10_flood_reach_report rep;
    ck_ok(myk10_flood_router_report(&rep, rt, 0));
    ck_assert(rep.subreaches > 1);
    ck_ok(myk10_flood_router_report(&rep, rt, 3));
    ck_assert(rep.substeps > 1);
    myk10_flood_router_destroy(rt);
    myk10_flood_network_destroy(net);
}
END_TEST

START_TEST(cunge_parameters_follow_the_formulas)
{
    double k, x, L = 5000, S = 0.001, n = 0.035, B = 10, Q = 20;
    bool clamped = true;
    ck_ok(myk10_flood_cunge_parameters(&k, &x, &clamped, L, S, n, B, Q));
    ck_assert(!clamped);
    /* independent: normal depth by Newton on Manning, then c = 5/3 v */
    double y = 1;
    for (int i = 0; i < 100; i++) {
        double f = (B * y) * pow(B * y / (B + 2 * y), 2.0 / 3) * sqrt(S) / n - Q;
        double h = 1e-7, g = ((B * (y + h)) * pow(B * (y + h) / (B + 2 * (y + h)), 2.0 / 3) *
                                  sqrt(S) / n - Q - f) / h;
        y -= f / g;
    }
    double c = 5.0 / 3 * Q / (B * y);
    ck_assert_double_eq_tol(k, L / c, 1e-6 * k);
    ck_assert_double_eq_tol(x, 0.5 * (1 - Q / (B * S * c * L)), 1e-6);
}
END_TEST

/* ------------------------------------------------------------ validation */

START_TEST(validation_names_the_ids)
{
    myk10_flood_network *net = NULL;
    ck_ok(myk10_flood_network_create(&net));
    add_node(net, "a", MYK10_FLOOD_GAUGE, 0);
    add_node(net, "b", MYK10_FLOOD_VILLAGE, 0);
    add_node(net, "o", MYK10_FLOOD_OUTLET, 0);
    myk10_flood_node dup = { .id = "a", .lat = 50, .lon = 7 };
    ck_fail(myk10_flood_network_add_node(net, &dup), MYK10_EEXISTS, "'a'");
    myk10_flood_node far = { .id = "far", .lat = 91, .lon = 7 };
    ck_fail(myk10_flood_network_add_node(net, &far), MYK10_ERANGE, "'far'");
    myk10_flood_node nan = { .id = "nan", .lat = 50, .lon = 7, .baseflow_m3s = NAN };
    ck_fail(myk10_flood_network_add_node(net, &nan), MYK10_ERANGE, "baseflow");

    myk10_flood_reach r = muskingum("r1", "a", "zz", HOUR, 0.2);
    ck_fail(myk10_flood_network_add_reach(net, &r), MYK10_ENOTFOUND, "'zz'");
    r = muskingum("r1", "a", "b", HOUR, 0.6);
    ck_fail(myk10_flood_network_add_reach(net, &r), MYK10_ERANGE, "x 0.6");
    r = muskingum("r1", "a", "b", 0, 0.2);
    ck_fail(myk10_flood_network_add_reach(net, &r), MYK10_ERANGE, "k_s");
    r = muskingum("r1", "a", "b", HOUR, 0.2);
    r.length_m = 0;
    ck_fail(myk10_flood_network_add_reach(net, &r), MYK10_ERANGE, "length_m");
    r.length_m = INFINITY;
    ck_fail(myk10_flood_network_add_reach(net, &r), MYK10_ERANGE, "'r1'");
    myk10_flood_reach mc = { .id = "mc", .from = "a", .to = "b", .length_m = 100,
                             .method = MYK10_FLOOD_MUSKINGUM_CUNGE, .slope = 0.01,
                             .manning_n = 0, .width_m = 5, .reference_m3s = 3 };
    ck_fail(myk10_flood_network_add_reach(net, &mc), MYK10_ERANGE, "manning_n");
    r = muskingum("self", "a", "a", HOUR, 0.2);
    ck_fail(myk10_flood_network_add_reach(net, &r), MYK10_EINVAL, "'self'");

    r = muskingum("r1", "a", "b", HOUR, 0.2);
    ck_ok(myk10_flood_network_add_reach(net, &r));
    r = muskingum("r1", "b", "o", HOUR, 0.2);
    ck_fail(myk10_flood_network_add_reach(net, &r), MYK10_EEXISTS, "'r1'");
    r = muskingum("r2", "a", "o", HOUR, 0.2);
    ck_fail(myk10_flood_network_add_reach(net, &r), MYK10_EINVAL, "'r1'");
    /* b has no downstream reach and is no outlet; o is isolated */
    ck_fail(myk10_flood_network_validate(net), MYK10_EINVAL, "'b'");
    r = muskingum("r2", "b", "a", HOUR, 0.2);
    ck_ok(myk10_flood_network_add_reach(net, &r));
    ck_fail(myk10_flood_network_validate(net), MYK10_EINVAL, "'o'");
    add_node(net, "p", MYK10_FLOOD_GAUGE, 0);
    r = muskingum("r3", "p", "o", HOUR, 0.2);
    ck_ok(myk10_flood_network_add_reach(net, &r));
    ck_fail(myk10_flood_network_validate(net), MYK10_EINVAL, "cycle");
    myk10_flood_router *rt = NULL;
    ck_fail(myk10_flood_router_create(&rt, net, 60, MYK10_FLOOD_ADAPT), MYK10_EINVAL, "cycle");
    myk10_flood_network_destroy(net);

    net = one_reach(muskingum("r", NULL, NULL, HOUR, 0.2), 1);
    ck_fail(myk10_flood_router_create(&rt, net, 0, MYK10_FLOOD_ADAPT), MYK10_ERANGE, "step");
    ck_ok(myk10_flood_router_create(&rt, net, 60, MYK10_FLOOD_ADAPT));
    double bad[2] = { 1, -1 };
    const double *local[2] = { bad, NULL };
    ck_fail(myk10_flood_router_route(rt, local, NULL, 2), MYK10_ERANGE, "'up' step 1");
    myk10_flood_router_destroy(rt);
    myk10_flood_network_destroy(net);
}
END_TEST

/* ------------------------------------------------------------ JSON */

static const char sample_json[] =
    "{\"format\": \"myk10-flood-network\", \"version\": 1, \"units\": \"SI\",\n"
    " \"description\": \"test\",\n"
    " \"nodes\": [\n"
    "  {\"id\": \"g1\", \"name\": \"Pegel 1\", \"kind\": \"gauge\", \"lat\": 50.1, \"lon\": 7.1,"
    "   \"baseflow_m3s\": 0.7},\n"
    "  {\"id\": \"g2\", \"kind\": \"gauge\", \"lat\": 50.2, \"lon\": 7.2},\n"
    "  {\"id\": \"c\", \"kind\": \"confluence\", \"lat\": 50.3, \"lon\": 7.3},\n"
    "  {\"id\": \"v\", \"name\": \"Dorf\", \"kind\": \"village\", \"lat\": 50.35, \"lon\": 7.35},\n"
    "  {\"id\": \"o\", \"kind\": \"outlet\", \"lat\": 50.4, \"lon\": 7.4}],\n"
    " \"reaches\": [\n"
    "  {\"id\": \"r1\", \"from\": \"g1\", \"to\": \"c\", \"length_m\": 4000, \"method\": \"lag\","
    "   \"lag_s\": 1800},\n"
    "  {\"id\": \"r2\", \"from\": \"g2\", \"to\": \"c\", \"length_m\": 3000.5, \"method\": "
    "\"muskingum\", \"k_s\": 3600, \"x\": 0.2, \"lateral_m3s\": 0.1},\n"
    "  {\"id\": \"r3\", \"from\": \"c\", \"to\": \"v\", \"length_m\": 5000, \"method\": "
    "\"muskingum-cunge\", \"slope\": 0.003, \"manning_n\": 0.04, \"width_m\": 6,"
    "   \"reference_m3s\": 15},\n"
    "  {\"id\": \"r4\", \"from\": \"v\", \"to\": \"o\", \"length_m\": 0.1, \"method\": \"lag\","
    "   \"lag_s\": 0}]}\n";

static char *dump(myk10_flood_network *net, bool geo)
{
    char *text = NULL;
    size_t size = 0;
    ck_ok(geo ? myk10_flood_network_to_geojson(&text, &size, net)
              : myk10_flood_network_to_json(&text, &size, net));
    ck_assert_uint_eq(size, strlen(text));
    return text;
}

START_TEST(json_and_geojson_round_trip)
{
    myk10_flood_network *net = NULL, *back = NULL, *geo = NULL;
    ck_ok(myk10_flood_network_load_json(&net, sample_json, strlen(sample_json)));
    ck_assert_uint_eq(myk10_flood_network_node_count(net), 5);
    ck_assert_uint_eq(myk10_flood_network_reach_count(net), 4);
    ck_assert_str_eq(myk10_flood_network_description(net), "test");
    myk10_flood_node node;
    ck_ok(myk10_flood_network_node(&node, net, 1));
    ck_assert_str_eq(node.name, "g2"); /* name defaults to the id */
    char *one = dump(net, false);
    ck_ok(myk10_flood_network_load_json(&back, one, strlen(one)));
    char *two = dump(back, false);
    ck_assert_str_eq(one, two);
    char *g = dump(net, true);
    ck_ok(myk10_flood_network_load_geojson(&geo, g, strlen(g)));
    char *three = dump(geo, false);
    ck_assert_str_eq(one, three);
    size_t idx;
    ck_ok(myk10_flood_network_find_reach(&idx, geo, "r2"));
    myk10_flood_reach r;
    ck_ok(myk10_flood_network_reach(&r, geo, idx));
    ck_assert_double_eq(r.length_m, 3000.5);
    ck_assert_double_eq(r.lateral_m3s, 0.1);
    ck_assert_str_eq(r.from, "g2");
    myk10_free(one);
    myk10_free(two);
    myk10_free(three);
    myk10_free(g);
    myk10_flood_network_destroy(net);
    myk10_flood_network_destroy(back);
    myk10_flood_network_destroy(geo);
}
END_TEST

static void expect_load(const char *from, const char *to, myk10_status expected,
                        const char *needle)
{
    char text[4096];
    const char *at = strstr(sample_json, from);
    ck_assert_msg(at != NULL, "fixture lacks '%s'", from);
    snprintf(text, sizeof text, "%.*s%s%s", (int)(at - sample_json), sample_json, to,
             at + strlen(from));
    myk10_flood_network *net = NULL;
    ck_fail(myk10_flood_network_load_json(&net, text, strlen(text)), expected, needle);
    ck_assert_ptr_null(net);
}

START_TEST(json_errors)
{
    expect_load("\"SI\"", "\"imperial\"", MYK10_EUNSUPPORTED, "imperial");
    expect_load("\"version\": 1", "\"version\": 2", MYK10_EUNSUPPORTED, "version");
    expect_load("\"x\": 0.2", "\"x\": 0.7", MYK10_ERANGE, "'r2'");
    expect_load("\"x\": 0.2", "\"x\": \"0.2\"", MYK10_EMALFORMED, "'x'");
    expect_load("\"length_m\": 4000, ", "", MYK10_EMALFORMED, "reach 'r1': member 'length_m'");
    expect_load("\"to\": \"c\", \"length_m\": 4000", "\"to\": \"nowhere\", \"length_m\": 4000",
                MYK10_ENOTFOUND, "'nowhere'");
    expect_load("\"id\": \"g2\"", "\"id\": \"g1\"", MYK10_EEXISTS, "'g1'");
    expect_load("\"kind\": \"outlet\"", "\"kind\": \"village\"", MYK10_EINVAL, "'o'");
    expect_load("\"kind\": \"village\"", "\"kind\": \"town\"", MYK10_EMALFORMED, "'town'");
    expect_load("\"lag_s\": 1800", "\"lag_s\": 1800, \"colour\": 1", MYK10_EMALFORMED,
                "'colour'");
    expect_load("\"lat\": 50.4", "\"lat\": 1e999", MYK10_EMALFORMED, "JSON");
    expect_load("]}\n", "]", MYK10_EMALFORMED, "line");
    myk10_flood_network *net = NULL;
    ck_fail(myk10_flood_network_load_geojson(&net, sample_json, strlen(sample_json)),
            MYK10_EMALFORMED, "FeatureCollection");
}
END_TEST

static Suite *flood_suite(void)
{
    Suite *s = suite_create("flood");
    TCase *t = tcase_create("textbook");
    tcase_add_test(t, chow_coefficients_round_to_book);
    tcase_add_test(t, chow_table_with_book_coefficients);
    tcase_add_test(t, chow_full_precision_differs_slightly);
    tcase_add_test(t, wilson_plain_recurrence_dips);
    tcase_add_test(t, wilson_adapt_splits_into_subreaches);
    tcase_add_test(t, large_dt_is_substepped);
    suite_add_tcase(s, t);
    t = tcase_create("analytic");
    tcase_add_test(t, lag_delays_exactly);
    tcase_add_test(t, muskingum_x0_is_linear_reservoir);
    tcase_add_test(t, confluence_adds_flows);
    tcase_add_test(t, mass_balance_long_run);
    tcase_add_test(t, cunge_parameters_follow_the_formulas);
    suite_add_tcase(s, t);
    t = tcase_create("input");
    tcase_add_test(t, validation_names_the_ids);
    tcase_add_test(t, json_and_geojson_round_trip);
    tcase_add_test(t, json_errors);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(flood_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
