/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target for myk10_flood_network_load_json(): any bytes.
 * Invariants: no crash; a failure explains itself; a loaded network is
 * valid, writes back, and the written text loads to the same text; a
 * router can be built from it. */
#include <stdlib.h>
#include <string.h>

#include <myk10/flood.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    myk10_flood_network *net = NULL;
    if (myk10_flood_network_load_json(&net, (const char *)data, size) != MYK10_OK) {
        if (myk10_last_error()[0] == '\0')
            abort(); /* every failure must explain itself */
        return 0;
    }
    if (myk10_flood_network_validate(net) != MYK10_OK)
        abort();
    char *one = NULL, *two = NULL;
    size_t len = 0;
    myk10_flood_network *back = NULL;
    if (myk10_flood_network_to_json(&one, &len, net) != MYK10_OK ||
        myk10_flood_network_load_json(&back, one, len) != MYK10_OK ||
        myk10_flood_network_to_json(&two, NULL, back) != MYK10_OK || strcmp(one, two) != 0)
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
