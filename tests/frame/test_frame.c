/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Check suite for the frame module.
 *
 * Where a vector comes from is noted at each test. Expected values from
 * other implementations are never produced by this library: they are
 * published bytes, or computed here with OpenSSL's own AES and CMAC
 * (EVP_MAC "CMAC") straight from the specification's block layouts.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <myk10/myk10.h>

#include "frame/frame_internal.h"

/* --------------------------------------------------------------- helpers */

static size_t unhex(uint8_t *out, size_t cap, const char *hex)
{
    size_t n = 0;
    while (hex[0] && hex[1]) {
        unsigned byte;
        ck_assert_msg(n < cap, "hex too long: %s", hex);
        ck_assert_msg(sscanf(hex, "%2x", &byte) == 1, "bad hex: %s", hex);
        out[n++] = (uint8_t)byte;
        hex += 2;
    }
    ck_assert_msg(hex[0] == '\0', "odd hex length");
    return n;
}

static void key_from_hex(uint8_t key[16], const char *hex)
{
    ck_assert_int_eq(unhex(key, 16, hex), 16);
}

#define ck_assert_bytes(got, hex)                                                        \
    do {                                                                                 \
        uint8_t expected_[512];                                                          \
        size_t n_ = unhex(expected_, sizeof expected_, (hex));                           \
        ck_assert_msg(memcmp((got), expected_, n_) == 0, "bytes differ from %s", (hex)); \
    } while (0)

#define ck_ok(call)                                                                   \
    do {                                                                              \
        myk10_status st_ = (call);                                                    \
        ck_assert_msg(st_ == MYK10_OK, "%s: %s (%s)", #call, myk10_status_name(st_), \
                      myk10_last_error());                                           \
    } while (0)

static myk10_frame_keys *keys_new(myk10_lorawan_version version)
{
    myk10_frame_keys *keys = NULL;
    ck_ok(myk10_frame_keys_create(&keys, version));
    return keys;
}

static void keys_set_hex(myk10_frame_keys *keys, myk10_frame_key_role role, const char *hex)
{
    uint8_t key[16];
    key_from_hex(key, hex);
    ck_ok(myk10_frame_keys_set(keys, role, key));
}

/* LoRaWAN 1.0 session keys from hex. */
static myk10_frame_keys *keys_1_0(const char *nwk_s_key, const char *app_s_key)
{
    myk10_frame_keys *keys = keys_new(MYK10_LORAWAN_1_0);
    uint8_t key[16];
    key_from_hex(key, nwk_s_key);
    ck_ok(myk10_frame_keys_set_nwk_s_key(keys, key));
    if (app_s_key)
        keys_set_hex(keys, MYK10_KEY_APP_S, app_s_key);
    return keys;
}

static size_t parse_hex(myk10_frame *frame, uint8_t *buf, size_t cap, const char *hex)
{
    size_t n = unhex(buf, cap, hex);
    ck_ok(myk10_frame_parse(frame, buf, n));
    return n;
}

/* Independent oracle: OpenSSL's EVP_MAC implementation of AES-CMAC. */
static void openssl_cmac(uint8_t tag[16], const uint8_t key[16], const uint8_t *msg, size_t n)
{
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "CMAC", NULL);
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, (char *)"AES-128-CBC", 0),
        OSSL_PARAM_construct_end(),
    };
    size_t len = 0;
    ck_assert_int_eq(EVP_MAC_init(ctx, key, 16, params), 1);
    ck_assert_int_eq(EVP_MAC_update(ctx, msg, n), 1);
    ck_assert_int_eq(EVP_MAC_final(ctx, tag, &len, 16), 1);
    ck_assert_int_eq(len, 16);
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
}

static void openssl_aes(uint8_t out[16], const uint8_t key[16], const uint8_t in[16])
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int n = 0;
    ck_assert_int_eq(EVP_EncryptInit_ex(ctx, EVP_aes_128_ecb(), NULL, key, NULL), 1);
    EVP_CIPHER_CTX_set_padding(ctx, 0);
    ck_assert_int_eq(EVP_EncryptUpdate(ctx, out, &n, in, 16), 1);
    EVP_CIPHER_CTX_free(ctx);
}

/* ------------------------------------------------------------ AES-CMAC */

/* RFC 4493 section 4, the four examples (0, 16, 40 and 64 bytes), and the
 * subkeys of section 4 (K1, K2) for key 2b7e1516 28aed2a6 abf71588 09cf4f3c. */
START_TEST(cmac_rfc4493_vectors)
{
    static const char *const message =
        "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
        "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
    static const struct {
        size_t size;
        const char *tag;
    } cases[] = {
        { 0, "bb1d6929e95937287fa37d129b756746" },
        { 16, "070a16b46b4d4144f79bdd9dd04a287c" },
        { 40, "dfa66747de9ae63030ca32611497c827" },
        { 64, "51f0bebf7e3b9d92fc49741779363cfe" },
    };
    myk10_frame_keys *keys = keys_new(MYK10_LORAWAN_1_0);
    uint8_t msg[64], tag[16];
    frame_aes *aes;

    keys_set_hex(keys, MYK10_KEY_APP, "2b7e151628aed2a6abf7158809cf4f3c");
    aes = frame_keys_unit(keys, MYK10_KEY_APP);
    ck_assert_bytes(aes->k1, "fbeed618357133667c85e08f7236a8de");
    ck_assert_bytes(aes->k2, "f7ddac306ae266ccf90bc11ee46d513b");
    unhex(msg, sizeof msg, message);
    /* Twice round, so the carried CBC state of earlier calls is exercised. */
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            ck_ok(frame_cmac(tag, aes, NULL, 0, msg, cases[i].size));
            ck_assert_bytes(tag, cases[i].tag);
        }
    }
    /* Split between head and body at every point gives the same tag. */
    for (size_t split = 0; split <= 40; split++) {
        ck_ok(frame_cmac(tag, aes, msg, split, msg + split, 40 - split));
        ck_assert_bytes(tag, "dfa66747de9ae63030ca32611497c827");
    }
    myk10_frame_keys_destroy(keys);
}
END_TEST

START_TEST(cmac_agrees_with_openssl_evp_mac)
{
    myk10_frame_keys *keys = keys_new(MYK10_LORAWAN_1_1);
    uint8_t key_a[16], key_b[16], msg[FRAME_CMAC_MAX], ours[16], theirs[16];
    unsigned seed = 4493;
    int i;

    for (size_t k = 0; k < 16; k++) {
        key_a[k] = (uint8_t)rand_r(&seed);
        key_b[k] = (uint8_t)rand_r(&seed);
    }
    ck_ok(myk10_frame_keys_set(keys, MYK10_KEY_NWK, key_a));
    ck_ok(myk10_frame_keys_set(keys, MYK10_KEY_APP, key_b));
    for (i = 0; i < 3000; i++) {
        size_t n = (size_t)rand_r(&seed) % (FRAME_CMAC_MAX + 1);
        bool use_a = rand_r(&seed) & 1;
        for (size_t j = 0; j < n; j++)
            msg[j] = (uint8_t)rand_r(&seed);
        /* Alternate units so each keeps its own chaining state. */
        if (frame_cmac(ours, frame_keys_unit(keys, use_a ? MYK10_KEY_NWK : MYK10_KEY_APP), NULL,
                       0, msg, n) != MYK10_OK)
            break;
        openssl_cmac(theirs, use_a ? key_a : key_b, msg, n);
        if (memcmp(ours, theirs, 16) != 0)
            break;
    }
    ck_assert_msg(i == 3000, "CMAC differs from OpenSSL at message %d", i);
    myk10_frame_keys_destroy(keys);
}
END_TEST

/* ------------------------------------------------------------------ keys */

START_TEST(keys_roles_share_and_split)
{
    myk10_frame_keys *keys = keys_new(MYK10_LORAWAN_1_0);
    uint8_t a[16], b[16], got[16];
    key_from_hex(a, "000102030405060708090a0b0c0d0e0f");
    key_from_hex(b, "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");

    ck_assert_int_eq(myk10_frame_keys_version(keys), MYK10_LORAWAN_1_0);
    ck_assert(!myk10_frame_keys_has(keys, MYK10_KEY_NWK_S_ENC));
    ck_assert_int_eq(myk10_frame_keys_get(got, keys, MYK10_KEY_NWK_S_ENC), MYK10_ENOKEY);
    ck_assert_str_eq(myk10_last_error(), "frame: no NwkSEncKey set");

    ck_ok(myk10_frame_keys_set_nwk_s_key(keys, a));
    ck_assert_ptr_eq(frame_keys_unit(keys, MYK10_KEY_F_NWK_S_INT),
                     frame_keys_unit(keys, MYK10_KEY_NWK_S_ENC));
    /* Replacing one role leaves the others with the old key. */
    ck_ok(myk10_frame_keys_set(keys, MYK10_KEY_S_NWK_S_INT, b));
    ck_ok(myk10_frame_keys_get(got, keys, MYK10_KEY_F_NWK_S_INT));
    ck_assert_mem_eq(got, a, 16);
    ck_ok(myk10_frame_keys_get(got, keys, MYK10_KEY_S_NWK_S_INT));
    ck_assert_mem_eq(got, b, 16);
    ck_assert_ptr_ne(frame_keys_unit(keys, MYK10_KEY_F_NWK_S_INT),
                     frame_keys_unit(keys, MYK10_KEY_S_NWK_S_INT));
    myk10_frame_keys_unset(keys, MYK10_KEY_F_NWK_S_INT);
    ck_assert(!myk10_frame_keys_has(keys, MYK10_KEY_F_NWK_S_INT));
    ck_ok(myk10_frame_keys_get(got, keys, MYK10_KEY_NWK_S_ENC));
    ck_assert_mem_eq(got, a, 16);

    ck_assert_int_eq(myk10_frame_keys_set(keys, (myk10_frame_key_role)8, a), MYK10_EINVAL);
    ck_assert_int_eq(myk10_frame_keys_set(NULL, MYK10_KEY_APP, a), MYK10_EINVAL);
    ck_assert_int_eq(myk10_frame_keys_create(NULL, MYK10_LORAWAN_1_0), MYK10_EINVAL);
    ck_assert_str_eq(myk10_frame_key_role_name(MYK10_KEY_JS_ENC), "JSEncKey");
    ck_assert_str_eq(myk10_frame_key_role_name((myk10_frame_key_role)99), "unknown");
    {
        myk10_frame_keys *bad = NULL;
        ck_assert_int_eq(myk10_frame_keys_create(&bad, (myk10_lorawan_version)12),
                         MYK10_EINVAL);
        ck_assert_ptr_null(bad);
    }
    myk10_frame_keys_destroy(keys);
    myk10_frame_keys_destroy(NULL);
}
END_TEST

