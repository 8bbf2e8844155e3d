/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The keys object: AES-128 units with pre-expanded OpenSSL contexts and
 * CMAC subkeys, in libsodium guarded memory; AES-CMAC and the LoRaWAN
 * keystream on top of them; OTAA key derivation.
 */
#include <string.h>

#include <openssl/evp.h>
#include <sodium.h>

#include "frame_internal.h"

static const char *const role_names[MYK10_KEY_ROLE_COUNT] = {
    "AppSKey", "FNwkSIntKey", "SNwkSIntKey", "NwkSEncKey",
    "AppKey",  "NwkKey",      "JSIntKey",    "JSEncKey",
};

const char *myk10_frame_key_role_name(myk10_frame_key_role role)
{
    unsigned index = (unsigned)role;
    return index < MYK10_KEY_ROLE_COUNT ? role_names[index] : "unknown";
}

static bool role_valid(myk10_frame_key_role role)
{
    return (unsigned)role < MYK10_KEY_ROLE_COUNT;
}

/* ------------------------------------------------------------- AES units */

static EVP_CIPHER_CTX *new_encrypt_ctx(const EVP_CIPHER *cipher, const uint8_t key[16])
{
    static const uint8_t zero_iv[AES_BLOCK] = { 0 };
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (!ctx)
        return NULL;
    if (EVP_EncryptInit_ex(ctx, cipher, NULL, key, zero_iv) != 1 ||
        EVP_CIPHER_CTX_set_padding(ctx, 0) != 1) {
        EVP_CIPHER_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

myk10_status frame_aes_ecb(frame_aes *aes, uint8_t *out, const uint8_t *in, size_t blocks)
{
    int written = 0;
    if (EVP_EncryptUpdate(aes->ecb, out, &written, in, (int)(blocks * AES_BLOCK)) != 1 ||
        (size_t)written != blocks * AES_BLOCK)
        return myk10__fail(MYK10_ECRYPTO, "frame: AES-ECB encryption failed in OpenSSL");
    return MYK10_OK;
}

/* RFC 4493 section 2.3: doubling in GF(2^128). */
static void cmac_double(uint8_t out[AES_BLOCK], const uint8_t in[AES_BLOCK])
{
    uint8_t carry = in[0] >> 7;
    for (int i = 0; i < AES_BLOCK - 1; i++)
        out[i] = (uint8_t)((in[i] << 1) | (in[i + 1] >> 7));
    out[AES_BLOCK - 1] = (uint8_t)((in[AES_BLOCK - 1] << 1) ^ (carry ? 0x87 : 0x00));
}

void frame_aes_release(frame_aes *aes)
{
    EVP_CIPHER_CTX_free(aes->ecb); /* OpenSSL cleanses the key schedule */
    sodium_memzero(aes, sizeof *aes);
}

myk10_status frame_aes_init(frame_aes *aes, const uint8_t key[16])
{
    uint8_t l[AES_BLOCK] = { 0 };
    memset(aes, 0, sizeof *aes);
    memcpy(aes->key, key, MYK10_FRAME_KEY_SIZE);
    aes->ecb = new_encrypt_ctx(EVP_aes_128_ecb(), key);
    if (!aes->ecb || frame_aes_ecb(aes, l, l, 1) != MYK10_OK) {
        frame_aes_release(aes);
        return myk10__fail(MYK10_ECRYPTO, "frame: OpenSSL cannot set up AES-128");
    }
    cmac_double(aes->k1, l);
    cmac_double(aes->k2, aes->k1);
    sodium_memzero(l, sizeof l);
    aes->refs = 1;
    return MYK10_OK;
}

/*
 * A context meant for re-keying. Padding is left at its default: it only
 * matters to EVP_EncryptFinal, which is never called (whole blocks only),
 * and OpenSSL 3.0 re-applies a changed padding setting through its
 * parameter machinery on every re-key (measured 134 ns instead of 85 ns).
 */
struct evp_cipher_ctx_st *frame_aes_new_ctx(void)
{
    static const uint8_t zero_key[MYK10_FRAME_KEY_SIZE] = { 0 };
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (ctx && EVP_EncryptInit_ex(ctx, EVP_aes_128_ecb(), NULL, zero_key, NULL) != 1) {
        EVP_CIPHER_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

myk10_status frame_aes_rekey(frame_aes *aes)
{
    if (EVP_EncryptInit_ex(aes->ecb, NULL, NULL, aes->key, NULL) != 1)
        return myk10__fail(MYK10_ECRYPTO, "frame: OpenSSL cannot set an AES-128 key");
    return MYK10_OK;
}

myk10_status frame_aes_init_shared(frame_aes *aes, const uint8_t key[16],
                                   struct evp_cipher_ctx_st *ctx)
{
    uint8_t l[AES_BLOCK] = { 0 };
    memset(aes, 0, sizeof *aes);
    memcpy(aes->key, key, MYK10_FRAME_KEY_SIZE);
    aes->ecb = ctx;
    if (frame_aes_rekey(aes) != MYK10_OK || frame_aes_ecb(aes, l, l, 1) != MYK10_OK) {
        sodium_memzero(aes, sizeof *aes);
        return myk10__fail(MYK10_ECRYPTO, "frame: OpenSSL cannot set up AES-128");
    }
    cmac_double(aes->k1, l);
    cmac_double(aes->k2, aes->k1);
    sodium_memzero(l, sizeof l);
    aes->refs = 1;
    return MYK10_OK;
}

static void xor_block(uint8_t *dst, const uint8_t *a, const uint8_t *b)
{
    for (int i = 0; i < AES_BLOCK; i++)
        dst[i] = a[i] ^ b[i];
}

/*
 * RFC 4493 section 2.4: the message is copied into whole blocks, the last
 * one XORed with K1 (complete) or padded and XORed with K2, then chained
 * block by block through the ECB context: X := AES(K, X xor M_i).
 */
myk10_status frame_cmac(uint8_t tag[AES_BLOCK], frame_aes *aes, const uint8_t *head,
                        size_t head_size, const uint8_t *body, size_t body_size)
{
    uint8_t buf[FRAME_CMAC_MAX + AES_BLOCK];
    uint8_t x[AES_BLOCK] = { 0 };
    size_t size = head_size + body_size;
    size_t blocks = size == 0 ? 1 : (size + AES_BLOCK - 1) / AES_BLOCK;
    uint8_t *last = buf + (blocks - 1) * AES_BLOCK;

    if (head_size)
        memcpy(buf, head, head_size);
    if (body_size)
        memcpy(buf + head_size, body, body_size);
    if (size == blocks * AES_BLOCK) {
        xor_block(last, last, aes->k1);
    } else {
        size_t used = size - (blocks - 1) * AES_BLOCK;
        last[used] = 0x80;
        memset(last + used + 1, 0, AES_BLOCK - used - 1);
        xor_block(last, last, aes->k2);
    }
    for (size_t i = 0; i < blocks; i++) {
        xor_block(x, x, buf + i * AES_BLOCK);
        if (frame_aes_ecb(aes, x, x, 1) != MYK10_OK)
            return myk10__fail(MYK10_ECRYPTO, "frame: AES-CMAC failed in OpenSSL");
    }
    memcpy(tag, x, AES_BLOCK);
    return MYK10_OK;
}

myk10_status frame_keystream_xor(uint8_t *out, const uint8_t *in, size_t size, frame_aes *aes,
                                 bool uplink, uint32_t dev_addr, uint32_t fcnt, uint8_t block4)
{
    uint8_t stream[(MYK10_FRAME_MAX_SIZE + AES_BLOCK - 1) / AES_BLOCK * AES_BLOCK];
    size_t blocks = (size + AES_BLOCK - 1) / AES_BLOCK;
    myk10_status status;

    if (size == 0)
        return MYK10_OK;
    for (size_t i = 0; i < blocks; i++) {
        uint8_t *a = stream + i * AES_BLOCK;
        a[0] = 0x01;
        a[1] = a[2] = a[3] = 0x00;
        a[4] = block4;
        a[5] = uplink ? 0x00 : 0x01;
        put_le32(a + 6, dev_addr);
        put_le32(a + 10, fcnt);
        a[14] = 0x00;
        a[15] = (uint8_t)(i + 1);
    }
    status = frame_aes_ecb(aes, stream, stream, blocks);
    if (status != MYK10_OK)
        return status;
    for (size_t i = 0; i < size; i++)
        out[i] = in[i] ^ stream[i];
    return MYK10_OK;
}

/* ------------------------------------------------------------ keys object */

myk10_status myk10_frame_keys_create(myk10_frame_keys **out, myk10_lorawan_version version)
{
    myk10_frame_keys *keys;
    myk10_status status;

    if (!out)
        return myk10__fail(MYK10_EINVAL, "frame: NULL out");
    if (version != MYK10_LORAWAN_1_0 && version != MYK10_LORAWAN_1_1)
        return myk10__fail(MYK10_EINVAL, "frame: unknown LoRaWAN version %d", (int)version);
    status = myk10_init();
    if (status != MYK10_OK)
        return status;
    keys = sodium_malloc(sizeof *keys);
    if (!keys)
        return myk10__fail(MYK10_ENOMEM, "frame: cannot allocate a keys object");
    memset(keys, 0, sizeof *keys);
    keys->version = version;
    memset(keys->unit_of, -1, sizeof keys->unit_of);
    *out = keys;
    return MYK10_OK;
}

void myk10_frame_keys_destroy(myk10_frame_keys *keys)
{
    if (!keys)
        return;
    for (int i = 0; i < MYK10_KEY_ROLE_COUNT; i++)
        if (keys->units[i].refs)
            frame_aes_release(&keys->units[i]);
    sodium_free(keys); /* wipes the whole block */
}

myk10_lorawan_version myk10_frame_keys_version(const myk10_frame_keys *keys)
{
    return keys ? keys->version : MYK10_LORAWAN_1_0;
}

void myk10_frame_keys_unset(myk10_frame_keys *keys, myk10_frame_key_role role)
{
    frame_aes *aes = NULL;
    if (!keys || !role_valid(role) || !(aes = frame_keys_unit(keys, role)))
        return;
    keys->unit_of[role] = -1;
    if (--aes->refs == 0)
        frame_aes_release(aes);
}

/* A unit already holding `key`, so that 1.0's NwkSKey roles share one. */
static int find_unit_with_key(const myk10_frame_keys *keys, const uint8_t key[16])
{
    for (int i = 0; i < MYK10_KEY_ROLE_COUNT; i++)
        if (keys->units[i].refs && sodium_memcmp(keys->units[i].key, key, 16) == 0)
            return i;
    return -1;
}

static int find_free_unit(const myk10_frame_keys *keys)
{
    for (int i = 0; i < MYK10_KEY_ROLE_COUNT; i++)
        if (keys->units[i].refs == 0)
            return i;
    return -1; /* unreachable: at most one unit per role */
}

myk10_status myk10_frame_keys_set(myk10_frame_keys *keys, myk10_frame_key_role role,
                                  const uint8_t key[16])
{
    uint8_t copy[MYK10_FRAME_KEY_SIZE];
    int index;
    myk10_status status;

    if (!keys || !key)
        return myk10__fail(MYK10_EINVAL, "frame: NULL keys or key");
    if (!role_valid(role))
        return myk10__fail(MYK10_EINVAL, "frame: unknown key role %d", (int)role);
    /* `key` may point into this object (keys_get into a unit's own bytes). */
    memcpy(copy, key, sizeof copy);
    myk10_frame_keys_unset(keys, role);
    index = find_unit_with_key(keys, copy);
    if (index >= 0) {
        keys->units[index].refs++;
    } else {
        index = find_free_unit(keys);
        status = frame_aes_init(&keys->units[index], copy);
        if (status != MYK10_OK) {
            sodium_memzero(copy, sizeof copy);
            return status;
        }
    }
    keys->unit_of[role] = (int8_t)index;
    sodium_memzero(copy, sizeof copy);
    return MYK10_OK;
}

myk10_status myk10_frame_keys_set_nwk_s_key(myk10_frame_keys *keys, const uint8_t key[16])
{
    static const myk10_frame_key_role roles[] = { MYK10_KEY_F_NWK_S_INT, MYK10_KEY_S_NWK_S_INT,
                                                  MYK10_KEY_NWK_S_ENC };
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        myk10_status status = myk10_frame_keys_set(keys, roles[i], key);
        if (status != MYK10_OK)
            return status;
    }
    return MYK10_OK;
}

bool myk10_frame_keys_has(const myk10_frame_keys *keys, myk10_frame_key_role role)
{
    return keys && role_valid(role) && keys->unit_of[role] >= 0;
}

myk10_status myk10_frame_keys_get(uint8_t out[16], const myk10_frame_keys *keys,
                                  myk10_frame_key_role role)
{
    if (!out || !keys)
        return myk10__fail(MYK10_EINVAL, "frame: NULL out or keys");
    if (!role_valid(role))
        return myk10__fail(MYK10_EINVAL, "frame: unknown key role %d", (int)role);
    if (keys->unit_of[role] < 0)
        return myk10__fail(MYK10_ENOKEY, "frame: no %s set", role_names[role]);
    memcpy(out, keys->units[keys->unit_of[role]].key, MYK10_FRAME_KEY_SIZE);
    return MYK10_OK;
}

myk10_status frame_need_key(frame_aes **out, myk10_frame_keys *keys, myk10_frame_key_role role)
{
    frame_aes *aes = frame_keys_unit(keys, role);
    if (!aes)
        return myk10__fail(MYK10_ENOKEY, "frame: no %s set", role_names[role]);
    *out = aes;
    return MYK10_OK;
}

/* ------------------------------------------------------------ derivation */

/* key = aes128_encrypt(root, block) stored into `role` of `dst`. */
static myk10_status derive_one(myk10_frame_keys *dst, myk10_frame_key_role role,
                               frame_aes *root, const uint8_t block[AES_BLOCK])
{
    uint8_t key[AES_BLOCK];
    myk10_status status = frame_aes_ecb(root, key, block, 1);
    if (status == MYK10_OK)
        status = myk10_frame_keys_set(dst, role, key);
    sodium_memzero(key, sizeof key);
    return status;
}

static myk10_status derive_1_0(myk10_frame_keys *session, frame_aes *root,
                               const myk10_frame_join_info *info)
{
    uint8_t block[AES_BLOCK] = { 0 };
    uint8_t nwk[AES_BLOCK], app[AES_BLOCK];
    myk10_status status;

    put_le24(block + 1, info->join_nonce);
    put_le24(block + 4, info->net_id);
    put_le16(block + 7, info->dev_nonce);
    block[0] = 0x01;
    status = frame_aes_ecb(root, nwk, block, 1);
    block[0] = 0x02;
    if (status == MYK10_OK)
        status = frame_aes_ecb(root, app, block, 1);
    /* Both computed before any set: `root` may be a unit of `session`. */
    if (status == MYK10_OK)
        status = myk10_frame_keys_set_nwk_s_key(session, nwk);
    if (status == MYK10_OK)
        status = myk10_frame_keys_set(session, MYK10_KEY_APP_S, app);
    sodium_memzero(nwk, sizeof nwk);
    sodium_memzero(app, sizeof app);
    return status;
}

static myk10_status derive_1_1(myk10_frame_keys *session, myk10_frame_keys *root,
                               const myk10_frame_join_info *info)
{
    static const struct {
        myk10_frame_key_role role;
        uint8_t type;
        myk10_frame_key_role from;
    } plan[] = {
        { MYK10_KEY_F_NWK_S_INT, 0x01, MYK10_KEY_NWK },
        { MYK10_KEY_S_NWK_S_INT, 0x03, MYK10_KEY_NWK },
        { MYK10_KEY_NWK_S_ENC, 0x04, MYK10_KEY_NWK },
        { MYK10_KEY_APP_S, 0x02, MYK10_KEY_APP },
    };
    uint8_t block[AES_BLOCK] = { 0 };
    frame_aes *nwk = NULL, *app = NULL;
    myk10_status status;

    if ((status = frame_need_key(&nwk, root, MYK10_KEY_NWK)) != MYK10_OK ||
        (status = frame_need_key(&app, root, MYK10_KEY_APP)) != MYK10_OK)
        return status;
    put_le24(block + 1, info->join_nonce);
    put_le64(block + 4, info->join_eui);
    put_le16(block + 12, info->dev_nonce);
    for (size_t i = 0; i < sizeof plan / sizeof plan[0]; i++) {
        /* Re-fetch: setting a role may move units when session == root. */
        frame_aes *from = frame_keys_unit(root, plan[i].from);
        if (!from)
            return myk10__fail(MYK10_ENOKEY, "frame: no %s set", role_names[plan[i].from]);
        block[0] = plan[i].type;
        status = derive_one(session, plan[i].role, from, block);
        if (status != MYK10_OK)
            return status;
    }
    return MYK10_OK;
}

myk10_status myk10_frame_keys_derive_session(myk10_frame_keys *session, myk10_frame_keys *root,
                                             const myk10_frame_join_info *info)
{
    frame_aes *root_aes = NULL;
    myk10_status status;

    if (!session || !root || !info)
        return myk10__fail(MYK10_EINVAL, "frame: NULL session, root or info");
    if (root->version == MYK10_LORAWAN_1_1 && info->opt_neg)
        return derive_1_1(session, root, info);
    status = frame_need_key(&root_aes, root, frame_join_root(root));
    if (status != MYK10_OK)
        return status;
    return derive_1_0(session, root_aes, info);
}

myk10_status myk10_frame_keys_derive_js(myk10_frame_keys *keys, uint64_t dev_eui)
{
    uint8_t block[AES_BLOCK] = { 0 };
    uint8_t int_key[AES_BLOCK], enc_key[AES_BLOCK];
    frame_aes *nwk = NULL;
    myk10_status status;

    if (!keys)
        return myk10__fail(MYK10_EINVAL, "frame: NULL keys");
    if ((status = frame_need_key(&nwk, keys, MYK10_KEY_NWK)) != MYK10_OK)
        return status;
    put_le64(block + 1, dev_eui);
    block[0] = 0x06;
    status = frame_aes_ecb(nwk, int_key, block, 1);
    block[0] = 0x05;
    if (status == MYK10_OK)
        status = frame_aes_ecb(nwk, enc_key, block, 1);
    if (status == MYK10_OK)
        status = myk10_frame_keys_set(keys, MYK10_KEY_JS_INT, int_key);
    if (status == MYK10_OK)
        status = myk10_frame_keys_set(keys, MYK10_KEY_JS_ENC, enc_key);
    sodium_memzero(int_key, sizeof int_key);
    sodium_memzero(enc_key, sizeof enc_key);
    return status;
}
