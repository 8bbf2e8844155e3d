/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The codec registry: a small array of named decoders. A county runs a
 * handful to a few dozen codecs, so a linear scan with strcmp is faster than
 * any hash for the lookups that matter and keeps registration order for
 * listing.
 */
#include <stdio.h>
#include <string.h>

#include "frame/codec_internal.h"

#define NAME_MAX_LEN 63

typedef myk10_status (*builtin_fn)(myk10_measurements *out, const myk10_codec_context *ctx,
                                   const uint8_t *payload, size_t len);

typedef enum codec_kind { CODEC_BUILTIN, CODEC_HOST, CODEC_DECLARATIVE } codec_kind;

typedef struct codec_entry {
    char name[NAME_MAX_LEN + 1];
    codec_kind kind;
    builtin_fn builtin;
    myk10_codec_fn host;
    void *user_data;
    myk10_codec_release_fn release;
    myk10__declarative *declarative;
} codec_entry;

struct myk10_codec_registry {
    codec_entry *entries;
    size_t count;
    size_t cap;
};

static const struct {
    const char *name;
    builtin_fn fn;
} builtin_codecs[] = {
    { "cayenne-lpp", myk10_lpp_decode },
    { "senml-json", myk10_senml_json_decode },
    { "senml-cbor", myk10_senml_cbor_decode },
    { "dragino-ldds75", myk10__dragino_ldds75_decode },
    { "dragino-ps-lb", myk10__dragino_ps_lb_decode },
    { "milesight-em500-udl", myk10__milesight_em500_udl_decode },
    { "milesight-em500-swl", myk10__milesight_em500_swl_decode },
    { "decentlab-dl-mbx", myk10__decentlab_dl_mbx_decode },
};

static bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

static myk10_status check_name(const char *name)
{
    if (!name || !*name)
        return myk10__fail(MYK10_EINVAL, "codec: name is NULL or empty");
    size_t len = strlen(name);
    if (len > NAME_MAX_LEN)
        return myk10__fail(MYK10_EINVAL, "codec: name longer than %d bytes", NAME_MAX_LEN);
    for (size_t i = 0; i < len; i++)
        if (!is_name_char(name[i]))
            return myk10__fail(MYK10_EINVAL, "codec: name '%s' has invalid character at byte %zu"
                               " (allowed: a-z 0-9 - _ .)", name, i);
    return MYK10_OK;
}

static codec_entry *find_entry(const myk10_codec_registry *reg, const char *name)
{
    for (size_t i = 0; i < reg->count; i++)
        if (strcmp(reg->entries[i].name, name) == 0)
            return &reg->entries[i];
    return NULL;
}

/* Validates the name and reserves a zeroed slot for it. */
static myk10_status add_entry(codec_entry **out, myk10_codec_registry *reg, const char *name)
{
    myk10_status status = check_name(name);
    if (status != MYK10_OK)
        return status;
    if (find_entry(reg, name))
        return myk10__fail(MYK10_EEXISTS, "codec: '%s' is already registered", name);
    if (reg->count == reg->cap) {
        size_t cap = reg->cap ? reg->cap * 2 : 16;
        codec_entry *grown = myk10__realloc(reg->entries, cap * sizeof *grown);
        if (!grown)
            return myk10__fail(MYK10_ENOMEM, "codec: out of memory");
        reg->entries = grown;
        reg->cap = cap;
    }
    codec_entry *entry = &reg->entries[reg->count++];
    memset(entry, 0, sizeof *entry);
    memcpy(entry->name, name, strlen(name) + 1);
    *out = entry;
    return MYK10_OK;
}

static void release_entry(codec_entry *entry)
{
    if (entry->kind == CODEC_HOST && entry->release)
        entry->release(entry->user_data);
    if (entry->kind == CODEC_DECLARATIVE)
        myk10__declarative_free(entry->declarative);
}

myk10_status myk10_codec_registry_create(myk10_codec_registry **out)
{
    if (!out)
        return myk10__fail(MYK10_EINVAL, "codec: out is NULL");
    myk10_codec_registry *reg = myk10__calloc(1, sizeof *reg);
    if (!reg)
        return myk10__fail(MYK10_ENOMEM, "codec: out of memory");
    for (size_t i = 0; i < sizeof builtin_codecs / sizeof builtin_codecs[0]; i++) {
        codec_entry *entry;
        myk10_status status = add_entry(&entry, reg, builtin_codecs[i].name);
        if (status != MYK10_OK) {
            myk10_codec_registry_destroy(reg);
            return status;
        }
        entry->kind = CODEC_BUILTIN;
        entry->builtin = builtin_codecs[i].fn;
    }
    *out = reg;
    return MYK10_OK;
}

void myk10_codec_registry_destroy(myk10_codec_registry *reg)
{
    if (!reg)
        return;
    for (size_t i = 0; i < reg->count; i++)
        release_entry(&reg->entries[i]);
    myk10__free(reg->entries);
    myk10__free(reg);
}