/* lora-packet __tests__/key_gen_test.ts: AppKey 98929b92..., NetID aabbcc,
 * AppNonce 376338, DevNonce f18e (printed most significant byte first). */
START_TEST(derive_1_0_lora_packet)
{
    myk10_frame_keys *root = keys_new(MYK10_LORAWAN_1_0);
    myk10_frame_keys *session = keys_new(MYK10_LORAWAN_1_0);
    myk10_frame_join_info info = { .join_nonce = 0x376338, .net_id = 0xAABBCC,
                                   .dev_nonce = 0xF18E };
    uint8_t got[16];

    keys_set_hex(root, MYK10_KEY_APP, "98929b92c49edba9676d646d3b612456");
    ck_ok(myk10_frame_keys_derive_session(session, root, &info));
    ck_ok(myk10_frame_keys_get(got, session, MYK10_KEY_F_NWK_S_INT));
    ck_assert_bytes(got, "4e3d6e6afbcc67af2ba3c8e8ec4acf4b");
    ck_ok(myk10_frame_keys_get(got, session, MYK10_KEY_NWK_S_ENC));
    ck_assert_bytes(got, "4e3d6e6afbcc67af2ba3c8e8ec4acf4b");
    ck_ok(myk10_frame_keys_get(got, session, MYK10_KEY_APP_S));
    ck_assert_bytes(got, "610897aa6f1460623443b527d3ac6a9d");

    /* Deriving into the root object itself gives the same keys. */
    ck_ok(myk10_frame_keys_derive_session(root, root, &info));
    ck_ok(myk10_frame_keys_get(got, root, MYK10_KEY_S_NWK_S_INT));
    ck_assert_bytes(got, "4e3d6e6afbcc67af2ba3c8e8ec4acf4b");
    myk10_frame_keys_destroy(root);
    myk10_frame_keys_destroy(session);
}
END_TEST

/* ChirpStack lrwn/src/keys.rs tests lorawan_1_0 and lorawan_1_1: NwkKey
 * 0102030405060708 0102030405060708, AppKey zero, JoinEUI 0807060504030201,
 * JoinNonce 65536, DevNonce 258, NetID 010203 (decimal bytes there). */
START_TEST(derive_chirpstack_1_0_and_1_1)
{
    myk10_frame_keys *root10 = keys_new(MYK10_LORAWAN_1_0);
    myk10_frame_keys *root11 = keys_new(MYK10_LORAWAN_1_1);
    myk10_frame_keys *session = keys_new(MYK10_LORAWAN_1_1);
    myk10_frame_join_info info = { .join_nonce = 65536, .net_id = 0x010203,
                                   .join_eui = 0x0807060504030201ULL, .dev_nonce = 258 };
    uint8_t got[16];

    keys_set_hex(root10, MYK10_KEY_APP, "01020304050607080102030405060708");
    ck_ok(myk10_frame_keys_derive_session(session, root10, &info));
    ck_ok(myk10_frame_keys_get(got, session, MYK10_KEY_F_NWK_S_INT));
    ck_assert_bytes(got, "df53c35f3034ccced0ff354c70de04df"); /* 223, 83, 195, ... */
    ck_ok(myk10_frame_keys_get(got, session, MYK10_KEY_APP_S));
    ck_assert_bytes(got, "927b9c911183cffe4cb2ff4b75545f6d"); /* 146, 123, 156, ... */

    keys_set_hex(root11, MYK10_KEY_NWK, "01020304050607080102030405060708");
    keys_set_hex(root11, MYK10_KEY_APP, "00000000000000000000000000000000");
    /* OptNeg unset: a 1.1 device falls back to the 1.0 rule, rooted in NwkKey. */
    ck_ok(myk10_frame_keys_derive_session(session, root11, &info));
    ck_ok(myk10_frame_keys_get(got, session, MYK10_KEY_APP_S));
    ck_assert_bytes(got, "927b9c911183cffe4cb2ff4b75545f6d");

    info.opt_neg = true;
    ck_ok(myk10_frame_keys_derive_session(session, root11, &info));
    ck_ok(myk10_frame_keys_get(got, session, MYK10_KEY_APP_S));
    ck_assert_bytes(got, "01621215d1ca08febf0c602cc2ad90fa"); /* 1, 98, 18, ... */
    ck_ok(myk10_frame_keys_get(got, session, MYK10_KEY_F_NWK_S_INT));
    ck_assert_bytes(got, "537f8aae896c79e015d102d06286354e"); /* 83, 127, 138, ... */
    ck_ok(myk10_frame_keys_get(got, session, MYK10_KEY_S_NWK_S_INT));
    ck_assert_bytes(got, "589498993092cfdb5fd2e02ac7510bf1"); /* 88, 148, 152, ... */
    ck_ok(myk10_frame_keys_get(got, session, MYK10_KEY_NWK_S_ENC));
    ck_assert_bytes(got, "9898283c4f66eb6c6fd5165882046c40"); /* 152, 152, 40, ... */

    myk10_frame_keys_unset(root11, MYK10_KEY_APP);
    ck_assert_int_eq(myk10_frame_keys_derive_session(session, root11, &info), MYK10_ENOKEY);
    ck_assert_str_eq(myk10_last_error(), "frame: no AppKey set");
    myk10_frame_keys_destroy(root10);
    myk10_frame_keys_destroy(root11);
    myk10_frame_keys_destroy(session);
}
END_TEST

/* JSIntKey/JSEncKey: computed here with OpenSSL AES from the 1.1 layout
 * (LoRaWAN 1.1 section 6.1.1.3): aes128_encrypt(NwkKey, 0x06|0x05 | DevEUI | pad16). */
START_TEST(derive_js_keys)
{
    myk10_frame_keys *keys = keys_new(MYK10_LORAWAN_1_1);
    uint8_t nwk[16], block[16] = { 0 }, expected[16], got[16];
    uint64_t dev_eui = 0x0004A30B001C0530ULL;

    key_from_hex(nwk, "2b7e151628aed2a6abf7158809cf4f3c");
    ck_assert_int_eq(myk10_frame_keys_derive_js(keys, dev_eui), MYK10_ENOKEY);
    ck_ok(myk10_frame_keys_set(keys, MYK10_KEY_NWK, nwk));
    ck_ok(myk10_frame_keys_derive_js(keys, dev_eui));
    for (int i = 0; i < 8; i++)
        block[1 + i] = (uint8_t)(dev_eui >> (8 * i));
    block[0] = 0x06;
    openssl_aes(expected, nwk, block);
    ck_ok(myk10_frame_keys_get(got, keys, MYK10_KEY_JS_INT));
    ck_assert_mem_eq(got, expected, 16);
    block[0] = 0x05;
    openssl_aes(expected, nwk, block);
    ck_ok(myk10_frame_keys_get(got, keys, MYK10_KEY_JS_ENC));
    ck_assert_mem_eq(got, expected, 16);
    myk10_frame_keys_destroy(keys);
}
END_TEST

/* --------------------------------------------------------- public frames */

/* lora-packet README and __tests__ (mic_test.ts, decrypt_test.ts):
 * NwkSKey 44024241..., AppSKey ec925802..., payload "test". */
START_TEST(lora_packet_uplink_test_payload)
{
    myk10_frame_keys *keys =
        keys_1_0("44024241ed4ce9a68c6a8bc055233fd3", "ec925802ae430ca77fd3dd73cb2cc588");
    myk10_frame_params params = { .fcnt = 2 };
    uint8_t buf[64], plain[64], mic[4];
    myk10_frame f;
    size_t n;

    parse_hex(&f, buf, sizeof buf, "40F17DBE4900020001954378762B11FF0D");
    ck_assert_int_eq(f.mtype, MYK10_FRAME_UNCONFIRMED_UP);
    ck_assert(f.uplink);
    ck_assert_uint_eq(f.data.dev_addr, 0x49BE7DF1);
    ck_assert_uint_eq(f.data.fctrl, 0);
    ck_assert_uint_eq(f.data.fcnt16, 2);
    ck_assert(f.data.has_fport);
    ck_assert_uint_eq(f.data.fport, 1);
    ck_assert_uint_eq(f.data.frm_payload_size, 4);
    ck_assert_ptr_eq(f.data.frm_payload, buf + 9);
    ck_assert_ptr_null(f.data.fopts);
    ck_assert_bytes(f.mic, "2B11FF0D");

    ck_ok(myk10_frame_mic(mic, &f, keys, &params));
    ck_assert_bytes(mic, "2b11ff0d");
    ck_ok(myk10_frame_verify(&f, keys, &params));
    ck_ok(myk10_frame_decrypt(plain, sizeof plain, &n, &f, keys, 2));
    ck_assert_uint_eq(n, 4);
    ck_assert_mem_eq(plain, "test", 4);

    /* decrypt_test.ts: a wrong AppSKey scrambles to 5999fc3f. */
    keys_set_hex(keys, MYK10_KEY_APP_S, "ec925802ae430ca77fd3dd73cb2cc580");
    ck_ok(myk10_frame_decrypt(plain, sizeof plain, &n, &f, keys, 2));
    ck_assert_bytes(plain, "5999fc3f");
    myk10_frame_keys_destroy(keys);
}
END_TEST

/* lora-packet mic_test.ts: FPort without payload, a forged MIC, and a
 * downlink ACK. */
