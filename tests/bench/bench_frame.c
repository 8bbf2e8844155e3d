/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Benchmark of the LoRaWAN frame path on 1 000 000 random uplinks (12-64
 * bytes) from 10 000 LoRaWAN 1.0 devices, one thread, median of 7 runs:
 *
 *   parse                myk10_frame_parse
 *   parse+MIC            + DevAddr lookup, FCnt32 reconstruction, myk10_frame_verify
 *                          with the device's own myk10_frame_keys
 *   parse+MIC+decrypt    + myk10_frame_decrypt
 *   session uplink       myk10_session_uplink: parse, lookup, FCnt32, MIC,
 *                          counter check and advance, decrypt
 *   AES floor            the AES block operations alone that a frame needs
 *                          (CMAC chain over B0|msg, keystream blocks), on one
 *                          OpenSSL EVP AES-128-ECB context
 *
 * The anchor is lora-packet, measured by bench_lora_packet.js on the first
 * 20 000 of the same frames; tests/bench/bench_frame.sh runs both:
 *   bench_frame --dump FILE        writes devices and anchor frames, exits
 *   bench_frame --anchor P,M,D     lora-packet's frames/s for the three paths
 *
 * Heap allocations made inside the measured loops are counted by wrapping
 * malloc/calloc/realloc in this executable (glibc, no sanitizer): the
 * dynamic linker binds libmyk10's, OpenSSL's and libsodium's calls to them.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include <myk10/myk10.h>

#include "bench_util.h"

#define DEVICES 10000 /* default; --sessions N for fewer (working-set comparisons) */
#define FRAMES 1000000
#define ANCHOR_FRAMES 20000
#define REPEATS 7
#define SLOTS 32768 /* DevAddr hash table: a power of two, > 2 x DEVICES */

/* ------------------------------------------------------ allocation counting */

#if defined(__has_feature)
#  if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#    define NO_ALLOC_HOOKS 1
#  endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#  define NO_ALLOC_HOOKS 1
#endif

static uint32_t device_count = DEVICES;

static volatile bool counting;
static unsigned long long allocations;

#if defined(__GLIBC__) && !defined(NO_ALLOC_HOOKS)
#  define HAVE_ALLOC_HOOKS 1
/* glibc's own entry points, so the wrappers need neither dlsym nor LD_PRELOAD. */
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *ptr, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

void *malloc(size_t size)
{
    if (counting)
        allocations++;
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size)
{
    if (counting)
        allocations++;
    return __libc_calloc(count, size);
}

void *realloc(void *ptr, size_t size)
{
    if (counting)
        allocations++;
    return __libc_realloc(ptr, size);
}

void *aligned_alloc(size_t alignment, size_t size)
{
    if (counting)
        allocations++;
    return __libc_memalign(alignment, size);
}
#endif

/* ---------------------------------------------------------------- workload */

typedef struct device {
    uint32_t dev_addr;
    uint32_t fcnt_base; /* counter of the device's first frame */
    uint32_t next;      /* frames drawn so far */
    uint8_t nwk_s_key[16], app_s_key[16];
    myk10_frame_keys *keys;
} device;

typedef struct workload {
    device *devices;
    uint32_t slots[SLOTS]; /* DevAddr -> device index + 1, open addressing */
    uint8_t *bytes;        /* frames back to back */
    uint32_t *offset;
    uint8_t *size;
    uint8_t *mic_blocks;   /* AES blocks of the CMAC over B0 | msg */
    uint8_t *payload_blocks; /* AES keystream blocks of the FRMPayload */
    size_t count;
    myk10_session_table *table;
    EVP_CIPHER_CTX *aes;   /* the floor's one context */
    unsigned long long ok; /* frames that passed in the last run */
} workload;

static uint32_t slot_of(uint32_t dev_addr)
{
    return (dev_addr * 2654435761u) >> 17; /* top 15 bits: 0 .. SLOTS-1 */
}

/* The network server's first step: which device (and keys) sent this. */
static device *lookup(workload *w, uint32_t dev_addr)
{
    for (uint32_t s = slot_of(dev_addr);; s = (s + 1) & (SLOTS - 1)) {
        uint32_t v = w->slots[s];
        if (v == 0)
            return NULL;
        if (w->devices[v - 1].dev_addr == dev_addr)
            return &w->devices[v - 1];
    }
}