myk10_status myk10_codec_registry_register(myk10_codec_registry *reg, const char *name,
                                           myk10_codec_fn fn, void *user_data,
                                           myk10_codec_release_fn release)
{
    if (!reg || !fn)
        return myk10__fail(MYK10_EINVAL, "codec: NULL registry or callback");
    codec_entry *entry;
    myk10_status status = add_entry(&entry, reg, name);
    if (status != MYK10_OK)
        return status;
    entry->kind = CODEC_HOST;
    entry->host = fn;
    entry->user_data = user_data;
    entry->release = release;
    return MYK10_OK;
}

myk10_status myk10_codec_registry_register_declarative(myk10_codec_registry *reg,
                                                       const char *name, const char *json,
                                                       size_t len)
{
    if (!reg || !json)
        return myk10__fail(MYK10_EINVAL, "codec: NULL registry or description");
    myk10_status status = check_name(name);
    if (status != MYK10_OK)
        return status;
    if (find_entry(reg, name))
        return myk10__fail(MYK10_EEXISTS, "codec: '%s' is already registered", name);
    myk10__declarative *codec;
    status = myk10__declarative_compile(&codec, json, len);
    if (status != MYK10_OK)
        return status;
    codec_entry *entry;
    status = add_entry(&entry, reg, name);
    if (status != MYK10_OK) {
        myk10__declarative_free(codec);
        return status;
    }
    entry->kind = CODEC_DECLARATIVE;
    entry->declarative = codec;
    return MYK10_OK;
}

myk10_status myk10_codec_registry_unregister(myk10_codec_registry *reg, const char *name)
{
    if (!reg || !name)
        return myk10__fail(MYK10_EINVAL, "codec: NULL argument");
    codec_entry *entry = find_entry(reg, name);
    if (!entry)
        return myk10__fail(MYK10_ENOTFOUND, "codec: no codec named '%s'", name);
    release_entry(entry);
    size_t index = (size_t)(entry - reg->entries);
    memmove(entry, entry + 1, (reg->count - index - 1) * sizeof *entry);
    reg->count--;
    return MYK10_OK;
}

bool myk10_codec_registry_contains(const myk10_codec_registry *reg, const char *name)
{
    return reg && name && find_entry(reg, name) != NULL;
}

size_t myk10_codec_registry_count(const myk10_codec_registry *reg)
{
    return reg ? reg->count : 0;
}

const char *myk10_codec_registry_name(const myk10_codec_registry *reg, size_t index)
{
    return reg && index < reg->count ? reg->entries[index].name : NULL;
}

/* Host code can fail with any status and any message; what the caller of the
 * registry needs is one code that says "the host's codec refused", with the
 * host's own detail kept in the message. */
static myk10_status call_host(myk10_measurements *out, const codec_entry *entry,
                              const myk10_codec_context *ctx, const uint8_t *payload,
                              size_t len)
{
    myk10_clear_error();
    myk10_status status = entry->host(out, ctx, payload, len, entry->user_data);
    if (status == MYK10_OK)
        return MYK10_OK;
    char detail[200]; /* the message buffer is about to be overwritten */
    snprintf(detail, sizeof detail, "%s", myk10_last_error());
    return myk10__fail(MYK10_ECALLBACK, "codec '%s': host callback failed with %s%s%s",
                       entry->name, myk10_status_name(status), *detail ? ": " : "", detail);
}

static myk10_status run_entry(myk10_measurements *out, const codec_entry *entry,
                              const myk10_codec_context *ctx, const uint8_t *payload,
                              size_t len)
{
    switch (entry->kind) {
    case CODEC_BUILTIN:
        return entry->builtin(out, ctx, payload, len);
    case CODEC_HOST:
        return call_host(out, entry, ctx, payload, len);
    case CODEC_DECLARATIVE:
        return myk10__declarative_decode(out, ctx, payload, len, entry->declarative);
    }
    return myk10__fail(MYK10_EINVAL, "codec '%s': corrupt entry", entry->name);
}

myk10_status myk10_codec_registry_decode(myk10_measurements *out,
                                         const myk10_codec_registry *reg, const char *name,
                                         const myk10_codec_context *ctx,
                                         const uint8_t *payload, size_t len)
{
    if (!out || !reg || !name || (!payload && len))
        return myk10__fail(MYK10_EINVAL, "codec: NULL argument");
    const codec_entry *entry = find_entry(reg, name);
    if (!entry)
        return myk10__fail(MYK10_ENOTFOUND, "codec: no codec named '%s'", name);
    ctx = myk10__context_or_default(ctx);

    myk10__list_mark mark;
    myk10__measurements_mark(out, &mark);
    static const uint8_t empty[1];
    myk10_status status = run_entry(out, entry, ctx, payload ? payload : empty, len);
    if (status == MYK10_OK)
        status = myk10__derive_water_levels(out, mark.count, ctx);
    if (status != MYK10_OK)
        myk10__measurements_rollback(out, &mark);
    return status;
}