START_TEST(lora_packet_mic_cases)
{
    myk10_frame_keys *keys = keys_1_0("44024241ed4ce9a68c6a8bc055233fd3", NULL);
    myk10_frame_params params = { .fcnt = 3 };
    uint8_t buf[64], out[8];
    myk10_frame f;
    size_t n = 99;

    parse_hex(&f, buf, sizeof buf, "40F17DBE49000300012A3518AF");
    ck_assert(f.data.has_fport);
    ck_assert_uint_eq(f.data.frm_payload_size, 0);
    ck_assert_ptr_null(f.data.frm_payload);
    ck_ok(myk10_frame_verify(&f, keys, &params));
    /* No payload: nothing to decrypt, no AppSKey needed. */
    ck_ok(myk10_frame_decrypt(out, sizeof out, &n, &f, keys, 3));
    ck_assert_uint_eq(n, 0);

    parse_hex(&f, buf, sizeof buf, "40F17DBE49000300012A3518AA");
    ck_assert_int_eq(myk10_frame_verify(&f, keys, &params), MYK10_EINTEGRITY);
    ck_assert_int_eq(myk10_last_error_offset(), 9);
    ck_assert_str_eq(myk10_last_error(), "frame: MIC at byte 9 does not match");

    parse_hex(&f, buf, sizeof buf, "60f17dbe4920020001f9d65d27");
    ck_assert_int_eq(f.mtype, MYK10_FRAME_UNCONFIRMED_DOWN);
    ck_assert(!f.uplink);
    ck_assert(f.data.ack);
    params.fcnt = 2;
    ck_ok(myk10_frame_verify(&f, keys, &params));
    /* The 32-bit counter is part of B0: other high bits, other MIC. */
    params.fcnt = 0x00010002;
    ck_assert_int_eq(myk10_frame_verify(&f, keys, &params), MYK10_EINTEGRITY);
    params.fcnt = 3;
    ck_assert_int_eq(myk10_frame_verify(&f, keys, &params), MYK10_EINVAL);
    myk10_frame_keys_destroy(keys);
}
END_TEST

/* lora-packet decrypt_test.ts "should decrypt large payload": 44 bytes, 3 blocks. */
START_TEST(lora_packet_long_payload)
{
    myk10_frame_keys *keys = keys_1_0("44024241ed4ce9a68c6a8bc055233fd3",
                                      "ec925802ae430ca77fd3dd73cb2cc588");
    static const char text[] = "The quick brown fox jumps over the lazy dog.";
    uint8_t buf[128], plain[64];
    myk10_frame f;
    size_t n = 0;

    parse_hex(&f, buf, sizeof buf,
              "40f17dbe490004000155332de41a11adc072553544429ce7787707d1c316e027e7e5e33426"
              "3376affb8aa17ad30075293f28dea8a20af3c5e7");
    ck_assert_int_eq(myk10_frame_decrypt(plain, 10, &n, &f, keys, 4), MYK10_EBUFSIZE);
    ck_assert_uint_eq(n, 44);
    ck_ok(myk10_frame_decrypt(plain, sizeof plain, &n, &f, keys, 4));
    ck_assert_uint_eq(n, strlen(text));
    ck_assert_mem_eq(plain, text, n);
    /* In place, over the frame's own bytes. */
    ck_ok(myk10_frame_decrypt((uint8_t *)f.data.frm_payload, f.data.frm_payload_size, &n, &f,
                              keys, 4));
    ck_assert_mem_eq(f.data.frm_payload, text, n);
    myk10_frame_keys_destroy(keys);
}
END_TEST

/* lora-packet mic_test.ts join-request, AppKey 98929b92...; and ChirpStack
 * lrwn/src/phy_payload.rs join-request doc example (AppKey 0102..10). */
START_TEST(join_request_vectors)
{
    myk10_frame_keys *keys = keys_new(MYK10_LORAWAN_1_0);
    myk10_frame_join_request fields = { .join_eui = 0x0101010101010101ULL,
                                        .dev_eui = 0x0202020202020202ULL, .dev_nonce = 771 };
    uint8_t buf[64], mic[4];
    myk10_frame f;
    size_t n = 0;

    keys_set_hex(keys, MYK10_KEY_APP, "98929b92c49edba9676d646d3b612456");
    parse_hex(&f, buf, sizeof buf, "0039363463336913AA05693574323831330489C65B1304");
    ck_assert_int_eq(f.mtype, MYK10_FRAME_JOIN_REQUEST);
    ck_assert_uint_eq(f.join_request.join_eui, 0xAA13693363343639ULL);
    ck_assert_uint_eq(f.join_request.dev_eui, 0x3331383274356905ULL);
    ck_assert_uint_eq(f.join_request.dev_nonce, 0x8904);
    ck_ok(myk10_frame_mic(mic, &f, keys, NULL));
    ck_assert_bytes(mic, "c65b1304");
    ck_ok(myk10_frame_verify(&f, keys, NULL));
    parse_hex(&f, buf, sizeof buf, "0039363463336913AA05693574323831330489C65B1305");
    ck_assert_int_eq(myk10_frame_verify(&f, keys, NULL), MYK10_EINTEGRITY);

    keys_set_hex(keys, MYK10_KEY_APP, "0102030405060708090a0b0c0d0e0f10");
    ck_assert_int_eq(myk10_frame_encode_join_request(buf, 22, &n, &fields, keys),
                     MYK10_EBUFSIZE);
    ck_assert_uint_eq(n, 23);
    ck_ok(myk10_frame_encode_join_request(buf, sizeof buf, &n, &fields, keys));
    ck_assert_uint_eq(n, 23);
    ck_assert_bytes(buf, "00" "0101010101010101" "0202020202020202" "0303" "09b97b32");
    ck_ok(myk10_frame_parse(&f, buf, n));
    ck_ok(myk10_frame_verify(&f, keys, NULL));
    myk10_frame_keys_destroy(keys);
}
END_TEST

/* lora-packet join_accept_encrypt.ts: all-zero fields and AppKey give MIC
 * f86f0a91 and the encrypted PHYPayload 20e3de10...; mic_test.ts: the
 * clear join-accept 20386337CCBBAAE7CD2C010000 has MIC d9d0a6e7. */
START_TEST(join_accept_lora_packet)
{
    myk10_frame_keys *keys = keys_new(MYK10_LORAWAN_1_0);
    myk10_join_accept fields = { 0 }, got;
    uint8_t buf[64];
    myk10_frame f;
    size_t n = 0;

    keys_set_hex(keys, MYK10_KEY_APP, "00000000000000000000000000000000");
    ck_ok(myk10_frame_encode_join_accept(buf, sizeof buf, &n, &fields, keys, NULL));
    ck_assert_uint_eq(n, 17);
    ck_assert_bytes(buf, "20e3de108795f776b8037610ef7869b5b3");
    ck_ok(myk10_frame_parse(&f, buf, n));
    ck_assert_int_eq(f.mtype, MYK10_FRAME_JOIN_ACCEPT);
    ck_assert_uint_eq(f.join_accept.encrypted_size, 16);
    ck_ok(myk10_frame_join_accept_open(&got, &f, keys, NULL));
    ck_assert_bytes(got.mic, "f86f0a91");

    keys_set_hex(keys, MYK10_KEY_APP, "98929b92c49edba9676d646d3b612456");
    fields.join_nonce = 0x376338;
    fields.net_id = 0xAABBCC;
    fields.dev_addr = 0x012CCDE7;
    ck_ok(myk10_frame_encode_join_accept(buf, sizeof buf, &n, &fields, keys, NULL));
    ck_ok(myk10_frame_parse(&f, buf, n));
    ck_ok(myk10_frame_join_accept_open(&got, &f, keys, NULL));
    ck_assert_bytes(got.mic, "d9d0a6e7");
    ck_assert_uint_eq(got.join_nonce, 0x376338);
    ck_assert_uint_eq(got.net_id, 0xAABBCC);
    ck_assert_uint_eq(got.dev_addr, 0x012CCDE7);
    ck_assert(!got.has_cflist);
    myk10_frame_keys_destroy(keys);
}
END_TEST

/* ChirpStack lrwn/src/phy_payload.rs doc examples "LoRaWAN 1.0.x
 * Join-accept" and "LoRaWAN 1.1.x Join-accept": key 0102..10, JoinNonce
 * 65793, NetID 020202, DevAddr 01020304, JoinEUI 0807060504030201, DevNonce 258. */
START_TEST(join_accept_chirpstack)
{
    myk10_frame_keys *k10 = keys_new(MYK10_LORAWAN_1_0);
    myk10_frame_keys *k11 = keys_new(MYK10_LORAWAN_1_1);
    myk10_join_accept fields = { .join_nonce = 65793, .net_id = 0x020202,
                                 .dev_addr = 0x01020304 };
    myk10_join_context ctx = { MYK10_JOIN_REQ_JOIN, 0x0807060504030201ULL, 258 };
    myk10_join_accept got;
    uint8_t buf[64];
    myk10_frame f;
    size_t n = 0;

    keys_set_hex(k10, MYK10_KEY_APP, "0102030405060708090a0b0c0d0e0f10");
    ck_ok(myk10_frame_encode_join_accept(buf, sizeof buf, &n, &fields, k10, &ctx));
    ck_assert_bytes(buf, "2023cf335489aae3183c0be0baa8dee5f3");
    ck_ok(myk10_frame_parse(&f, buf, n));
    ck_ok(myk10_frame_join_accept_open(&got, &f, k10, &ctx));
    ck_assert_bytes(got.mic, "3449f212");
    ck_assert_uint_eq(got.join_nonce, 65793);
    ck_assert_uint_eq(got.dev_addr, 0x01020304);

    /* 1.1: the same key serves as NwkKey (encryption) and JSIntKey (MIC). */
    keys_set_hex(k11, MYK10_KEY_NWK, "0102030405060708090a0b0c0d0e0f10");
    keys_set_hex(k11, MYK10_KEY_JS_INT, "0102030405060708090a0b0c0d0e0f10");
    fields.opt_neg = true;
    ck_assert_int_eq(myk10_frame_encode_join_accept(buf, sizeof buf, &n, &fields, k10, &ctx),
                     MYK10_EINVAL);
    ck_ok(myk10_frame_encode_join_accept(buf, sizeof buf, &n, &fields, k11, &ctx));
    ck_assert_bytes(buf, "207abeea06b02920f11c02d0348fcf1815");
    ck_ok(myk10_frame_parse(&f, buf, n));
    ck_ok(myk10_frame_join_accept_open(&got, &f, k11, &ctx));
    ck_assert(got.opt_neg);
    ck_assert_bytes(got.mic, "93ff9a3a");
    /* The MIC binds the DevNonce of the request. */
    ctx.dev_nonce = 259;
    ck_assert_int_eq(myk10_frame_join_accept_open(&got, &f, k11, &ctx), MYK10_EINTEGRITY);
    ck_assert_int_eq(myk10_last_error_offset(), 13);
    myk10_frame_keys_destroy(k10);
    myk10_frame_keys_destroy(k11);
}
END_TEST

