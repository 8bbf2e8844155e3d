/* SPDX-License-Identifier: Apache-2.0 */
/* The flood network fuzz targets (JSON and GeoJSON) differ only in the
 * loader and writer they use. Invariants: no crash; a failure explains
 * itself; a loaded network is valid, writes back, and the written text loads
 * to the same text; a router can be built from it. */
#ifndef MYK10_FUZZ_FLOOD_NETWORK_H
#define MYK10_FUZZ_FLOOD_NETWORK_H

#include <stdlib.h>
#include <string.h>

#include <myk10/flood.h>

typedef myk10_status (*network_load_fn)(myk10_flood_network **, const char *, size_t);
typedef myk10_status (*network_save_fn)(char **, size_t *, const myk10_flood_network *);

/* The whole target for one format: `load` and `save` are its loader and writer. */
static inline int fuzz_flood_network(const uint8_t *data, size_t size, network_load_fn load,
                                     network_save_fn save)
{
    myk10_flood_network *net = NULL;
    if (load(&net, (const char *)data, size) != MYK10_OK) {
        if (myk10_last_error()[0] == '\0')
            abort(); /* every failure must explain itself */
        return 0;
    }
    if (myk10_flood_network_validate(net) != MYK10_OK)
        abort();
    char *one = NULL, *two = NULL;
    size_t len = 0;
    myk10_flood_network *back = NULL;
    if (save(&one, &len, net) != MYK10_OK ||
        load(&back, one, len) != MYK10_OK ||
        save(&two, NULL, back) != MYK10_OK || strcmp(one, two) != 0)
        abort();
    myk10_flood_router *router = NULL;
    myk10_status st = myk10_flood_router_create(&router, net, 900, MYK10_FLOOD_ADAPT);
    if (st == MYK10_OK)
        myk10_flood_router_route(router, NULL, NULL, 4);
    else if (st != MYK10_ERANGE && st != MYK10_ENOMEM)
        abort();
    myk10_flood_router_destroy(router);
    myk10_free(one);
    myk10_free(two);
    myk10_flood_network_destroy(back);
    myk10_flood_network_destroy(net);
    return 0;
}

#endif /* MYK10_FUZZ_FLOOD_NETWORK_H */