/* FCnt32 from the 16 bits on air and the device's last known counter (here
 * its first frame's, so that every run sees the same state). */
static uint32_t fcnt32(const device *d, uint16_t fcnt16)
{
    uint32_t f = (d->fcnt_base & 0xFFFF0000u) | fcnt16;
    return f < d->fcnt_base ? f + 0x10000u : f;
}

static uint64_t next_random(uint64_t *s)
{
    /* splitmix64: fast, and the same frames on every machine */
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void random_bytes(uint8_t *out, size_t n, uint64_t *s)
{
    for (size_t i = 0; i < n; i++)
        out[i] = (uint8_t)next_random(s);
}

static int make_devices(workload *w, uint64_t *seed)
{
    w->devices = calloc(device_count, sizeof *w->devices);
    if (!w->devices || myk10_session_table_create(&w->table) != MYK10_OK)
        return -1;
    memset(w->slots, 0, sizeof w->slots);
    for (uint32_t i = 0; i < device_count; i++) {
        device *d = &w->devices[i];
        do
            d->dev_addr = (uint32_t)next_random(seed);
        while (lookup(w, d->dev_addr));
        uint32_t s = slot_of(d->dev_addr);
        while (w->slots[s])
            s = (s + 1) & (SLOTS - 1);
        w->slots[s] = i + 1;
        /* A quarter of the devices sit just below a 16-bit wrap, so FCnt32
         * reconstruction crosses it during the run. */
        uint32_t base = (uint32_t)next_random(seed) & 0x7FFFFFFFu;
        d->fcnt_base = 1 + (i % 4 == 0 ? (base | 0xFFC0u) : base);
        random_bytes(d->nwk_s_key, 16, seed);
        random_bytes(d->app_s_key, 16, seed);
        if (myk10_frame_keys_create(&d->keys, MYK10_LORAWAN_1_0) != MYK10_OK ||
            myk10_frame_keys_set_nwk_s_key(d->keys, d->nwk_s_key) != MYK10_OK ||
            myk10_frame_keys_set(d->keys, MYK10_KEY_APP_S, d->app_s_key) != MYK10_OK)
            return -1;
        myk10_session_info info;
        memset(&info, 0, sizeof info);
        info.dev_eui = 0x70B3D50000000000ull + i;
        info.dev_addr = d->dev_addr;
        info.has_fcnt_up = true;
        info.fcnt_up = d->fcnt_base - 1;
        if (myk10_session_add(w->table, &info, d->keys) != MYK10_OK)
            return -1;
    }
    return 0;
}

/* Uplinks of 12..64 bytes: 12 is a bare header, 13 an FPort without payload;
 * one in eight carries 1..5 bytes of FOpts; half are confirmed. */
static int make_frames(workload *w, uint64_t *seed)
{
    w->count = FRAMES;
    w->bytes = malloc((size_t)FRAMES * 64);
    w->offset = malloc(FRAMES * sizeof *w->offset);
    w->size = malloc(FRAMES);
    w->mic_blocks = malloc(FRAMES);
    w->payload_blocks = malloc(FRAMES);
    if (!w->bytes || !w->offset || !w->size || !w->mic_blocks || !w->payload_blocks)
        return -1;
    uint32_t at = 0;
    for (size_t i = 0; i < FRAMES; i++) {
        uint64_t r = next_random(seed);
        device *d = &w->devices[r % device_count];
        size_t total = 12 + (size_t)((r >> 20) % 53);
        uint8_t fopts[5], payload[64];
        myk10_frame_data_fields in;
        memset(&in, 0, sizeof in);
        in.mtype = (r >> 40) & 1 ? MYK10_FRAME_CONFIRMED_UP : MYK10_FRAME_UNCONFIRMED_UP;
        in.dev_addr = d->dev_addr;
        in.adr = (r >> 41) & 1;
        in.params.fcnt = d->fcnt_base + d->next++;
        if (total > 12) {
            in.fopts_size = (r >> 42) % 8 == 0 ? 1 + (size_t)((r >> 45) % 5) : 0;
            if (total - 13 < in.fopts_size)
                in.fopts_size = total - 13;
            random_bytes(fopts, in.fopts_size, seed);
            in.fopts = fopts;
            in.has_fport = true;
            in.fport = (uint8_t)(1 + (r >> 48) % 223);
            in.payload_size = total - 13 - in.fopts_size;
            random_bytes(payload, in.payload_size, seed);
            in.payload = payload;
        }
        size_t n = 0;
        if (myk10_frame_encode_data(w->bytes + at, 64, &n, &in, d->keys) != MYK10_OK ||
            n != total) {
            fprintf(stderr, "bench_frame: encode: %s\n", myk10_last_error());
            return -1;
        }
        w->offset[i] = at;
        w->size[i] = (uint8_t)n;
        w->mic_blocks[i] = (uint8_t)((16 + (n - 4) + 15) / 16);
        w->payload_blocks[i] = (uint8_t)((in.payload_size + 15) / 16);
        at += (uint32_t)n;
    }
    return 0;
}

/* ------------------------------------------------------------------- paths */

static void path_parse(void *state, size_t items)
{
    workload *w = state;
    unsigned long long ok = 0;
    uint32_t sum = 0;
    counting = true;
    for (size_t i = 0; i < items; i++) {
        myk10_frame f;
        if (myk10_frame_parse(&f, w->bytes + w->offset[i], w->size[i]) == MYK10_OK) {
            sum += f.data.dev_addr + f.data.fcnt16; /* so the parse is not optimised away */
            ok++;
        }
    }
    counting = false;
    bench_consume(&sum, sizeof sum);
    w->ok = ok;
}

/* Parse, find the device, verify; with `decrypt` also decrypt. */
static unsigned long long mic_path(workload *w, size_t items, bool decrypt)
{
    unsigned long long ok = 0;
    uint8_t plain[MYK10_FRAME_MAX_SIZE];
    for (size_t i = 0; i < items; i++) {
        myk10_frame f;
        if (myk10_frame_parse(&f, w->bytes + w->offset[i], w->size[i]) != MYK10_OK)
            continue;
        device *d = lookup(w, f.data.dev_addr);
        if (!d)
            continue;
        myk10_frame_params params = { .fcnt = fcnt32(d, f.data.fcnt16) };
        if (myk10_frame_verify(&f, d->keys, &params) != MYK10_OK)
            continue;
        if (decrypt) {
            size_t n;
            if (myk10_frame_decrypt(plain, sizeof plain, &n, &f, d->keys, params.fcnt) !=
                MYK10_OK)
                continue;
            bench_consume(plain, n ? 1 : 0);
        }
        ok++;
    }
    return ok;
}

static void path_mic(void *state, size_t items)
{
    workload *w = state;
    counting = true;
    w->ok = mic_path(w, items, false);
    counting = false;
}

static void path_decrypt(void *state, size_t items)
{
    workload *w = state;
    counting = true;
    w->ok = mic_path(w, items, true);
    counting = false;
}

/* Back to "no frame seen since the first one's predecessor", untimed. */
static void reset_sessions(void *state)
{
    workload *w = state;
    for (uint32_t i = 0; i < device_count; i++) {
        myk10_session_info info;
        if (myk10_session_get_at(&info, w->table, i) != MYK10_OK)
            continue;
        device *d = lookup(w, info.dev_addr);
        info.has_fcnt_up = true;
        info.fcnt_up = d->fcnt_base - 1;
        info.last_confirmed = false;
        info.retransmitted = false;
        myk10_session_update(w->table, &info);
    }
}

static void path_session(void *state, size_t items)
{
    workload *w = state;
    unsigned long long ok = 0;
    uint8_t buf[MYK10_FRAME_MAX_SIZE];
    counting = true;
    for (size_t i = 0; i < items; i++) {
        myk10_session_result res;
        if (myk10_session_uplink(&res, buf, sizeof buf, w->table, w->bytes + w->offset[i],
                                 w->size[i], NULL) == MYK10_OK) {
            bench_consume(buf, res.payload_size ? 1 : 0);
            ok++;
        }
    }
    counting = false;
    w->ok = ok;
}

/* The AES work alone: CMAC blocks one after the other (each depends on the
 * previous), the keystream blocks in one call, as a frame needs them. */
static void aes_floor(workload *w, size_t items, bool decrypt)
{
    uint8_t chain[16] = { 0 }, stream[16 * 16];
    int len;
    memset(stream, 0, sizeof stream);
    for (size_t i = 0; i < items; i++) {
        for (unsigned b = 0; b < w->mic_blocks[i]; b++)
            EVP_EncryptUpdate(w->aes, chain, &len, chain, 16);
        if (decrypt && w->payload_blocks[i])
            EVP_EncryptUpdate(w->aes, stream, &len, stream, 16 * w->payload_blocks[i]);
    }
    bench_consume(chain, 1);
    bench_consume(stream, 1);
}

static void floor_mic(void *state, size_t items)
{
    aes_floor(state, items, false);
}

static void floor_decrypt(void *state, size_t items)
{
    aes_floor(state, items, true);
}

/* -------------------------------------------------------------- reporting */

static bool check_all_passed(const workload *w, const char *path, size_t items)
{
    if (w->ok == items)
        return true;
    fprintf(stderr, "bench_frame: %s: only %llu of %zu frames passed (%s)\n", path, w->ok,
            items, myk10_last_error());
    return false;
}

static void report_allocations(const char *path, unsigned long long before)
{
#ifdef HAVE_ALLOC_HOOKS
    printf("  heap allocations in the measured loops (%d runs + warm-up): %llu\n", REPEATS,
           allocations - before);
#else
    (void)before;
    printf("  heap allocations: not counted in this build (%s)\n", path);
#endif
}

/* Writes the devices and the first ANCHOR_FRAMES frames for the lora-packet
 * side: "D devaddr fcnt_base nwkskey appskey" and "F phy" lines, hex. */
static int dump(const workload *w, const char *path)
{
    FILE *out = fopen(path, "w");
    if (!out)
        return -1;
    for (size_t i = 0; i < device_count; i++) {
        const device *d = &w->devices[i];
        fprintf(out, "D %08" PRIx32 " %" PRIu32 " ", d->dev_addr, d->fcnt_base);
        for (int k = 0; k < 16; k++)
            fprintf(out, "%02x", d->nwk_s_key[k]);
        fputc(' ', out);
        for (int k = 0; k < 16; k++)
            fprintf(out, "%02x", d->app_s_key[k]);
        fputc('\n', out);
    }
    for (size_t i = 0; i < ANCHOR_FRAMES; i++) {
        fputs("F ", out);
        for (size_t k = 0; k < w->size[i]; k++)
            fprintf(out, "%02x", w->bytes[w->offset[i] + k]);
        fputc('\n', out);
    }
    return fclose(out) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    const char *dump_path = NULL;
    double anchor[3] = { 0, 0, 0 };
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dump") == 0 && i + 1 < argc) {
            dump_path = argv[++i];
        } else if (strcmp(argv[i], "--sessions") == 0 && i + 1 < argc) {
            long n = strtol(argv[++i], NULL, 10);
            if (n < 16 || n > DEVICES) { /* >= 16: a device sends < 65536 frames, see fcnt32() */
                fprintf(stderr, "bench_frame: --sessions wants 16..%d\n", DEVICES);
                return 2;
            }
            device_count = (uint32_t)n;
        } else if (strcmp(argv[i], "--anchor") == 0 && i + 1 < argc) {
            if (sscanf(argv[++i], "%lf,%lf,%lf", &anchor[0], &anchor[1], &anchor[2]) != 3) {
                fprintf(stderr, "bench_frame: --anchor wants PARSE,MIC,DECRYPT frames/s\n");
                return 2;
            }
        } else {
            fprintf(stderr, "usage: bench_frame [--sessions N] [--dump FILE] [--anchor PARSE,MIC,DECRYPT]\n");
            return 2;
        }
    }

    static workload w;
    uint64_t seed = 20261126;
    if (myk10_init() != MYK10_OK || make_devices(&w, &seed) != 0 || make_frames(&w, &seed) != 0) {
        fprintf(stderr, "bench_frame: setup failed: %s\n", myk10_last_error());
        return 1;
    }
    if (dump_path)
        return dump(&w, dump_path) == 0 ? 0 : 1;