START_TEST(join_accept_with_cflist_and_rejoin_key)
{
    myk10_frame_keys *keys = keys_new(MYK10_LORAWAN_1_1);
    myk10_join_accept fields = { .join_nonce = 0xABCDEF, .net_id = 0x000013,
                                 .dev_addr = 0x26011BDA, .opt_neg = true, .rx1_dr_offset = 3,
                                 .rx2_dr = 9, .rx_delay = 5, .has_cflist = true };
    myk10_join_context ctx = { MYK10_JOIN_REQ_REJOIN_0, 0x70B3D57ED0000001ULL, 7 };
    myk10_join_accept got;
    uint8_t buf[64];
    myk10_frame f;
    size_t n = 0;

    for (int i = 0; i < 16; i++)
        fields.cflist[i] = (uint8_t)(0xC0 + i);
    keys_set_hex(keys, MYK10_KEY_NWK, "000102030405060708090a0b0c0d0e0f");
    keys_set_hex(keys, MYK10_KEY_JS_INT, "101112131415161718191a1b1c1d1e1f");
    /* A rejoin answer is encrypted with JSEncKey. */
    ck_assert_int_eq(myk10_frame_encode_join_accept(buf, sizeof buf, &n, &fields, keys, &ctx),
                     MYK10_ENOKEY);
    ck_assert_str_eq(myk10_last_error(), "frame: no JSEncKey set");
    keys_set_hex(keys, MYK10_KEY_JS_ENC, "202122232425262728292a2b2c2d2e2f");
    ck_ok(myk10_frame_encode_join_accept(buf, sizeof buf, &n, &fields, keys, &ctx));
    ck_assert_uint_eq(n, 33);
    ck_ok(myk10_frame_parse(&f, buf, n));
    ck_ok(myk10_frame_join_accept_open(&got, &f, keys, &ctx));
    ck_assert_uint_eq(got.dl_settings, 0x80 | 0x30 | 9);
    ck_assert_uint_eq(got.rx1_dr_offset, 3);
    ck_assert_uint_eq(got.rx2_dr, 9);
    ck_assert_uint_eq(got.rx_delay, 5);
    ck_assert_uint_eq(got.net_id, 0x13);
    ck_assert(got.has_cflist);
    ck_assert_mem_eq(got.cflist, fields.cflist, 16);
    /* Opened as the answer to a join-request it decrypts with NwkKey: garbage. */
    ctx.join_req_type = MYK10_JOIN_REQ_JOIN;
    ck_assert_int_eq(myk10_frame_join_accept_open(&got, &f, keys, &ctx), MYK10_EINTEGRITY);

    fields.join_nonce = 0x1000000;
    ck_assert_int_eq(myk10_frame_encode_join_accept(buf, sizeof buf, &n, &fields, keys, &ctx),
                     MYK10_EINVAL);
    myk10_frame_keys_destroy(keys);
}
END_TEST

/* ChirpStack lrwn/src/phy_payload.rs "LoRaWAN 1.0.x confirmed uplink
 * example": DevStatusAns(115, 7) in FOpts, FPort 10, payload 01020304. */
START_TEST(chirpstack_1_0_confirmed_uplink)
{
    myk10_frame_keys *keys = keys_1_0("0102030405060708090a0b0c0d0e0f10",
                                      "100f0e0d0c0b0a090807060504030201");
    static const uint8_t fopts[] = { 0x06, 0x73, 0x07 }, payload[] = { 1, 2, 3, 4 };
    myk10_frame_data_fields fields = { .mtype = MYK10_FRAME_CONFIRMED_UP,
                                       .dev_addr = 0x01020304, .fopts = fopts,
                                       .fopts_size = 3, .has_fport = true, .fport = 10,
                                       .payload = payload, .payload_size = 4 };
    uint8_t buf[64], plain[16];
    myk10_mac_command cmd;
    myk10_frame f;
    size_t n = 0, count = 0;

    ck_ok(myk10_frame_encode_data(buf, sizeof buf, &n, &fields, keys));
    ck_assert_uint_eq(n, 20);
    ck_assert_bytes(buf, "80040302010300000673070ae264d4f7e117d2c0");
    ck_ok(myk10_frame_parse(&f, buf, n));
    ck_ok(myk10_frame_verify(&f, keys, &fields.params));
    ck_ok(myk10_frame_decrypt(plain, sizeof plain, &n, &f, keys, 0));
    ck_assert_mem_eq(plain, payload, 4);
    ck_ok(myk10_frame_decrypt_fopts(plain, sizeof plain, &n, &f, keys, 0));
    ck_ok(myk10_mac_decode(&cmd, 1, &count, plain, n, f.uplink));
    ck_assert_uint_eq(count, 1);
    ck_assert_int_eq(cmd.cid, MYK10_MAC_DEV_STATUS);
    ck_assert_uint_eq(cmd.value.dev_status_ans.battery, 115);
    ck_assert_int_eq(cmd.value.dev_status_ans.margin, 7);
    myk10_frame_keys_destroy(keys);
}
END_TEST

/* ChirpStack lrwn/src/phy_payload.rs "LoRaWAN 1.1.x downlink with encrypted
 * f_opts example" (also lora-packet fopts_test.ts): SNwkSIntKey 0101..0100,
 * NwkSEncKey 0101..0200, LinkCheckAns(7, 1) in FOpts, FPort 1. */
START_TEST(chirpstack_1_1_downlink_encrypted_fopts)
{
    myk10_frame_keys *keys = keys_new(MYK10_LORAWAN_1_1);
    static const uint8_t fopts[] = { 0x02, 0x07, 0x01 }, payload[] = { 1, 2, 3, 4 };
    myk10_frame_data_fields fields = { .mtype = MYK10_FRAME_UNCONFIRMED_DOWN,
                                       .dev_addr = 0x01020304, .fopts = fopts,
                                       .fopts_size = 3, .has_fport = true, .fport = 1,
                                       .payload = payload, .payload_size = 4 };
    myk10_frame_params params = { 0 };
    uint8_t buf[64], plain[16];
    myk10_frame f;
    size_t n = 0;

    keys_set_hex(keys, MYK10_KEY_S_NWK_S_INT, "01010101010101010101010101010100");
    keys_set_hex(keys, MYK10_KEY_NWK_S_ENC, "01010101010101010101010101010200");
    keys_set_hex(keys, MYK10_KEY_APP_S, "100f0e0d0c0b0a090807060504030201");
    parse_hex(&f, buf, sizeof buf, "600403020103000022ac0a01f0b468ddaa5ed13a");
    ck_assert_uint_eq(f.data.fopts_size, 3);
    ck_ok(myk10_frame_verify(&f, keys, &params));
    ck_ok(myk10_frame_decrypt_fopts(plain, sizeof plain, &n, &f, keys, 0));
    ck_assert_uint_eq(n, 3);
    ck_assert_bytes(plain, "020701");
    ck_ok(myk10_frame_decrypt(plain, sizeof plain, &n, &f, keys, 0));
    ck_assert_bytes(plain, "01020304");

    ck_ok(myk10_frame_encode_data(buf, sizeof buf, &n, &fields, keys));
    ck_assert_bytes(buf, "600403020103000022ac0a01f0b468ddaa5ed13a");
    myk10_frame_keys_destroy(keys);
}
END_TEST

/* lora-packet fopts_test.ts "rekeyind packet with Lorawan11": split uplink
 * MIC with TxDr 0, TxCh 1, and RekeyInd(1.1) in an FPort-0 payload. */
START_TEST(lora_packet_1_1_rekey_ind)
{
    myk10_frame_keys *keys = keys_new(MYK10_LORAWAN_1_1);
    myk10_frame_params params = { .fcnt = 0, .tx_dr = 0, .tx_ch = 1 };
    uint8_t buf[64], plain[16], mic[4];
    myk10_mac_command cmd;
    myk10_frame f;
    size_t n = 0, count = 0;

    keys_set_hex(keys, MYK10_KEY_F_NWK_S_INT, "07c105892e1bbb7f7101d13a5f78249b");
    keys_set_hex(keys, MYK10_KEY_S_NWK_S_INT, "f9162a2fcf6e70867cee523249282844");
    keys_set_hex(keys, MYK10_KEY_NWK_S_ENC, "a5406d11c50850c965c2545ad81980a7");
    keys_set_hex(keys, MYK10_KEY_APP_S, "38034b6efc87cf9c40ac0b45b460d395");
    parse_hex(&f, buf, sizeof buf, "40679810e080000000c2c5248de748");
    ck_assert(f.data.adr);
    ck_assert_uint_eq(f.data.fport, 0);
    ck_ok(myk10_frame_mic(mic, &f, keys, &params));
    ck_assert_bytes(mic, "248de748");
    ck_ok(myk10_frame_verify(&f, keys, &params));
    /* TxCh is covered by cmacS (the first two bytes) only. */
    params.tx_ch = 2;
    ck_ok(myk10_frame_mic(mic, &f, keys, &params));
    ck_assert(memcmp(mic, "\x24\x8d", 2) != 0);
    ck_assert_bytes(mic + 2, "e748");
    ck_assert_int_eq(myk10_frame_verify(&f, keys, &params), MYK10_EINTEGRITY);

    ck_ok(myk10_frame_decrypt(plain, sizeof plain, &n, &f, keys, 0));
    ck_assert_bytes(plain, "0b01");
    ck_ok(myk10_mac_decode(&cmd, 1, &count, plain, n, true));
    ck_assert_int_eq(cmd.cid, MYK10_MAC_REKEY);
    ck_assert_uint_eq(cmd.value.minor, 1);
    ck_assert_str_eq(myk10_mac_name(cmd.cid, true), "RekeyInd");
    myk10_frame_keys_destroy(keys);
}
END_TEST

