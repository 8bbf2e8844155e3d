#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Anchor for bench_flood: the same Muskingum recurrence on the same tree in
vectorised NumPy, level by level.

    bench_flood_numpy.py DUMP [--repeats N] [--check-only]

DUMP is written by `bench_flood --dump`. Reaches are renumbered by
topological level (depth below the outlet) so that each level is one
contiguous slice; per step the headwater series are gathered into the local
inflow vector, then per level, deepest first,

    I_new[level] = local[level] + bincount(children's parent, children's O_new)
    O_new[level] = C0*I_new[level] + (C1*I_old + C2*O_old)[level]

(the bracket, which does not depend on this step's inflows, is computed for
all reaches at once). The outlet's flow is compared with the router's to
1e-9 relative. Prints the median reach-steps/s and a machine-readable line
`RATE <reach-steps/s>`.
"""
import sys
import time

import numpy as np


def load(path):
    with open(path) as f:
        head = f.readline().split()
        if head[:2] != ["myk10-bench-flood", "1"]:
            raise SystemExit(f"{path}: not a bench_flood dump")
        reaches, steps, nseries = int(head[2]), int(head[3]), int(head[4])
        f.readline()
        nodes = np.loadtxt(f, max_rows=reaches + 1, dtype=np.float64)
        f.readline()
        series = np.loadtxt(f, max_rows=nseries, dtype=np.float64, ndmin=2)
        f.readline()
        outlet = np.loadtxt(f, max_rows=1, dtype=np.float64, ndmin=1)
    return reaches, steps, nodes, series, outlet


class Model:
    """The tree renumbered by level; state for one run."""

    def __init__(self, nodes, series):
        parent = nodes[:, 1].astype(np.int64)
        n = len(parent)
        depth = np.full(n, -1, dtype=np.int64)
        depth[0] = 0
        frontier = np.array([0])
        d = 0
        child_order = np.argsort(parent[1:], kind="stable") + 1  # children grouped by parent
        counts = np.bincount(parent[1:], minlength=n)
        starts = np.concatenate(([0], np.cumsum(counts)))
        while len(frontier):
            d += 1
            kids = np.concatenate([child_order[starts[v]:starts[v + 1]] for v in frontier]) \
                if len(frontier) < 64 else child_order[np.isin(parent[child_order], frontier)]
            depth[kids] = d
            frontier = kids
        if (depth < 0).any():
            raise SystemExit("dump: not a tree rooted at node 0")
        self.levels = int(depth.max())
        # new numbering: level 0 (outlet) first, then level 1, 2, ...
        order = np.argsort(depth, kind="stable")
        new = np.empty(n, dtype=np.int64)
        new[order] = np.arange(n)
        bounds = np.searchsorted(depth[order], np.arange(self.levels + 2))
        self.slices = [slice(bounds[l], bounds[l + 1]) for l in range(self.levels + 1)]
        p_new = np.full(n, -1, dtype=np.int64)
        p_new[new[1:]] = new[parent[1:]]
        # per level l >= 1: each reach's parent index relative to level l-1's start
        self.prel = [None] + [p_new[self.slices[l]] - bounds[l - 1] for l in range(1, self.levels + 1)]
        self.sizes = [bounds[l + 1] - bounds[l] for l in range(self.levels + 1)]
        self.c0 = nodes[order, 2]
        self.c1 = nodes[order, 3]
        self.c2 = nodes[order, 4]
        self.base = nodes[order, 5]
        sidx = nodes[order, 6].astype(np.int64)
        self.leaf = np.nonzero(sidx >= 0)[0]
        self.leaf_series = sidx[self.leaf]
        self.series = series
        self.n = n

    def steady(self):
        """Initial state of the router: every reach carries the baseflow upstream."""
        acc = self.base.copy()
        for l in range(self.levels, 0, -1):
            up = self.slices[l - 1]
            acc[up] += np.bincount(self.prel[l], weights=acc[self.slices[l]],
                                   minlength=self.sizes[l - 1])
        return acc.copy(), acc.copy()

    def route(self, steps):
        i_old, o_old = self.steady()
        i_new = np.empty(self.n)
        o_new = np.empty(self.n)
        carry = np.empty(self.n)
        tmp = np.empty(self.n)
        outlet = np.empty(steps)
        sl, prel, sizes = self.slices, self.prel, self.sizes
        c0, c1, c2 = self.c0, self.c1, self.c2
        top = self.levels
        for j in range(steps):
            # C1*I_old + C2*O_old for every reach at once
            np.multiply(c1, i_old, out=carry)
            np.multiply(c2, o_old, out=tmp)
            carry += tmp
            i_new[:] = self.base
            i_new[self.leaf] = self.series[self.leaf_series, j]
            for l in range(top, 0, -1):
                s = sl[l]
                if l < top:
                    i_new[s] += np.bincount(prel[l + 1], weights=o_new[sl[l + 1]],
                                            minlength=sizes[l])
                np.multiply(c0[s], i_new[s], out=o_new[s])
                o_new[s] += carry[s]
            outlet[j] = i_new[0] + o_new[sl[1]].sum()
            i_old, i_new = i_new, i_old
            o_old, o_new = o_new, o_old
        return outlet


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    path = argv[1]
    repeats = 5
    check_only = "--check-only" in argv
    if "--repeats" in argv:
        repeats = int(argv[argv.index("--repeats") + 1])
    reaches, steps, nodes, series, outlet_c = load(path)
    model = Model(nodes, series)
    outlet = model.route(steps)
    rel = np.max(np.abs(outlet - outlet_c) / np.maximum(np.abs(outlet_c), 1e-300))
    ok = rel <= 1e-9
    print(f"bench_flood_numpy: NumPy {np.__version__}, {reaches} reaches, {model.levels} levels, "
          f"{len(model.leaf)} headwaters, {steps} steps; outlet vs libmyk10: max relative "
          f"difference {rel:.2e} ({'OK' if ok else 'MISMATCH'} at 1e-9)")
    if not ok:
        return 1
    if check_only:
        return 0
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        model.route(steps)
        rates.append(reaches * steps / (time.perf_counter() - t0))
    rate = float(np.median(rates))
    print(f"level-by-level NumPy           {rate:12.3e} reach-steps/s (median of {repeats} runs)")
    print(f"RATE {rate:.6e}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