#ifdef HAVE_ALLOC_HOOKS
    {
        /* Proves the wrappers see the library's allocations: creating a keys
         * object allocates OpenSSL contexts through malloc. */
        myk10_frame_keys *probe = NULL;
        counting = true;
        if (myk10_frame_keys_create(&probe, MYK10_LORAWAN_1_0) == MYK10_OK)
            myk10_frame_keys_set(probe, MYK10_KEY_APP_S, w.devices[0].app_s_key);
        counting = false;
        myk10_frame_keys_destroy(probe);
        printf("allocation counter self-check: keys_create + keys_set made %llu heap "
               "allocations\n", allocations);
        allocations = 0;
    }
#endif

    w.aes = EVP_CIPHER_CTX_new();
    static const uint8_t aes_key[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
    if (!w.aes || EVP_EncryptInit_ex(w.aes, EVP_aes_128_ecb(), NULL, aes_key, NULL) != 1) {
        fprintf(stderr, "bench_frame: OpenSSL AES-128-ECB unavailable\n");
        return 1;
    }
    EVP_CIPHER_CTX_set_padding(w.aes, 0);

    size_t bytes = 0, mic_blocks = 0, payload_blocks = 0;
    for (size_t i = 0; i < w.count; i++) {
        bytes += w.size[i];
        mic_blocks += w.mic_blocks[i];
        payload_blocks += w.payload_blocks[i];
    }
    printf("bench_frame: %d uplinks (12-64 bytes, mean %.1f) from %" PRIu32 " LoRaWAN 1.0 "
           "sessions, median of %d runs, one thread\n", FRAMES, (double)bytes / FRAMES,
           device_count, REPEATS);
    printf("AES blocks per frame: %.2f for the MIC, %.2f for the payload\n",
           (double)mic_blocks / FRAMES, (double)payload_blocks / FRAMES);
    if (anchor[0] > 0)
        printf("anchor: lora-packet 0.9.3 on the first %d of the same frames (bench_lora_packet.js)\n",
               ANCHOR_FRAMES);

    bool ok = true;
    unsigned long long before;
    double floor_m = bench_median_rate(floor_mic, &w, w.count, REPEATS);
    double floor_d = bench_median_rate(floor_decrypt, &w, w.count, REPEATS);

    before = allocations;
    double parse = bench_median_rate(path_parse, &w, w.count, REPEATS);
    ok &= check_all_passed(&w, "parse", w.count);
    bench_report("parse (myk10)", "frames", parse, "fromWire (lora-packet)", anchor[0]);
    report_allocations("parse", before);

    before = allocations;
    double mic = bench_median_rate(path_mic, &w, w.count, REPEATS);
    ok &= check_all_passed(&w, "parse+MIC", w.count);
    bench_report("parse+MIC (myk10)", "frames", mic, "+verifyMIC (lora-packet)", anchor[1]);
    report_allocations("parse+MIC", before);

    before = allocations;
    double dec = bench_median_rate(path_decrypt, &w, w.count, REPEATS);
    ok &= check_all_passed(&w, "parse+MIC+decrypt", w.count);
    bench_report("parse+MIC+decrypt (myk10)", "frames", dec, "+decrypt (lora-packet)", anchor[2]);
    report_allocations("parse+MIC+decrypt", before);

    before = allocations;
    double sess = bench_median_rate_reset(path_session, reset_sessions, &w, w.count, REPEATS);
    ok &= check_all_passed(&w, "session uplink", w.count);
    bench_report("session uplink (myk10)", "frames", sess, "+decrypt (lora-packet)", anchor[2]);
    printf("  (parse + lookup + FCnt32 + MIC + counter check + decrypt; lora-packet has no "
           "counter check)\n");
    report_allocations("session uplink", before);

    bench_report("AES floor, MIC blocks", "frames", floor_m, NULL, 0);
    bench_report("AES floor, MIC+payload", "frames", floor_d, NULL, 0);
    printf("distance from the AES floor (floor rate / path rate):\n");
    printf("  parse+MIC %.2fx, parse+MIC+decrypt %.2fx, session uplink %.2fx\n", floor_m / mic,
           floor_d / dec, floor_d / sess);
    printf("  AES floor: %.1f ns/frame for MIC+payload (%.1f ns per block)\n", 1e9 / floor_d,
           1e9 / floor_d / ((double)(mic_blocks + payload_blocks) / FRAMES));

    for (size_t i = 0; i < device_count; i++)
        myk10_frame_keys_destroy(w.devices[i].keys);
    myk10_session_table_destroy(w.table);
    EVP_CIPHER_CTX_free(w.aes);
    free(w.devices);
    free(w.bytes);
    free(w.offset);
    free(w.size);
    free(w.mic_blocks);
    free(w.payload_blocks);
    return ok ? 0 : 1;
}