/* Rejoin-request MICs, computed here with OpenSSL's CMAC over
 * MHDR | RejoinType | NetID | DevEUI | RJcount0 (LoRaWAN 1.1 section 6.2.4). */
START_TEST(rejoin_request_mic)
{
    myk10_frame_keys *keys = keys_new(MYK10_LORAWAN_1_1);
    uint8_t s_key[16], js_key[16], buf[32], expected[16], mic[4];
    myk10_frame f;
    size_t n;

    key_from_hex(s_key, "00112233445566778899aabbccddeeff");
    key_from_hex(js_key, "ffeeddccbbaa99887766554433221100");
    ck_ok(myk10_frame_keys_set(keys, MYK10_KEY_S_NWK_S_INT, s_key));
    ck_ok(myk10_frame_keys_set(keys, MYK10_KEY_JS_INT, js_key));

    n = unhex(buf, sizeof buf, "c002" "130000" "30051c000ba30400" "0900" "00000000");
    ck_ok(myk10_frame_parse(&f, buf, n));
    ck_assert_int_eq(f.mtype, MYK10_FRAME_REJOIN_REQUEST);
    ck_assert_uint_eq(f.rejoin.type, 2);
    ck_assert_uint_eq(f.rejoin.net_id, 0x000013);
    ck_assert_uint_eq(f.rejoin.dev_eui, 0x0004A30B001C0530ULL);
    ck_assert_uint_eq(f.rejoin.rj_count, 9);
    openssl_cmac(expected, s_key, buf, n - 4);
    ck_ok(myk10_frame_mic(mic, &f, keys, NULL));
    ck_assert_mem_eq(mic, expected, 4);

    n = unhex(buf, sizeof buf, "c001" "010000d07ed5b370" "30051c000ba30400" "0200" "00000000");
    ck_ok(myk10_frame_parse(&f, buf, n));
    ck_assert_uint_eq(f.rejoin.type, 1);
    ck_assert_uint_eq(f.rejoin.join_eui, 0x70B3D57ED0000001ULL);
    ck_assert_uint_eq(f.rejoin.rj_count, 2);
    openssl_cmac(expected, js_key, buf, n - 4);
    ck_ok(myk10_frame_mic(mic, &f, keys, NULL));
    ck_assert_mem_eq(mic, expected, 4);
    memcpy(buf + n - 4, expected, 4);
    ck_ok(myk10_frame_parse(&f, buf, n));
    ck_ok(myk10_frame_verify(&f, keys, NULL));
    myk10_frame_keys_destroy(keys);
}
END_TEST

/* The data MIC against the specification's B0/B1 layouts, built here and
 * fed to OpenSSL's CMAC: 1.1 uplink with ACK (ConfFCnt in B1), 1.1 downlink
 * with ACK (ConfFCnt in B0), and high counter bits. */
