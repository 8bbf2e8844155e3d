/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Benchmark of the flood router (myk10_flood_router_route) on a random tree
 * of Muskingum reaches, one thread, median of 5 runs:
 *
 *   route, headwater series   every leaf gets a hydrograph through `local`
 *                             (16 distinct series shared by the leaves),
 *                             the outlet's flow is written back
 *   route, baseflow only      local = NULL: the routing pass alone
 *   reference kernel          the router's recurrence on the benchmark's own
 *                             flat arrays (one array per quantity), in
 *                             post-order (the router's numbering until
 *                             2026-11) and in reverse level order (its
 *                             numbering now), to show what the numbering buys
 *   STREAM copy / read /      the machine's memory bandwidth, for the bound;
 *   in-place triad            the triad y += s*x reads two arrays and writes
 *                             one of them back, as the router does its state
 *   forecaster update         latency of myk10_flood_forecaster_run() after
 *                             one new reading (bench_flood_update.c)
 *
 * The tree: node 0 is the outlet; node i (1..N) drains through reach i-1
 * into its parent. By default the tree is a topologically random channel
 * network (Shreve 1966: a uniformly random binary tree, depth ~ sqrt(N), as
 * river networks are deep); --shape recursive draws each parent uniformly
 * from the nodes before it instead (depth ~ e*ln N, NumPy's best case).
 * K is uniform in [3000, 6000] s and X in [0, 0.3], so with
 * dt = 3600 s every reach satisfies 2KX <= dt <= 2K(1-X): no sub-reach, no
 * sub-step (the segment count is printed to prove it).
 *
 *   bench_flood [--reaches N] [--steps N] [--shape shreve|recursive] [--dump FILE]
 *               [--anchor NUMPY_RATE] [--route-only | --update-only | --no-update]
 *
 * --route-only stops after the two route rows, --update-only runs only the
 * forecaster's update (both for perf and callgrind); --no-update leaves the
 * update out (the large-tree run of bench_flood.sh).
 * --dump FILE writes the tree (parent, C0, C1, C2, baseflow, series index
 * per node), the headwater series and the outlet flow the router computed,
 * for tests/bench/bench_flood_numpy.py, and exits; tests/bench/bench_flood.sh
 * runs both and prints the ratio.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <myk10/myk10.h>

#include "bench_flood_update.h"
#include "bench_util.h"

#define REPEATS 5
#define SERIES 16
#define DT 3600.0

typedef struct tree {
    size_t reaches, steps;
    uint32_t *parent;       /* per node; parent[0] unused */
    double *k, *x;          /* per node >= 1 (its reach) */
    double *base;           /* per node */
    int *series_of;         /* per node: series index for a leaf, -1 otherwise */
    double *series;         /* SERIES x steps */
    const double **local;   /* per node: series pointer or NULL */
    double **node_flow;     /* per node: outlet only */
    double *outlet;         /* steps */
    myk10_flood_network *net;
    myk10_flood_router *router;
} tree;

static uint64_t rng_state = 20261126;

static uint64_t next_u64(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double uniform(double lo, double hi)
{
    return lo + (hi - lo) * (double)(next_u64() >> 11) * 0x1.0p-53;
}

/* ------------------------------------------------------------ the tree */

static bool shreve = true; /* --shape shreve (default) or recursive */

/*
 * parent[i] for nodes 1..nodes-1 (node 0 is the outlet), numbered
 * breadth-first from the outlet so that parent[i] < i.
 *
 * shreve: a topologically random channel network (Shreve 1966), i.e. a
 * uniformly random binary tree with (nodes-1+1)/2 sources, drawn with Rémy's
 * algorithm; its depth grows like sqrt(sources), as in real river networks.
 * An even reach count puts one extra reach between the tree and the outlet.
 * recursive: every node drains into one drawn uniformly from those before
 * it; depth about e*ln(nodes), the shallowest, most NumPy-friendly shape.
 */
static int make_shape(uint32_t *parent, size_t nodes)
{
    if (!shreve) {
        for (size_t i = 1; i < nodes; i++)
            parent[i] = (uint32_t)(next_u64() % i);
        return 0;
    }
    size_t reaches = nodes - 1, tree_nodes = reaches % 2 ? reaches : reaches - 1;
    /* Rémy: tree nodes 0..tree_nodes-1, up[] = parent or SIZE_MAX for the root. */
    size_t *up = malloc(nodes * sizeof *up), root = 0, count = 1;
    size_t *start = calloc(nodes + 1, sizeof *start), *list = malloc(nodes * sizeof *list);
    size_t *queue = malloc(nodes * sizeof *queue), *fill = calloc(nodes, sizeof *fill);
    uint32_t *number = malloc(nodes * sizeof *number);
    if (!up || !start || !list || !queue || !fill || !number)
        return -1;
    up[0] = SIZE_MAX;
    while (count < tree_nodes) {
        size_t v = (size_t)(next_u64() % count), u = count, w = count + 1;
        up[u] = up[v];
        if (v == root)
            root = u;
        up[v] = u;
        up[w] = u;
        count += 2;
    }
    /* Nodes of the reach list: 0 = outlet, 1..tree_nodes = tree, then the extra one. */
    size_t *down = malloc(nodes * sizeof *down);
    if (!down)
        return -1;
    down[0] = SIZE_MAX;
    for (size_t i = 0; i < tree_nodes; i++)
        down[i + 1] = i == root ? (tree_nodes < reaches ? tree_nodes + 1 : 0) : up[i] + 1;
    if (tree_nodes < reaches)
        down[tree_nodes + 1] = 0;
    /* breadth-first renumbering from the outlet, children in random order */
    for (size_t i = 1; i < nodes; i++)
        start[down[i] + 1]++;
    for (size_t i = 0; i < nodes; i++)
        start[i + 1] += start[i];
    for (size_t i = 1; i < nodes; i++)
        list[start[down[i]] + fill[down[i]]++] = i;
    size_t head = 0, tail = 0;
    queue[tail++] = 0;
    while (head < tail) {
        size_t v = queue[head];
        number[v] = (uint32_t)head++;
        size_t n = start[v + 1] - start[v];
        for (size_t k = n; k > 1; k--) { /* shuffle so left/right carry no pattern */
            size_t r = (size_t)(next_u64() % k), tmp = list[start[v] + k - 1];
            list[start[v] + k - 1] = list[start[v] + r];
            list[start[v] + r] = tmp;
        }
        for (size_t k = 0; k < n; k++)
            queue[tail++] = list[start[v] + k];
    }
    for (size_t i = 1; i < nodes; i++)
        parent[number[i]] = number[down[i]];
    free(up), free(start), free(list), free(queue), free(fill), free(number), free(down);
    return tail == nodes ? 0 : -1;
}

/* For the forecaster's update benchmark (the router ignores kinds): every
 * 50th headwater has a gauge, every 100th inner node is a village. */
static myk10_flood_node_kind node_kind(const tree *t, size_t i)
{
    if (i == 0)
        return MYK10_FLOOD_OUTLET;
    if (t->series_of[i] >= 0)
        return i % 50 == 1 ? MYK10_FLOOD_GAUGE : MYK10_FLOOD_CONFLUENCE;
    return i % 100 == 2 ? MYK10_FLOOD_VILLAGE : MYK10_FLOOD_CONFLUENCE;
}

static int make_tree(tree *t)
{
    size_t nodes = t->reaches + 1;
    t->parent = calloc(nodes, sizeof *t->parent);
    t->k = calloc(nodes, sizeof *t->k);
    t->x = calloc(nodes, sizeof *t->x);
    t->base = calloc(nodes, sizeof *t->base);
    t->series_of = calloc(nodes, sizeof *t->series_of);
    t->series = calloc((size_t)SERIES * t->steps, sizeof *t->series);
    t->local = calloc(nodes, sizeof *t->local);
    t->node_flow = calloc(nodes, sizeof *t->node_flow);
    t->outlet = calloc(t->steps, sizeof *t->outlet);
    char *has_child = calloc(nodes, 1);
    if (!t->parent || !t->k || !t->x || !t->base || !t->series_of || !t->series || !t->local ||
        !t->node_flow || !t->outlet || !has_child)
        return -1;
    if (make_shape(t->parent, nodes) != 0)
        return -1;
    for (size_t i = 1; i < nodes; i++) {
        has_child[t->parent[i]] = 1;
        t->k[i] = uniform(3000, 6000);
        t->x[i] = uniform(0, 0.3);
    }
    /* Headwater hydrographs: a base plus a gamma-shaped wave of random
     * peak and timing, so that the waves travel and overlap. */
    for (int s = 0; s < SERIES; s++) {
        double q0 = uniform(0.2, 2), peak = uniform(5, 50);
        double t_peak = uniform(0.05, 0.6) * (double)t->steps + 1, shape = uniform(2, 6);
        for (size_t j = 0; j < t->steps; j++) {
            double r = (double)(j + 1) / t_peak;
            t->series[(size_t)s * t->steps + j] = q0 + peak * pow(r * exp(1 - r), shape);
        }
    }
    for (size_t i = 0; i < nodes; i++) {
        t->series_of[i] = -1;
        if (i > 0 && !has_child[i]) {
            int s = (int)(next_u64() % SERIES);
            t->series_of[i] = s;
            t->base[i] = t->series[(size_t)s * t->steps];
            t->local[i] = &t->series[(size_t)s * t->steps];
        } else {
            t->base[i] = uniform(0, 0.5);
        }
    }
    free(has_child);
    t->node_flow[0] = t->outlet;

    myk10_flood_network *net = NULL;
    if (myk10_flood_network_create(&net) != MYK10_OK)
        return -1;
    t->net = net;
    char id[32], from[32], to[32];
    for (size_t i = 0; i < nodes; i++) {
        snprintf(id, sizeof id, "n%zu", i);
        myk10_flood_node n = { .id = id, .kind = node_kind(t, i), .lat = 47.0, .lon = 11.0,
                               .baseflow_m3s = t->base[i] };
        if (myk10_flood_network_add_node(net, &n) != MYK10_OK)
            return -1;
        const double levels[3] = { 50, 200, 800 }; /* m3/s: the lower reaches reach them */
        if (n.kind == MYK10_FLOOD_VILLAGE &&
            myk10_flood_network_set_village_levels(net, id, levels, 3) != MYK10_OK)
            return -1;
    }
    for (size_t i = 1; i < nodes; i++) {
        snprintf(id, sizeof id, "r%zu", i);
        snprintf(from, sizeof from, "n%zu", i);
        snprintf(to, sizeof to, "n%u", t->parent[i]);
        myk10_flood_reach r = { .id = id, .from = from, .to = to, .length_m = 5000,
                                .method = MYK10_FLOOD_MUSKINGUM, .k_s = t->k[i], .x = t->x[i] };
        if (myk10_flood_network_add_reach(net, &r) != MYK10_OK)
            return -1;
    }
    return myk10_flood_router_create(&t->router, net, DT, MYK10_FLOOD_ADAPT) == MYK10_OK ? 0 : -1;
}

static size_t tree_depth(const tree *t)
{
    size_t nodes = t->reaches + 1, max = 0;
    uint32_t *depth = calloc(nodes, sizeof *depth);
    for (size_t i = 1; i < nodes && depth; i++) { /* parent[i] < i */
        depth[i] = depth[t->parent[i]] + 1;
        if (depth[i] > max)
            max = depth[i];
    }
    free(depth);
    return max;
}

/* ------------------------------------------------------------ workloads */

static void reset_router(void *state)
{
    myk10_flood_router_reset(((tree *)state)->router);
}

static void route_series(void *state, size_t items)
{
    tree *t = state;
    (void)items;
    if (myk10_flood_router_route(t->router, t->local, t->node_flow, t->steps) != MYK10_OK)
        abort();
}

static void route_baseflow(void *state, size_t items)
{
    tree *t = state;
    (void)items;
    if (myk10_flood_router_route(t->router, NULL, t->node_flow, t->steps) != MYK10_OK)
        abort();
}

/* The router's recurrence (src/flood/routing.c, pass_adapt) on arrays the
 * benchmark owns, one per quantity, so that the slot order can be chosen. */
typedef struct kernel {
    size_t n, slots, steps;
    double *a, *b, *c, *ip, *op, *flow, *local;
    uint32_t *dst;
} kernel;

static void kernel_pass(void *state, size_t items)
{
    kernel *k = state;
    (void)items;
    for (size_t j = 0; j < k->steps; j++) {
        double *restrict flow = k->flow;
        const double *restrict local = k->local;
        const double *restrict a = k->a, *restrict b = k->b, *restrict c = k->c;
        double *restrict ip = k->ip, *restrict op = k->op;
        const uint32_t *restrict dst = k->dst;
        for (size_t s = 0; s < k->n; s++) {
            double in = flow[s];
            double out = a[s] * in + b[s] * ip[s] + c[s] * op[s];
            ip[s] = in;
            op[s] = out;
            flow[s] = local[s];
            flow[dst[s]] += out;
        }
        flow[k->n] = local[k->n];
    }
}

/* slot[i] for node i; the outlet (node 0) gets slot n. */
static int make_kernel(kernel *k, const tree *t, const uint32_t *slot)
{
    size_t n = t->reaches;
    k->n = n, k->slots = n + 1, k->steps = t->steps;
    k->a = malloc(n * sizeof *k->a), k->b = malloc(n * sizeof *k->b);
    k->c = malloc(n * sizeof *k->c), k->ip = malloc(n * sizeof *k->ip);
    k->op = malloc(n * sizeof *k->op), k->dst = malloc(n * sizeof *k->dst);
    k->flow = malloc((n + 1) * sizeof *k->flow), k->local = malloc((n + 1) * sizeof *k->local);
    if (!k->a || !k->b || !k->c || !k->ip || !k->op || !k->dst || !k->flow || !k->local)
        return -1;
    for (size_t i = 1; i <= n; i++) {
        double cf[3];
        myk10_flood_muskingum_coefficients(cf, t->k[i], t->x[i], DT);
        uint32_t s = slot[i];
        k->a[s] = cf[0], k->b[s] = cf[1], k->c[s] = cf[2];
        k->ip[s] = k->op[s] = 1;
        k->dst[s] = slot[t->parent[i]];
    }
    for (size_t i = 0; i <= n; i++)
        k->local[slot[i]] = k->flow[slot[i]] = t->base[i];
    return 0;
}

static void free_kernel(kernel *k)
{
    free(k->a), free(k->b), free(k->c), free(k->ip), free(k->op), free(k->dst);
    free(k->flow), free(k->local);
}

/* Post-order from the outlet, children in the order they were added: the
 * router's numbering before 2026-11. */
static uint32_t *post_order(const tree *t)
{
    size_t nodes = t->reaches + 1;
    uint32_t *slot = malloc(nodes * sizeof *slot);
    size_t *start = calloc(nodes + 1, sizeof *start), *list = malloc(nodes * sizeof *list);
    size_t *stack = malloc(nodes * sizeof *stack), *cursor = calloc(nodes, sizeof *cursor);
    if (!slot || !start || !list || !stack || !cursor)
        return NULL;
    for (size_t i = 1; i < nodes; i++)
        start[t->parent[i] + 1]++;
    for (size_t i = 0; i < nodes; i++)
        start[i + 1] += start[i];
    for (size_t i = 1; i < nodes; i++)
        list[start[t->parent[i]] + cursor[t->parent[i]]++] = i;
    memset(cursor, 0, nodes * sizeof *cursor);
    size_t depth = 0, next = 0;
    stack[depth++] = 0;
    while (depth > 0) {
        size_t v = stack[depth - 1];
        if (start[v] + cursor[v] < start[v + 1]) {
            stack[depth++] = list[start[v] + cursor[v]++];
            continue;
        }
        depth--;
        slot[v] = (uint32_t)(v == 0 ? t->reaches : next++);
    }
    free(start), free(list), free(stack), free(cursor);
    return slot;
}

/* ------------------------------------------------------------ bandwidth */

typedef struct stream {
    size_t n;
    double *x, *y;
    double sum;
} stream;

static void stream_copy(void *state, size_t items)
{
    stream *s = state;
    (void)items;
    memcpy(s->y, s->x, s->n * sizeof *s->x); /* what gcc makes of the copy loop anyway */
    bench_consume(&s->y[s->n / 2], sizeof s->y[0]);
}

static void stream_read(void *state, size_t items)
{
    stream *s = state;
    (void)items;
    double acc[16] = { 0 }; /* independent sums: bandwidth, not add latency, limits */
    for (size_t i = 0; i + 16 <= s->n; i += 16)
        for (int l = 0; l < 16; l++)
            acc[l] += s->x[i + l];
    s->sum = 0;
    for (int l = 0; l < 16; l++)
        s->sum += acc[l];
    bench_consume(&s->sum, sizeof s->sum);
}

/* y[i] += s * x[i]: 16 bytes read and 8 written back to lines just read,
 * no write-allocate traffic, the pattern of the router's state and flow. */
static void stream_triad_in_place(void *state, size_t items)
{
    stream *s = state;
    (void)items;
    for (size_t i = 0; i < s->n; i++)
        s->y[i] += 0.5 * s->x[i];
    bench_consume(&s->y[s->n / 2], sizeof s->y[0]);
}

/* ------------------------------------------------------------ dump */

static int dump(const tree *t, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    size_t nodes = t->reaches + 1;
    fprintf(f, "myk10-bench-flood 1 %zu %zu %d %.17g\n", t->reaches, t->steps, SERIES, DT);
    fprintf(f, "# node parent c0 c1 c2 baseflow series\n");
    for (size_t i = 0; i < nodes; i++) {
        myk10_flood_reach_report rep = { 0 };
        if (i > 0 && myk10_flood_router_report(&rep, t->router, i - 1) != MYK10_OK)
            return fclose(f), -1;
        fprintf(f, "%zu %ld %.17g %.17g %.17g %.17g %d\n", i, i ? (long)t->parent[i] : -1L,
                rep.c0, rep.c1, rep.c2, t->base[i], t->series_of[i]);
    }
    fprintf(f, "# series\n");
    for (size_t s = 0; s < SERIES; s++)
        for (size_t j = 0; j < t->steps; j++)
            fprintf(f, "%.17g%c", t->series[s * t->steps + j], j + 1 < t->steps ? ' ' : '\n');
    fprintf(f, "# outlet flow computed by myk10_flood_router_route\n");
    for (size_t j = 0; j < t->steps; j++)
        fprintf(f, "%.17g%c", t->outlet[j], j + 1 < t->steps ? ' ' : '\n');
    return fclose(f) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------ main */

int main(int argc, char **argv)
{
    const char *dump_path = NULL;
    size_t reaches = 100000, steps = 1000;
    double anchor = 0;
    bool route_only = false, update_only = false, no_update = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dump") == 0 && i + 1 < argc)
            dump_path = argv[++i];
        else if (strcmp(argv[i], "--reaches") == 0 && i + 1 < argc)
            reaches = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--steps") == 0 && i + 1 < argc)
            steps = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--shape") == 0 && i + 1 < argc) {
            const char *v = argv[++i];
            if (strcmp(v, "shreve") != 0 && strcmp(v, "recursive") != 0) {
                fprintf(stderr, "bench_flood: --shape wants shreve or recursive\n");
                return 2;
            }
            shreve = strcmp(v, "shreve") == 0;
        } else if (strcmp(argv[i], "--route-only") == 0)
            route_only = true;
        else if (strcmp(argv[i], "--update-only") == 0)
            update_only = true;
        else if (strcmp(argv[i], "--no-update") == 0)
            no_update = true;
        else if (strcmp(argv[i], "--anchor") == 0 && i + 1 < argc)
            anchor = strtod(argv[++i], NULL);
        else {
            fprintf(stderr, "usage: bench_flood [--reaches N] [--steps N] [--shape shreve|recursive] [--dump FILE] "
                            "[--anchor NUMPY_REACH_STEPS_PER_S] [--route-only | --update-only | --no-update]\n");
            return 2;
        }
    }
    if (reaches < 1 || reaches > 50000000 || steps < 1) {
        fprintf(stderr, "bench_flood: --reaches wants 1..5e7, --steps >= 1\n");
        return 2;
    }

    static tree t;
    t.reaches = reaches, t.steps = steps;
    double t0 = bench_now();
    if (myk10_init() != MYK10_OK || make_tree(&t) != 0) {
        fprintf(stderr, "bench_flood: setup failed: %s\n", myk10_last_error());
        return 1;
    }
    double setup = bench_now() - t0;
    size_t segments = myk10_flood_router_segment_count(t.router);

    if (dump_path) {
        myk10_flood_router_reset(t.router);
        route_series(&t, 0);
        return dump(&t, dump_path) == 0 ? 0 : 1;
    }

    size_t leaves = 0;
    for (size_t i = 0; i <= reaches; i++)
        leaves += t.series_of[i] >= 0;
    size_t items = reaches * steps;
    printf("bench_flood: %s tree of %zu Muskingum reaches (depth %zu, %zu headwaters), "
           "%zu steps of %.0f s, median of %d runs, one thread\n",
           shreve ? "Shreve random (topologically random network)" : "random recursive",
           reaches, tree_depth(&t), leaves, steps, DT, REPEATS);
    printf("router segments: %zu (%s), network + router built in %.2f s\n", segments,
           segments == reaches ? "one per reach: no sub-reaching" : "SUB-REACHING HAPPENED", setup);

    if (update_only) /* for perf and callgrind: the forecaster's update alone */
        return bench_forecast_update(t.net) == 0 ? 0 : 1;
    double series_rate =
        bench_median_rate_reset(route_series, reset_router, &t, items, REPEATS);
    bench_report("route, headwater series", "reach-steps", series_rate,
                 anchor > 0 ? "NumPy level-by-level" : "", anchor);
    double base_rate = bench_median_rate_reset(route_baseflow, reset_router, &t, items, REPEATS);
    bench_report("route, baseflow only", "reach-steps", base_rate, "", 0);
    if (route_only) /* for perf and callgrind: the router's rows alone */
        return 0;

    /* Reference kernels: post-order (the old numbering) and reverse level order. */
    uint32_t *post = post_order(&t);
    uint32_t *ins = malloc((reaches + 1) * sizeof *ins);
    if (!post || !ins)
        return 1;
    size_t near = 0, next_slot = 0, lv_near = 0, lv_next = 0, lv_max = 0;
    double mean_gap = 0, lv_gap = 0;
    for (size_t i = 1; i <= reaches; i++) {
        /* The tree is numbered breadth-first (parent < child), so descending
         * index is reverse level order, as the router numbers its slots. */
        ins[i] = (uint32_t)(reaches - i);
        uint32_t d = t.parent[i] == 0 ? (uint32_t)reaches : post[t.parent[i]];
        near += d - post[i] <= 8; /* the inflow lands in the same or the next cache line */
        next_slot += d == post[i] + 1;
        mean_gap += (double)(d - post[i]);
        size_t gap = i - t.parent[i]; /* slot distance in reverse level order */
        lv_near += gap <= 8, lv_next += gap == 1, lv_gap += (double)gap;
        lv_max = gap > lv_max ? gap : lv_max;
    }
    ins[0] = (uint32_t)reaches;
    kernel kp = { 0 }, ki = { 0 };
    if (make_kernel(&kp, &t, post) != 0 || make_kernel(&ki, &t, ins) != 0)
        return 1;
    double kp_rate = bench_median_rate(kernel_pass, &kp, items, REPEATS);
    bench_report("kernel, post-order (old)", "reach-steps", kp_rate, "", 0);
    free_kernel(&kp);
    double ki_rate = bench_median_rate(kernel_pass, &ki, items, REPEATS);
    bench_report("kernel, reverse level order", "reach-steps", ki_rate, "", 0);
    free_kernel(&ki);
    printf("post-order: %.1f%% of reaches feed the next slot (a dependency on the previous "
           "iteration), %.1f%% a slot within 8, mean distance %.1f slots\n",
           100.0 * (double)next_slot / (double)reaches, 100.0 * (double)near / (double)reaches,
           mean_gap / (double)reaches);
    printf("reverse level order: %.1f%% feed the next slot, %.1f%% a slot within 8, "
           "mean distance %.1f slots, largest %zu\n", 100.0 * (double)lv_next / (double)reaches,
           100.0 * (double)lv_near / (double)reaches, lv_gap / (double)reaches, lv_max);
    free(post), free(ins);

    /* Memory bandwidth and the bound it puts on the routing pass. Per
     * segment and step pass_adapt reads a, b, c, in_prev, out_prev, local,
     * flow[s] (8 bytes each) and dst (4), and writes in_prev, out_prev and
     * flow[s] back (8 each); flow[dst] lies in the next level, a window of
     * a few hundred slots that stays in cache (the locality line above). */
    const double read_bytes = 7 * 8 + 4, write_bytes = 3 * 8;
    double bytes = read_bytes + write_bytes;
    double working_set = (double)reaches * read_bytes;
    printf("routing pass streams %.0f B per reach-step (%.0f read + %.0f written); "
           "working set %.1f MB\n", bytes, read_bytes, write_bytes, working_set * 1e-6);
    /* Bandwidth twice: with the router's working set (what the level of the
     * memory hierarchy it lives in delivers) and with 2 x 512 MiB, beyond
     * the L3 this VM reports, i.e. DRAM. The bound divides the in-place
     * triad's rate by the pass's bytes: both read lines and write some of
     * them back in place. (memcpy's 16 B per element hide a write-allocate
     * read unless it streams past the cache, so copy can be off by 1.5x.) */
    size_t ws_elems = (size_t)(working_set / 16); /* two arrays: same bytes as the router */
    if (ws_elems < 4096)
        ws_elems = 4096;
    size_t sizes[2] = { ws_elems, (size_t)1 << 26 };
    const char *what[2] = { "at the working-set size", "2 x 512 MiB (DRAM)" };
    for (int v = 0; v < 2; v++) {
        stream sm = { .n = sizes[v] };
        sm.x = malloc(sm.n * sizeof *sm.x), sm.y = malloc(sm.n * sizeof *sm.y);
        if (!sm.x || !sm.y)
            return 1;
        for (size_t i = 0; i < sm.n; i++)
            sm.x[i] = (double)i, sm.y[i] = 0;
        int reps = v == 0 ? REPEATS : 3;
        double copy_bw = bench_median_rate(stream_copy, &sm, sm.n * 16, reps);
        double read_bw = bench_median_rate(stream_read, &sm, sm.n * 8, reps);
        double triad_bw = bench_median_rate(stream_triad_in_place, &sm, sm.n * 24, reps);
        free(sm.x), free(sm.y);
        double bound = triad_bw / bytes;
        printf("memory bandwidth %-24s copy %6.2f, read %6.2f, in-place triad %6.2f GB/s\n"
               "  -> bound %.3e reach-steps/s (triad / %.0f B); baseflow-only route at %3.0f%%, "
               "headwater-series route at %3.0f%%\n", what[v], copy_bw * 1e-9, read_bw * 1e-9,
               triad_bw * 1e-9, bound, bytes, 100 * base_rate / bound, 100 * series_rate / bound);
    }
    printf("goal >= 2e8 reach-steps/s: headwater-series route at %.0f%% of it%s\n",
           100 * series_rate / 2e8, series_rate >= 2e8 ? " (met)" : " (NOT met)");
    if (anchor > 0)
        printf("goal >= 20x NumPy: %.1fx (%s)\n", series_rate / anchor,
               series_rate / anchor >= 20 ? "met" : "NOT met");

    /* The forecaster's update after one new reading, on the same network. */
    if (!no_update && bench_forecast_update(t.net) != 0)
        return 1;
    myk10_flood_router_destroy(t.router);
    myk10_flood_network_destroy(t.net);
    return 0;
}