START_TEST(data_mic_against_spec_blocks)
{
    myk10_frame_keys *keys = keys_new(MYK10_LORAWAN_1_1);
    uint8_t f_key[16], s_key[16], buf[64], block[16 + 64], tag_f[16], tag_s[16], mic[4];
    myk10_frame_params params = { .fcnt = 0x0003ABCD, .conf_fcnt = 0x1234, .tx_dr = 5,
                                  .tx_ch = 7 };
    myk10_frame f;
    size_t n;

    key_from_hex(f_key, "0f0e0d0c0b0a09080706050403020100");
    key_from_hex(s_key, "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
    ck_ok(myk10_frame_keys_set(keys, MYK10_KEY_F_NWK_S_INT, f_key));
    ck_ok(myk10_frame_keys_set(keys, MYK10_KEY_S_NWK_S_INT, s_key));

    /* Uplink, ACK set, FCnt16 0xABCD, FPort 5, 3 payload bytes. */
    n = unhex(buf, sizeof buf, "40da1b012620cdab05aabbcc00000000");
    ck_ok(myk10_frame_parse(&f, buf, n));
    unhex(block, sizeof block, "4900000000" "00" "da1b0126" "cdab0300" "00" "0c");
    memcpy(block + 16, buf, n - 4);
    openssl_cmac(tag_f, f_key, block, 16 + n - 4);
    unhex(block, sizeof block, "49" "3412" "05" "07" "00" "da1b0126" "cdab0300" "00" "0c");
    openssl_cmac(tag_s, s_key, block, 16 + n - 4);
    ck_ok(myk10_frame_mic(mic, &f, keys, &params));
    ck_assert_mem_eq(mic, tag_s, 2);
    ck_assert_mem_eq(mic + 2, tag_f, 2);

    /* Downlink, ACK set: ConfFCnt goes into B0, TxDr/TxCh do not. */
    n = unhex(buf, sizeof buf, "60da1b012620cdab05aabbcc00000000");
    ck_ok(myk10_frame_parse(&f, buf, n));
    unhex(block, sizeof block, "49" "3412" "0000" "01" "da1b0126" "cdab0300" "00" "0c");
    memcpy(block + 16, buf, n - 4);
    openssl_cmac(tag_s, s_key, block, 16 + n - 4);
    ck_ok(myk10_frame_mic(mic, &f, keys, &params));
    ck_assert_mem_eq(mic, tag_s, 4);

    /* Without ACK, ConfFCnt does not count. */
    buf[5] = 0x00;
    ck_ok(myk10_frame_parse(&f, buf, n));
    unhex(block, sizeof block, "49" "0000" "0000" "01" "da1b0126" "cdab0300" "00" "0c");
    memcpy(block + 16, buf, n - 4);
    openssl_cmac(tag_s, s_key, block, 16 + n - 4);
    ck_ok(myk10_frame_mic(mic, &f, keys, &params));
    ck_assert_mem_eq(mic, tag_s, 4);
    myk10_frame_keys_destroy(keys);
}
END_TEST

/* ------------------------------------------------------------ round trip */

static const myk10_frame_mtype data_mtypes[] = {
    MYK10_FRAME_UNCONFIRMED_UP, MYK10_FRAME_UNCONFIRMED_DOWN, MYK10_FRAME_CONFIRMED_UP,
    MYK10_FRAME_CONFIRMED_DOWN
};

static myk10_frame_keys *random_keys(myk10_lorawan_version version, unsigned *seed)
{
    myk10_frame_keys *keys = keys_new(version);
    uint8_t key[16];
    for (int role = 0; role < 4; role++) {
        for (int i = 0; i < 16; i++)
            key[i] = (uint8_t)rand_r(seed);
        if (version == MYK10_LORAWAN_1_0 && role == MYK10_KEY_F_NWK_S_INT) {
            ck_ok(myk10_frame_keys_set_nwk_s_key(keys, key));
            role = MYK10_KEY_NWK_S_ENC;
        } else {
            ck_ok(myk10_frame_keys_set(keys, (myk10_frame_key_role)role, key));
        }
    }
    return keys;
}

/* Encodes, parses back and checks every field; returns a description of
 * the first difference or NULL. */
static const char *round_trip_one(myk10_frame_keys *keys, const myk10_frame_data_fields *in)
{
    uint8_t buf[MYK10_FRAME_MAX_SIZE], plain[MYK10_FRAME_MAX_SIZE];
    myk10_frame f;
    size_t n = 0, m = 0;
    bool uplink = myk10_frame_mtype_is_uplink(in->mtype);

    if (myk10_frame_encode_data(buf, sizeof buf, &n, in, keys) != MYK10_OK)
        return "encode";
    if (myk10_frame_parse(&f, buf, n) != MYK10_OK)
        return "parse";
    if (f.mtype != in->mtype || f.data.dev_addr != in->dev_addr ||
        f.data.fcnt16 != (uint16_t)in->params.fcnt || f.data.adr != in->adr ||
        f.data.ack != in->ack || f.data.adr_ack_req != (uplink && in->adr_ack_req) ||
        f.data.class_b != (uplink && in->class_b) || f.data.fpending != (!uplink && in->fpending) ||
        f.data.has_fport != in->has_fport || f.data.fport != (in->has_fport ? in->fport : 0) ||
        f.data.fopts_size != in->fopts_size || f.data.frm_payload_size != in->payload_size)
        return "header fields";
    if (myk10_frame_verify(&f, keys, &in->params) != MYK10_OK)
        return "verify";
    if (myk10_frame_decrypt(plain, sizeof plain, &m, &f, keys, in->params.fcnt) != MYK10_OK ||
        m != in->payload_size || (m && memcmp(plain, in->payload, m) != 0))
        return "payload";
    if (in->payload_size >= 4 && memcmp(f.data.frm_payload, in->payload, 4) == 0)
        return "payload not encrypted";
    if (myk10_frame_decrypt_fopts(plain, sizeof plain, &m, &f, keys, in->params.fcnt) !=
            MYK10_OK ||
        m != in->fopts_size || (m && memcmp(plain, in->fopts, m) != 0))
        return "fopts";
    /* Flip one DevAddr bit: the MIC (over the message and B0) must catch it. */
    buf[1] ^= 0x10;
    if (myk10_frame_parse(&f, buf, n) == MYK10_OK &&
        myk10_frame_verify(&f, keys, &in->params) != MYK10_EINTEGRITY)
        return "tampering undetected";
    return NULL;
}

START_TEST(round_trip_every_data_mtype)
{
    unsigned seed = 20261126;
    uint8_t payload[242], fopts[15];
    int cases = 0;
    const char *failure = NULL;

    for (int v = 0; v < 2 && !failure; v++) {
        myk10_lorawan_version version = v ? MYK10_LORAWAN_1_1 : MYK10_LORAWAN_1_0;
        myk10_frame_keys *keys = random_keys(version, &seed);
        for (size_t t = 0; t < 4 && !failure; t++) {
            for (int port_kind = 0; port_kind < 3 && !failure; port_kind++) {
                for (int rep = 0; rep < 40 && !failure; rep++) {
                    myk10_frame_data_fields in = { .mtype = data_mtypes[t] };
                    in.dev_addr = (uint32_t)rand_r(&seed) * 2654435761u;
                    in.params.fcnt = (uint32_t)rand_r(&seed) * 40503u;
                    in.params.conf_fcnt = (uint16_t)rand_r(&seed);
                    in.params.tx_dr = (uint8_t)(rand_r(&seed) % 16);
                    in.params.tx_ch = (uint8_t)rand_r(&seed);
                    in.adr = rand_r(&seed) & 1;
                    in.ack = rand_r(&seed) & 1;
                    in.adr_ack_req = rand_r(&seed) & 1;
                    in.class_b = rand_r(&seed) & 1;
                    in.fpending = rand_r(&seed) & 1;
                    for (size_t i = 0; i < sizeof payload; i++)
                        payload[i] = (uint8_t)rand_r(&seed);
                    for (size_t i = 0; i < sizeof fopts; i++)
                        fopts[i] = (uint8_t)rand_r(&seed);
                    in.payload = payload;
                    in.fopts = fopts;
                    /* 0: no FPort; 1: FPort 0 (MAC commands); 2: application port. */
                    in.has_fport = port_kind != 0;
                    in.fport = port_kind == 2 ? (uint8_t)(1 + rand_r(&seed) % 223) : 0;
                    in.payload_size = port_kind ? (size_t)rand_r(&seed) % 200 : 0;
                    in.fopts_size = port_kind == 1 ? 0 : (size_t)rand_r(&seed) % 16;
                    failure = round_trip_one(keys, &in);
                    cases++;
                }
            }
        }
        myk10_frame_keys_destroy(keys);
    }
    ck_assert_msg(!failure, "round trip case %d: %s (%s)", cases, failure, myk10_last_error());
    ck_assert_int_eq(cases, 2 * 4 * 3 * 40);
}
END_TEST

START_TEST(encode_rejects_bad_fields)
{
    myk10_frame_keys *keys = keys_1_0("0102030405060708090a0b0c0d0e0f10", NULL);
    static const uint8_t bytes[255] = { 0 };
    myk10_frame_data_fields in = { .mtype = MYK10_FRAME_UNCONFIRMED_UP, .fopts = bytes,
                                   .payload = bytes };
    uint8_t buf[300];
    size_t n = 0;

    in.fopts_size = 16;
    ck_assert_int_eq(myk10_frame_encode_data(buf, sizeof buf, &n, &in, keys), MYK10_EINVAL);
    in.fopts_size = 1;
    in.has_fport = true;
    in.fport = 0;
    ck_assert_int_eq(myk10_frame_encode_data(buf, sizeof buf, &n, &in, keys), MYK10_EINVAL);
    ck_assert_str_eq(myk10_last_error(), "frame: FOpts with FPort 0");
    in.fopts_size = 0;
    in.has_fport = false;
    in.payload_size = 1;
    ck_assert_int_eq(myk10_frame_encode_data(buf, sizeof buf, &n, &in, keys), MYK10_EINVAL);
    in.has_fport = true;
    in.fport = 1;
    /* No AppSKey for FPort 1. */
    ck_assert_int_eq(myk10_frame_encode_data(buf, sizeof buf, &n, &in, keys), MYK10_ENOKEY);
    ck_assert_str_eq(myk10_last_error(), "frame: no AppSKey set");
    in.fport = 0;
    in.payload_size = 243; /* 1 + 7 + 1 + 243 + 4 = 256 */
    ck_assert_int_eq(myk10_frame_encode_data(buf, sizeof buf, &n, &in, keys), MYK10_ERANGE);
    in.payload_size = 242;
    n = 0;
    ck_assert_int_eq(myk10_frame_encode_data(buf, 254, &n, &in, keys), MYK10_EBUFSIZE);
    ck_assert_uint_eq(n, 255);
    ck_ok(myk10_frame_encode_data(buf, 255, &n, &in, keys));
    in.mtype = MYK10_FRAME_JOIN_REQUEST;
    ck_assert_int_eq(myk10_frame_encode_data(buf, sizeof buf, &n, &in, keys), MYK10_EINVAL);
    myk10_frame_keys_destroy(keys);
}
END_TEST

/* ------------------------------------------------------------- bad input */

START_TEST(parse_rejects_bad_input)
{
    static const struct {
        const char *hex;
        myk10_status status;
        int64_t offset;
    } cases[] = {
        { "", MYK10_ETRUNCATED, 0 },
        { "40", MYK10_ETRUNCATED, 1 },
        { "40010203040000000000", MYK10_ETRUNCATED, 10 },   /* 10 bytes */
        { "80010203040000000000aa", MYK10_ETRUNCATED, 11 }, /* 11 bytes */
        { "41010203040000000000aabb", MYK10_EUNSUPPORTED, 0 }, /* major 1 */
        { "43010203040000000000aabb", MYK10_EUNSUPPORTED, 0 }, /* major 3 */
        { "400102030401000000000000", MYK10_ETRUNCATED, 5 },   /* FOptsLen 1, no room */
        { "40010203040f0000aabbccddeeff0011223344556677", MYK10_ETRUNCATED, 5 },
        { "400102030401000002000000000000", MYK10_EMALFORMED, 9 }, /* FOpts + FPort 0 */
        { "6001020304030000020701000000000000", MYK10_EMALFORMED, 11 },
        { "00010203040506070801020304050607080102aabbcc", MYK10_ETRUNCATED, 22 },
        { "00010203040506070801020304050607080102aabbccdd00", MYK10_EMALFORMED, 23 },
        { "2000000000000000000000000000000000"
          "ff", MYK10_EMALFORMED, 17 },
        { "20000000000000000000000000000000", MYK10_ETRUNCATED, 16 },
        { "c0", MYK10_ETRUNCATED, 1 },
        { "c003", MYK10_EUNSUPPORTED, 1 },
        { "c000" "130000" "30051c000ba30400" "0900" "000000", MYK10_ETRUNCATED, 18 },
        { "c001010000d07ed5b37030051c000ba3040002000000000000", MYK10_EMALFORMED, 24 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t buf[64];
        myk10_frame f, untouched;
        size_t n = unhex(buf, sizeof buf, cases[i].hex);
        myk10_status status;
        memset(&f, 0x5A, sizeof f);
        untouched = f;
        status = myk10_frame_parse(&f, buf, n);
        ck_assert_msg(status == cases[i].status, "case %zu (%s): got %s (%s)", i, cases[i].hex,
                      myk10_status_name(status), myk10_last_error());
        ck_assert_msg(myk10_last_error_offset() == cases[i].offset,
                      "case %zu: offset %lld: %s", i, (long long)myk10_last_error_offset(),
                      myk10_last_error());
        ck_assert_int_eq(strncmp(myk10_last_error(), "frame: ", 7), 0);
        ck_assert_msg(memcmp(&f, &untouched, sizeof f) == 0, "case %zu wrote to out", i);
    }
}
END_TEST

START_TEST(parse_error_messages_and_limits)
{
    uint8_t buf[300] = { 0x40 };
    myk10_frame f;

    ck_assert_int_eq(myk10_frame_parse(&f, buf, 11), MYK10_ETRUNCATED);
    ck_assert_str_eq(myk10_last_error(),
                     "frame: data frame ends at byte 11, at least 12 bytes needed");
    buf[5] = 0x0F;
    ck_assert_int_eq(myk10_frame_parse(&f, buf, 20), MYK10_ETRUNCATED);
    ck_assert_str_eq(myk10_last_error(),
                     "frame: FOptsLen 15 in FCtrl at byte 5 runs into the MIC at byte 16");
    /* Exactly enough room for 15 FOpts bytes and no FPort. */
    ck_ok(myk10_frame_parse(&f, buf, 1 + 7 + 15 + 4));
    ck_assert_uint_eq(f.data.fopts_size, 15);
    ck_assert(!f.data.has_fport);
    buf[0] = 0x41;
    ck_assert_int_eq(myk10_frame_parse(&f, buf, 12), MYK10_EUNSUPPORTED);
    ck_assert_str_eq(myk10_last_error(),
                     "frame: major version 1 in MHDR at byte 0, only LoRaWAN R1 (0)");
    buf[0] = 0x40;
    buf[5] = 0;
    ck_ok(myk10_frame_parse(&f, buf, 255));
    ck_assert_uint_eq(f.data.frm_payload_size, 255 - 13);
    ck_assert_int_eq(myk10_frame_parse(&f, buf, 256), MYK10_EMALFORMED);
    ck_assert_int_eq(myk10_last_error_offset(), 255);
    /* A join-accept of 34 bytes is neither 17 nor 33. */
    buf[0] = 0x20;
    ck_assert_int_eq(myk10_frame_parse(&f, buf, 34), MYK10_EMALFORMED);
    ck_assert_int_eq(myk10_last_error_offset(), 33);
    buf[0] = 0x40;
    ck_assert_int_eq(myk10_frame_parse(NULL, buf, 12), MYK10_EINVAL);
    ck_assert_int_eq(myk10_frame_parse(&f, NULL, 12), MYK10_EINVAL);
    /* MHDR RFU bits are ignored. */
    buf[0] = 0x40 | 0x1C;
    ck_ok(myk10_frame_parse(&f, buf, 12));
    ck_assert_int_eq(f.mtype, MYK10_FRAME_UNCONFIRMED_UP);
}
END_TEST

START_TEST(parse_fctrl_bits_by_direction)
{
    uint8_t up[12] = { 0x80, 1, 2, 3, 4, 0xF0 }, down[12] = { 0xA0, 1, 2, 3, 4, 0xF0 };
    myk10_frame f;

    ck_ok(myk10_frame_parse(&f, up, sizeof up));
    ck_assert(f.uplink && f.data.adr && f.data.adr_ack_req && f.data.ack && f.data.class_b);
    ck_assert(!f.data.fpending);
    ck_ok(myk10_frame_parse(&f, down, sizeof down));
    ck_assert_int_eq(f.mtype, MYK10_FRAME_CONFIRMED_DOWN);
    ck_assert(!f.uplink && f.data.adr && f.data.ack && f.data.fpending);
    ck_assert(!f.data.adr_ack_req && !f.data.class_b);
    ck_assert_uint_eq(f.data.fctrl, 0xF0);
    ck_assert_uint_eq(f.data.dev_addr, 0x04030201);
}
END_TEST

START_TEST(parse_proprietary_and_names)
{
    uint8_t buf[] = { 0xE0, 1, 2, 3 };
    myk10_frame f;
    ck_ok(myk10_frame_parse(&f, buf, sizeof buf));
    ck_assert_int_eq(f.mtype, MYK10_FRAME_PROPRIETARY);
    ck_assert_ptr_eq(f.proprietary, buf + 1);
    ck_assert_uint_eq(f.proprietary_size, 3);
    ck_ok(myk10_frame_parse(&f, buf, 1));
    ck_assert_uint_eq(f.proprietary_size, 0);
    ck_assert_str_eq(myk10_frame_mtype_name(MYK10_FRAME_CONFIRMED_DOWN), "ConfirmedDataDown");
    ck_assert_str_eq(myk10_frame_mtype_name((myk10_frame_mtype)8), "unknown");
    ck_assert_uint_eq(myk10_frame_max_size(), 255);
    ck_assert_uint_eq(myk10_frame_min_data_size(), 12);
    ck_assert_uint_eq(myk10_frame_max_fopts(), 15);
    ck_assert_uint_eq(myk10_frame_key_size(), 16);
}
END_TEST

START_TEST(security_rejects_misuse)
{
    myk10_frame_keys *keys = keys_1_0("44024241ed4ce9a68c6a8bc055233fd3", NULL);
    myk10_frame_params params = { .fcnt = 2 };
    uint8_t buf[64], out[64], mic[4];
    myk10_frame f;
    size_t n = 0;

    parse_hex(&f, buf, sizeof buf, "40F17DBE4900020001954378762B11FF0D");
    ck_assert_int_eq(myk10_frame_decrypt(out, sizeof out, &n, &f, keys, 2), MYK10_ENOKEY);
    ck_assert_str_eq(myk10_last_error(), "frame: no AppSKey set");
    ck_assert_int_eq(myk10_frame_decrypt(out, sizeof out, &n, &f, keys, 0x10003),
                     MYK10_EINVAL);
    ck_assert_str_eq(myk10_last_error(),
                     "frame: counter 0x00010003 does not end in the frame's FCnt 0x0002");
    ck_assert_int_eq(myk10_frame_mic(mic, &f, keys, NULL), MYK10_EINVAL);
    ck_assert_int_eq(myk10_frame_verify(&f, NULL, &params), MYK10_EINVAL);
    ck_assert_int_eq(myk10_frame_decrypt(out, sizeof out, NULL, &f, keys, 2), MYK10_EINVAL);

    parse_hex(&f, buf, sizeof buf, "20e3de108795f776b8037610ef7869b5b3");
    ck_assert_int_eq(myk10_frame_mic(mic, &f, keys, &params), MYK10_EINVAL);
    ck_assert_int_eq(myk10_frame_decrypt(out, sizeof out, &n, &f, keys, 0), MYK10_EINVAL);
    ck_assert_str_eq(myk10_last_error(), "frame: JoinAccept is not a data frame");
    ck_assert_int_eq(myk10_frame_join_accept_open(NULL, &f, keys, NULL), MYK10_EINVAL);
    {
        myk10_join_accept ja;
        ck_assert_int_eq(myk10_frame_join_accept_open(&ja, &f, keys, NULL), MYK10_ENOKEY);
        ck_assert_str_eq(myk10_last_error(), "frame: no AppKey set");
    }
    myk10_frame_keys_destroy(keys);
}
END_TEST

/* ---------------------------------------------------------- MAC commands */

/* Downlink commands hand-encoded from the LoRaWAN 1.0.4 / 1.1 tables
 * (sections 5.1-5.9 of 1.0.4, 5.1-5.17 of 1.1). */
START_TEST(mac_decode_downlink)
{
    uint8_t buf[128];
    myk10_mac_command c[16];
    size_t n = unhex(buf, sizeof buf,
                     "0352ff0001"   /* LinkADRReq DR5 TXPower2 ChMask 0x00FF NbTrans 1 */
                     "021403"       /* LinkCheckAns margin 20, 3 gateways */
                     "0407"         /* DutyCycleReq 1/128 */
                     "0512d2ad84"   /* RXParamSetupReq RX1DROffset 1, RX2DR 2, 869.525 MHz */
                     "06"           /* DevStatusReq */
                     "0703184f8450" /* NewChannelReq ch 3, 867.1 MHz, DR0..5 */
                     "0801"         /* RXTimingSetupReq 1 s */
                     "093a"         /* TxParamSetupReq dwell down+up, EIRP code 10 */
                     "0a03886684"   /* DlChannelReq ch 3, 867.7 MHz */
                     "0d006d7c4d80" /* DeviceTimeAns 1300000000 s + 128/256 */
                     "0e2513"       /* ForceRejoinReq period 2, retries 3, type 2, DR5 */
                     "0f53"         /* RejoinParamSetupReq */
                     "0c47"         /* ADRParamSetupReq */
                     "0101"         /* ResetConf 1.1 */
                     "0b01");       /* RekeyConf 1.1 */
    size_t count = 0;

    ck_ok(myk10_mac_decode(c, 16, &count, buf, n, false));
    ck_assert_uint_eq(count, 15);
    ck_assert_int_eq(c[0].cid, MYK10_MAC_LINK_ADR);
    ck_assert_uint_eq(c[0].value.link_adr_req.data_rate, 5);
    ck_assert_uint_eq(c[0].value.link_adr_req.tx_power, 2);
    ck_assert_uint_eq(c[0].value.link_adr_req.ch_mask, 0x00FF);
    ck_assert_uint_eq(c[0].value.link_adr_req.ch_mask_cntl, 0);
    ck_assert_uint_eq(c[0].value.link_adr_req.nb_trans, 1);
    ck_assert_str_eq(myk10_mac_name(c[0].cid, false), "LinkADRReq");
    ck_assert_uint_eq(c[1].value.link_check_ans.margin, 20);
    ck_assert_uint_eq(c[1].value.link_check_ans.gw_cnt, 3);
    ck_assert_uint_eq(c[1].offset, 5);
    ck_assert_uint_eq(c[2].value.max_duty_cycle, 7);
    ck_assert_uint_eq(c[3].value.rx_param_setup_req.rx1_dr_offset, 1);
    ck_assert_uint_eq(c[3].value.rx_param_setup_req.rx2_data_rate, 2);
    ck_assert_uint_eq(c[3].value.rx_param_setup_req.frequency_hz, 869525000);
    ck_assert_int_eq(c[4].cid, MYK10_MAC_DEV_STATUS);
    ck_assert_uint_eq(c[4].size, 0);
    ck_assert_uint_eq(c[5].value.new_channel_req.ch_index, 3);
    ck_assert_uint_eq(c[5].value.new_channel_req.frequency_hz, 867100000);
    ck_assert_uint_eq(c[5].value.new_channel_req.min_dr, 0);
    ck_assert_uint_eq(c[5].value.new_channel_req.max_dr, 5);
    ck_assert_uint_eq(c[6].value.rx_delay, 1);
    ck_assert(c[7].value.tx_param_setup_req.downlink_dwell_time);
    ck_assert(c[7].value.tx_param_setup_req.uplink_dwell_time);
    ck_assert_uint_eq(c[7].value.tx_param_setup_req.max_eirp_code, 10);
    ck_assert_uint_eq(c[7].value.tx_param_setup_req.max_eirp_dbm, 26);
    ck_assert_uint_eq(c[8].value.dl_channel_req.frequency_hz, 867700000);
    ck_assert_uint_eq(c[9].value.device_time_ans.gps_seconds, 1300000000u);
    ck_assert_uint_eq(c[9].value.device_time_ans.fraction, 128);
    ck_assert_uint_eq(c[10].value.force_rejoin_req.period, 2);
    ck_assert_uint_eq(c[10].value.force_rejoin_req.max_retries, 3);
    ck_assert_uint_eq(c[10].value.force_rejoin_req.rejoin_type, 2);
    ck_assert_uint_eq(c[10].value.force_rejoin_req.data_rate, 5);
    ck_assert_uint_eq(c[11].value.rejoin_param, 0x53);
    ck_assert_uint_eq(c[12].value.adr_param, 0x47);
    ck_assert_uint_eq(c[13].value.minor, 1);
    ck_assert_str_eq(myk10_mac_name(c[14].cid, false), "RekeyConf");

    /* And back to the same bytes. */
    {
        uint8_t again[128];
        size_t m = 0;
        ck_ok(myk10_mac_encode(again, sizeof again, &m, c, count));
        ck_assert_uint_eq(m, n);
        ck_assert_mem_eq(again, buf, n);
    }
}
END_TEST

START_TEST(mac_decode_uplink)
{
    uint8_t buf[64];
    myk10_mac_command c[16];
    size_t count = 0;
    size_t n = unhex(buf, sizeof buf,
                     "06fe3f"  /* DevStatusAns battery 254, margin -1 */
                     "060020"  /* margin -32 */
                     "06001f"  /* margin 31 */
                     "0307"    /* LinkADRAns all ACK */
                     "0506"    /* RXParamSetupAns: RX1DROffset and RX2DR ok, channel not */
                     "0703"    /* NewChannelAns */
                     "0a02"    /* DlChannelAns: uplink frequency exists, channel not ok */
                     "02"      /* LinkCheckReq */
                     "0d"      /* DeviceTimeReq */
                     "0101"    /* ResetInd 1.1 */
                     "0f01"    /* RejoinParamSetupAns TimeOK */
                     "04080c09"); /* DutyCycleAns, RXTimingSetupAns, ADRParamSetupAns, TxParamSetupAns */

    ck_ok(myk10_mac_decode(c, 16, &count, buf, n, true));
    ck_assert_uint_eq(count, 15);
    ck_assert_uint_eq(c[0].value.dev_status_ans.battery, 254);
    ck_assert_int_eq(c[0].value.dev_status_ans.margin, -1);
    ck_assert_int_eq(c[1].value.dev_status_ans.margin, -32);
    ck_assert_int_eq(c[2].value.dev_status_ans.margin, 31);
    ck_assert(c[3].value.status_ans.bit0 && c[3].value.status_ans.bit1 &&
              c[3].value.status_ans.bit2);
    ck_assert_str_eq(myk10_mac_name(c[3].cid, true), "LinkADRAns");
    ck_assert(!c[4].value.status_ans.bit0 && c[4].value.status_ans.bit1 &&
              c[4].value.status_ans.bit2);
    ck_assert(c[5].value.status_ans.bit0 && c[5].value.status_ans.bit1 &&
              !c[5].value.status_ans.bit2);
    ck_assert(!c[6].value.status_ans.bit0 && c[6].value.status_ans.bit1);
    ck_assert_str_eq(myk10_mac_name(c[7].cid, true), "LinkCheckReq");
    ck_assert_str_eq(myk10_mac_name(c[8].cid, true), "DeviceTimeReq");
    ck_assert_uint_eq(c[9].value.minor, 1);
    ck_assert(c[10].value.status_ans.bit0);
    ck_assert_uint_eq(c[14].offset, n - 1);
    {
        uint8_t again[64];
        size_t m = 0;
        ck_ok(myk10_mac_encode(again, sizeof again, &m, c, count));
        ck_assert_uint_eq(m, n);
        ck_assert_mem_eq(again, buf, n);
    }
}
END_TEST

START_TEST(mac_iterator_and_errors)
{
    uint8_t buf[32];
    myk10_mac_command c[4];
    myk10_mac_iter it;
    size_t count = 99, n;
    int seen = 0;

    n = unhex(buf, sizeof buf, "0206fe3f0e");
    myk10_mac_iter_init(&it, buf, n, true);
    while (!myk10_mac_iter_done(&it)) {
        myk10_status st = myk10_mac_iter_next(&c[0], &it);
        if (st != MYK10_OK) {
            ck_assert_int_eq(st, MYK10_EUNSUPPORTED);
            break;
        }
        seen++;
    }
    ck_assert_int_eq(seen, 2);
    ck_assert_uint_eq(it.offset, 4);
    ck_assert_int_eq(myk10_last_error_offset(), 4);
    ck_assert_str_eq(myk10_last_error(), "mac: unknown uplink CID 0x0E at byte 4");

    ck_assert_int_eq(myk10_mac_decode(c, 4, &count, buf, n, true), MYK10_EUNSUPPORTED);
    ck_assert_uint_eq(count, 2);

    n = unhex(buf, sizeof buf, "0203");
    ck_assert_int_eq(myk10_mac_decode(c, 4, &count, buf, n, false), MYK10_ETRUNCATED);
    ck_assert_uint_eq(count, 0);
    ck_assert_int_eq(myk10_last_error_offset(), 0);
    ck_assert_str_eq(myk10_last_error(), "mac: LinkCheckAns at byte 0 needs 2 bytes, 1 left");
    n = unhex(buf, sizeof buf, "060352ff");
    ck_assert_int_eq(myk10_mac_decode(c, 4, &count, buf, n, false), MYK10_ETRUNCATED);
    ck_assert_uint_eq(count, 1);
    ck_assert_int_eq(myk10_last_error_offset(), 1);
    ck_assert_str_eq(myk10_last_error(), "mac: LinkADRReq at byte 1 needs 4 bytes, 2 left");

    n = unhex(buf, sizeof buf, "80");
    ck_assert_int_eq(myk10_mac_decode(c, 4, &count, buf, n, false), MYK10_EUNSUPPORTED);
    n = unhex(buf, sizeof buf, "00");
    ck_assert_int_eq(myk10_mac_decode(c, 4, &count, buf, n, true), MYK10_EUNSUPPORTED);

    /* Capacity: the count needed comes back. */
    n = unhex(buf, sizeof buf, "0202020202");
    ck_assert_int_eq(myk10_mac_decode(c, 2, &count, buf, n, true), MYK10_EBUFSIZE);
    ck_assert_uint_eq(count, 5);
    ck_assert_int_eq(myk10_mac_decode(NULL, 0, &count, buf, n, true), MYK10_EBUFSIZE);
    ck_assert_uint_eq(count, 5);
    ck_ok(myk10_mac_decode(NULL, 0, &count, buf, 0, true));
    ck_assert_uint_eq(count, 0);

    ck_assert_int_eq(myk10_mac_payload_size(MYK10_MAC_FORCE_REJOIN, true), -1);
    ck_assert_int_eq(myk10_mac_payload_size(MYK10_MAC_FORCE_REJOIN, false), 2);
    ck_assert_int_eq(myk10_mac_payload_size((myk10_mac_cid)0x80, false), -1);
    ck_assert_str_eq(myk10_mac_name((myk10_mac_cid)0x10, false), "unknown");
}
END_TEST

START_TEST(mac_encode_rejects_bad_values)
{
    myk10_mac_command c = { .cid = MYK10_MAC_DEV_STATUS, .uplink = true };
    uint8_t buf[8] = { 0 };
    size_t n = 0;

    c.value.dev_status_ans.margin = 32;
    ck_assert_int_eq(myk10_mac_encode(buf, sizeof buf, &n, &c, 1), MYK10_ERANGE);
    c.value.dev_status_ans.margin = -33;
    ck_assert_int_eq(myk10_mac_encode(buf, sizeof buf, &n, &c, 1), MYK10_ERANGE);
    c.value.dev_status_ans.margin = -5;
    ck_assert_int_eq(myk10_mac_encode(buf, 2, &n, &c, 1), MYK10_EBUFSIZE);
    ck_assert_uint_eq(n, 3);
    ck_ok(myk10_mac_encode(buf, sizeof buf, &n, &c, 1));
    ck_assert_bytes(buf, "06003b");

    c = (myk10_mac_command){ .cid = MYK10_MAC_DL_CHANNEL, .uplink = false };
    c.value.dl_channel_req.frequency_hz = 868100050;
    ck_assert_int_eq(myk10_mac_encode(buf, sizeof buf, &n, &c, 1), MYK10_ERANGE);
    c.cid = MYK10_MAC_FORCE_REJOIN;
    c.uplink = true;
    ck_assert_int_eq(myk10_mac_encode(buf, sizeof buf, &n, &c, 1), MYK10_EUNSUPPORTED);
}
END_TEST

/* Found by fuzz_mac_commands: bit 2 of an answer that gives it no meaning
 * (NewChannelAns 0x0F) was lost on re-encoding. Raw bits outside the named
 * flags must survive decode -> encode. */
START_TEST(mac_status_keeps_unnamed_bits)
{
    uint8_t buf[8], again[8];
    myk10_mac_command c[3];
    size_t count = 0, n = unhex(buf, sizeof buf, "070f03ff0f0f");

    ck_ok(myk10_mac_decode(c, 3, &count, buf, n, true));
    ck_assert_uint_eq(count, 3);
    ck_assert(!c[0].value.status_ans.bit2);
    ck_assert(c[1].value.status_ans.bit2);
    ck_ok(myk10_mac_encode(again, sizeof again, &n, c, count));
    ck_assert_mem_eq(again, buf, n);
    /* The flags override the raw byte for the bits they name. */
    c[1].value.status_ans.bit2 = false;
    c[0].value.status_ans.bit2 = true; /* no meaning for NewChannelAns: ignored */
    ck_ok(myk10_mac_encode(again, sizeof again, &n, c, count));
    ck_assert_bytes(again, "070f03fb0f0f");
}
END_TEST

/* ----------------------------------------------------------------- suite */

static Suite *frame_suite(void)
{
    Suite *s = suite_create("frame");
    TCase *tc;

    tc = tcase_create("cmac");
    tcase_add_test(tc, cmac_rfc4493_vectors);
    tcase_add_test(tc, cmac_agrees_with_openssl_evp_mac);
    suite_add_tcase(s, tc);

    tc = tcase_create("keys");
    tcase_add_test(tc, keys_roles_share_and_split);
    tcase_add_test(tc, derive_1_0_lora_packet);
    tcase_add_test(tc, derive_chirpstack_1_0_and_1_1);
    tcase_add_test(tc, derive_js_keys);
    suite_add_tcase(s, tc);

    tc = tcase_create("vectors");
    tcase_add_test(tc, lora_packet_uplink_test_payload);
    tcase_add_test(tc, lora_packet_mic_cases);
    tcase_add_test(tc, lora_packet_long_payload);
    tcase_add_test(tc, join_request_vectors);
    tcase_add_test(tc, join_accept_lora_packet);
    tcase_add_test(tc, join_accept_chirpstack);
    tcase_add_test(tc, join_accept_with_cflist_and_rejoin_key);
    tcase_add_test(tc, chirpstack_1_0_confirmed_uplink);
    tcase_add_test(tc, chirpstack_1_1_downlink_encrypted_fopts);
    tcase_add_test(tc, lora_packet_1_1_rekey_ind);
    tcase_add_test(tc, rejoin_request_mic);
    tcase_add_test(tc, data_mic_against_spec_blocks);
    suite_add_tcase(s, tc);

    tc = tcase_create("round_trip");
    tcase_add_test(tc, round_trip_every_data_mtype);
    tcase_add_test(tc, encode_rejects_bad_fields);
    suite_add_tcase(s, tc);

    tc = tcase_create("bad_input");
    tcase_add_test(tc, parse_rejects_bad_input);
    tcase_add_test(tc, parse_error_messages_and_limits);
    tcase_add_test(tc, parse_fctrl_bits_by_direction);
    tcase_add_test(tc, parse_proprietary_and_names);
    tcase_add_test(tc, security_rejects_misuse);
    suite_add_tcase(s, tc);

    tc = tcase_create("mac");
    tcase_add_test(tc, mac_decode_downlink);
    tcase_add_test(tc, mac_decode_uplink);
    tcase_add_test(tc, mac_iterator_and_errors);
    tcase_add_test(tc, mac_encode_rejects_bad_values);
    tcase_add_test(tc, mac_status_keeps_unnamed_bits);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(frame_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
