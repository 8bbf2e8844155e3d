/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file frame.h
 * @brief libmyk10 frame module: LoRaWAN 1.0.2-1.0.4 and 1.1 PHYPayload
 *        parsing, MAC commands, MIC, encryption, key derivation, encoding.
 *
 * Three layers, usable separately:
 *
 * - **Parsing** (myk10_frame_parse()) is zero-copy and allocation-free: the
 *   byte fields of a ::myk10_frame point into the caller's buffer, which
 *   must outlive the frame. No keys are needed.
 * - **Security** works on a parsed frame with a ::myk10_frame_keys object:
 *   MIC computation and constant-time verification, FRMPayload and (1.1)
 *   FOpts decryption, join-accept decryption, OTAA key derivation. The keys
 *   object holds pre-expanded AES contexts so per-frame work does no key
 *   expansion and no heap allocation.
 * - **Encoding** builds PHYPayloads (data frames, join-request,
 *   join-accept) into caller buffers with the size-query convention: a too
 *   small buffer gives ::MYK10_EBUFSIZE and the size needed.
 *
 * Byte order: multi-byte fields are little-endian on air; this API exposes
 * them as integers (DevAddr 0x26011BDA is sent as DA 1B 01 26, EUIs and
 * NetIDs likewise), so printing them with `%08X`/`%016llX` gives the usual
 * notation. The MIC stays a 4-byte array in air order.
 *
 * Errors name the byte: on a parse or decode failure myk10_last_error_offset()
 * is the offset into the input at which the problem was detected.
 *
 * Threads: parsing and MAC-command decoding are re-entrant and share
 * nothing. A ::myk10_frame_keys object carries cipher state and must be used
 * by one thread at a time; give each thread (or each device session) its own.
 */
#ifndef MYK10_FRAME_H
#define MYK10_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <myk10/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @name Sizes
 *  @{ */
/** Largest PHYPayload: the LoRa physical layer carries at most 255 bytes. */
#define MYK10_FRAME_MAX_SIZE 255
/** Smallest data frame: MHDR, DevAddr, FCtrl, FCnt and MIC. */
#define MYK10_FRAME_MIN_DATA_SIZE 12
/** Largest FOpts field (FOptsLen is 4 bits). */
#define MYK10_FRAME_MAX_FOPTS 15
/** Size of every LoRaWAN AES-128 key. */
#define MYK10_FRAME_KEY_SIZE 16
/** Size of a join-accept CFList. */
#define MYK10_FRAME_CFLIST_SIZE 16

/** Same as ::MYK10_FRAME_MAX_SIZE, for bindings that cannot read macros. */
MYK10_API size_t myk10_frame_max_size(void);
/** Same as ::MYK10_FRAME_MIN_DATA_SIZE. */
MYK10_API size_t myk10_frame_min_data_size(void);
/** Same as ::MYK10_FRAME_MAX_FOPTS. */
MYK10_API size_t myk10_frame_max_fopts(void);
/** Same as ::MYK10_FRAME_KEY_SIZE. */
MYK10_API size_t myk10_frame_key_size(void);
/** @} */

/** Message type: the top three bits of the MHDR. Values are the wire values. */
typedef enum myk10_frame_mtype {
    MYK10_FRAME_JOIN_REQUEST = 0,
    MYK10_FRAME_JOIN_ACCEPT = 1,
    MYK10_FRAME_UNCONFIRMED_UP = 2,
    MYK10_FRAME_UNCONFIRMED_DOWN = 3,
    MYK10_FRAME_CONFIRMED_UP = 4,
    MYK10_FRAME_CONFIRMED_DOWN = 5,
    MYK10_FRAME_REJOIN_REQUEST = 6, /**< LoRaWAN 1.1; RFU in 1.0 */
    MYK10_FRAME_PROPRIETARY = 7
} myk10_frame_mtype;

/** Name of a message type, e.g. "UnconfirmedDataUp"; "unknown" if out of range. */
MYK10_API const char *myk10_frame_mtype_name(myk10_frame_mtype mtype);

/** True for the four data message types. */
MYK10_API bool myk10_frame_mtype_is_data(myk10_frame_mtype mtype);

/** True for message types sent by the end device (join/rejoin-request, data up). */
MYK10_API bool myk10_frame_mtype_is_uplink(myk10_frame_mtype mtype);

/** LoRaWAN MAC version of a device; selects the MIC, FOpts and key-derivation rules. */
typedef enum myk10_lorawan_version {
    MYK10_LORAWAN_1_0 = 10, /**< 1.0.2, 1.0.3 and 1.0.4: one NwkSKey, FOpts in clear */
    MYK10_LORAWAN_1_1 = 11  /**< 1.1: split network keys, encrypted FOpts, split uplink MIC */
} myk10_lorawan_version;

/** FHDR, FPort and FRMPayload of a data frame (the four data MTypes). */
typedef struct myk10_frame_data {
    uint32_t dev_addr;        /**< DevAddr */
    uint8_t fctrl;            /**< raw FCtrl byte */
    bool adr;                 /**< FCtrl bit 7, both directions */
    bool adr_ack_req;         /**< FCtrl bit 6, uplink only (RFU downlink) */
    bool ack;                 /**< FCtrl bit 5, both directions */
    bool class_b;             /**< FCtrl bit 4 uplink (ClassB, 1.0.3+; RFU in 1.0.2) */
    bool fpending;            /**< FCtrl bit 4 downlink (FPending) */
    uint16_t fcnt16;          /**< the 16 counter bits sent on air */
    const uint8_t *fopts;     /**< FOpts (MAC commands; encrypted in 1.1), NULL if none */
    size_t fopts_size;        /**< FOptsLen, 0..15 */
    bool has_fport;           /**< whether the FPort byte is present */
    uint8_t fport;            /**< FPort (0 = MAC commands in FRMPayload); 0 if absent */
    const uint8_t *frm_payload; /**< encrypted FRMPayload, NULL if empty */
    size_t frm_payload_size;  /**< 0 when absent */
} myk10_frame_data;

/** Join-request fields. */
typedef struct myk10_frame_join_request {
    uint64_t join_eui; /**< JoinEUI (AppEUI in 1.0) */
    uint64_t dev_eui;  /**< DevEUI */
    uint16_t dev_nonce;
} myk10_frame_join_request;

/** A join-accept as received: still encrypted (see myk10_frame_join_accept_open()). */
typedef struct myk10_frame_join_accept {
    const uint8_t *encrypted; /**< everything after the MHDR, MIC included */
    size_t encrypted_size;    /**< 16, or 32 with a CFList */
} myk10_frame_join_accept;

/** Rejoin-request fields (LoRaWAN 1.1). */
typedef struct myk10_frame_rejoin_request {
    uint8_t type;      /**< 0, 1 or 2 */
    uint32_t net_id;   /**< types 0 and 2 */
    uint64_t join_eui; /**< type 1 */
    uint64_t dev_eui;
    uint16_t rj_count; /**< RJcount0 (types 0 and 2) or RJcount1 (type 1) */
} myk10_frame_rejoin_request;

/**
 * A parsed PHYPayload. Only the member matching `mtype` is filled in; the
 * others hold unspecified values. Pointers point into the parsed buffer.
 */
typedef struct myk10_frame {
    myk10_frame_mtype mtype;
    uint8_t mhdr;         /**< raw MHDR byte */
    uint8_t major;        /**< MHDR major version; always 0 (LoRaWAN R1) after a successful parse */
    bool uplink;          /**< sent by the end device */
    const uint8_t *phy;   /**< the whole PHYPayload */
    size_t phy_size;
    uint8_t mic[4];       /**< MIC in air order; zero for proprietary frames */
    myk10_frame_data data;
    myk10_frame_join_request join_request;
    myk10_frame_join_accept join_accept;
    myk10_frame_rejoin_request rejoin;
    const uint8_t *proprietary;  /**< proprietary: all bytes after the MHDR (no MIC is assumed) */
    size_t proprietary_size;
} myk10_frame;

/**
 * Parses a PHYPayload without copying or allocating.
 *
 * Checks the structure only; MIC and keys are the business of the security
 * functions. MHDR RFU bits are ignored; FPort values 224-255 are accepted.
 *
 * @param out   receives the frame; its pointers point into `phy`.
 * @param phy   the PHYPayload bytes; must stay valid while `out` is used.
 * @param size  number of bytes at `phy`.
 * @return MYK10_OK;
 *   MYK10_EINVAL if `out` is NULL or `phy` is NULL with a nonzero size;
 *   MYK10_ETRUNCATED when the input ends early: empty input (byte 0), a data
 *     frame under 12 bytes, a join-request under 23, a join-accept under 17,
 *     a rejoin-request shorter than its type needs, or an FOptsLen that runs
 *     into the MIC (offset 5, the FCtrl byte that carries FOptsLen);
 *   MYK10_EMALFORMED for more than 255 bytes (offset 255), bytes after the
 *     end of a fixed-size message, a join-accept that is neither 17 nor 33
 *     bytes, or FOpts together with FPort 0 (offset of the FPort byte);
 *   MYK10_EUNSUPPORTED for a major version other than LoRaWAN R1 (byte 0)
 *     or a rejoin type above 2 (byte 1).
 *   On failure `out` is left untouched.
 */
MYK10_API myk10_status myk10_frame_parse(myk10_frame *out, const uint8_t *phy, size_t size);

/** @name Keys
 *  @{ */

/** Roles a key plays. A LoRaWAN 1.0 NwkSKey fills the three network session roles. */
typedef enum myk10_frame_key_role {
    MYK10_KEY_APP_S = 0,      /**< AppSKey: FRMPayload with FPort > 0 */
    MYK10_KEY_F_NWK_S_INT = 1,/**< FNwkSIntKey (1.0: NwkSKey): uplink MIC */
    MYK10_KEY_S_NWK_S_INT = 2,/**< SNwkSIntKey (1.0: NwkSKey): 1.1 uplink cmacS, downlink MIC, rejoin 0/2 */
    MYK10_KEY_NWK_S_ENC = 3,  /**< NwkSEncKey (1.0: NwkSKey): FPort 0 payloads, 1.1 FOpts */
    MYK10_KEY_APP = 4,        /**< AppKey: 1.0 join root key; 1.1 AppSKey derivation */
    MYK10_KEY_NWK = 5,        /**< NwkKey: 1.1 join root key */
    MYK10_KEY_JS_INT = 6,     /**< JSIntKey (1.1): join-accept MIC, rejoin type 1 MIC */
    MYK10_KEY_JS_ENC = 7      /**< JSEncKey (1.1): join-accept after a rejoin */
} myk10_frame_key_role;

/** Number of key roles (one more than the largest role). */
#define MYK10_KEY_ROLE_COUNT 8

/** Name of a key role, e.g. "NwkSEncKey"; "unknown" if out of range. */
MYK10_API const char *myk10_frame_key_role_name(myk10_frame_key_role role);

/**
 * Keys of one device, with their AES key schedules and CMAC subkeys
 * expanded once. Key bytes live in libsodium guarded memory
 * (`sodium_malloc`) and are wiped on destroy; the OpenSSL cipher contexts are
 * cleansed by OpenSSL when freed. Roles holding the same key share one
 * context. Not thread-safe: one thread at a time per object.
 */
typedef struct myk10_frame_keys myk10_frame_keys;

/**
 * Creates an empty keys object for a device of the given LoRaWAN version.
 * @param out      receives the new object; release with myk10_frame_keys_destroy().
 * @param version  ::MYK10_LORAWAN_1_0 or ::MYK10_LORAWAN_1_1.
 * @return MYK10_OK; MYK10_EINVAL for a NULL `out` or an unknown version;
 *         MYK10_ENOMEM; MYK10_ECRYPTO if libsodium cannot initialise.
 */
MYK10_API myk10_status myk10_frame_keys_create(myk10_frame_keys **out,
                                               myk10_lorawan_version version);

/** Destroys a keys object, wiping its key material. Accepts NULL. */
MYK10_API void myk10_frame_keys_destroy(myk10_frame_keys *keys);

/** The version the keys object was created for. */
MYK10_API myk10_lorawan_version myk10_frame_keys_version(const myk10_frame_keys *keys);

/**
 * Sets (or replaces) the key for one role and expands it.
 * @param key  16 bytes in the usual notation (as printed, not reversed).
 * @return MYK10_OK; MYK10_EINVAL for NULL arguments or an unknown role;
 *         MYK10_ECRYPTO if OpenSSL fails (the role is then unset).
 */
MYK10_API myk10_status myk10_frame_keys_set(myk10_frame_keys *keys, myk10_frame_key_role role,
                                            const uint8_t key[16]);

/**
 * LoRaWAN 1.0 convenience: sets NwkSKey into the FNwkSIntKey, SNwkSIntKey and
 * NwkSEncKey roles (one shared context).
 * @return as myk10_frame_keys_set().
 */
MYK10_API myk10_status myk10_frame_keys_set_nwk_s_key(myk10_frame_keys *keys,
                                                      const uint8_t key[16]);

/** Forgets the key of one role (no-op if unset or the role is unknown). */
MYK10_API void myk10_frame_keys_unset(myk10_frame_keys *keys, myk10_frame_key_role role);

/** Whether a key is set for `role`. */
MYK10_API bool myk10_frame_keys_has(const myk10_frame_keys *keys, myk10_frame_key_role role);

/**
 * Copies the key of one role out, e.g. for a session snapshot. The caller is
 * responsible for wiping `out` afterwards.
 * @return MYK10_OK; MYK10_EINVAL for NULL arguments or an unknown role;
 *         MYK10_ENOKEY if the role is unset.
 */
MYK10_API myk10_status myk10_frame_keys_get(uint8_t out[16], const myk10_frame_keys *keys,
                                            myk10_frame_key_role role);

/** Values from the join exchange that OTAA key derivation needs. */
typedef struct myk10_frame_join_info {
    uint32_t join_nonce; /**< JoinNonce (AppNonce in 1.0), 24 bits */
    uint32_t net_id;     /**< NetID, 24 bits */
    uint64_t join_eui;   /**< JoinEUI (1.1 derivation) */
    uint16_t dev_nonce;  /**< DevNonce of the join-request */
    bool opt_neg;        /**< DLSettings OptNeg bit of the join-accept (1.1 server) */
} myk10_frame_join_info;

/**
 * OTAA session-key derivation into `session` (existing roles are replaced).
 *
 * If `root` is a 1.0 object, or OptNeg is unset, the 1.0 rule applies:
 * NwkSKey = aes128_encrypt(K, 0x01 | JoinNonce | NetID | DevNonce | pad16) and
 * AppSKey with 0x02, where K is the AppKey of a 1.0 `root` or the NwkKey of a
 * 1.1 `root`; NwkSKey fills the three network roles.
 * Otherwise (1.1, OptNeg set): FNwkSIntKey (0x01), SNwkSIntKey (0x03) and
 * NwkSEncKey (0x04) from NwkKey, AppSKey (0x02) from AppKey, each over
 * JoinNonce | JoinEUI | DevNonce.
 * `session` and `root` may be the same object.
 *
 * @return MYK10_OK; MYK10_EINVAL for NULL arguments; MYK10_ENOKEY if a root
 *         key is missing; MYK10_ECRYPTO if OpenSSL fails.
 */
MYK10_API myk10_status myk10_frame_keys_derive_session(myk10_frame_keys *session,
                                                       myk10_frame_keys *root,
                                                       const myk10_frame_join_info *info);

/**
 * LoRaWAN 1.1: derives JSIntKey = aes128_encrypt(NwkKey, 0x06 | DevEUI | pad16)
 * and JSEncKey (0x05) into the same object.
 * @return MYK10_OK; MYK10_EINVAL; MYK10_ENOKEY without NwkKey; MYK10_ECRYPTO.
 */
MYK10_API myk10_status myk10_frame_keys_derive_js(myk10_frame_keys *keys, uint64_t dev_eui);

/** @} */

/** @name Data-frame security
 *  @{ */

/**
 * What the MIC of a data frame covers besides the frame itself.
 * Zero-initialise and set `fcnt`; the rest matters for LoRaWAN 1.1 only.
 */
typedef struct myk10_frame_params {
    uint32_t fcnt;      /**< full 32-bit frame counter; its low 16 bits must equal the frame's FCnt */
    uint16_t conf_fcnt; /**< 1.1, ACK set: FCnt (low 16 bits) of the confirmed frame acknowledged */
    uint8_t tx_dr;      /**< 1.1 uplink: data rate of the transmission */
    uint8_t tx_ch;      /**< 1.1 uplink: channel index of the transmission */
} myk10_frame_params;

/**
 * Computes the MIC of a data frame, join-request or rejoin-request.
 *
 * Data frames: 1.0 cmac(NwkSKey, B0 | msg); 1.1 uplink cmacS[0..1] |
 * cmacF[0..1] with SNwkSIntKey over B1 and FNwkSIntKey over B0; 1.1 downlink
 * cmac(SNwkSIntKey, B0 with ConfFCnt | msg). ConfFCnt counts only when ACK is
 * set. Join-request: cmac over MHDR..DevNonce with AppKey (1.0 object) or
 * NwkKey (1.1). Rejoin type 0/2: SNwkSIntKey; type 1: JSIntKey. For the
 * join-accept use myk10_frame_join_accept_open().
 *
 * @param out_mic  receives the 4 MIC bytes in air order.
 * @param params   needed for data frames (may be NULL otherwise).
 * @return MYK10_OK; MYK10_EINVAL for NULL arguments, a join-accept or
 *         proprietary frame, or `params->fcnt` not matching the frame's FCnt;
 *         MYK10_ENOKEY if a needed key is unset; MYK10_ECRYPTO.
 */
MYK10_API myk10_status myk10_frame_mic(uint8_t out_mic[4], const myk10_frame *frame,
                                       myk10_frame_keys *keys,
                                       const myk10_frame_params *params);

/**
 * Verifies the MIC of a data frame, join-request or rejoin-request in
 * constant time (libsodium `sodium_memcmp`).
 * @return MYK10_OK if it matches; MYK10_EINTEGRITY if not (offset: the MIC's
 *         first byte); otherwise as myk10_frame_mic().
 */
MYK10_API myk10_status myk10_frame_verify(const myk10_frame *frame, myk10_frame_keys *keys,
                                          const myk10_frame_params *params);

/**
 * Decrypts (or, applied to plaintext, encrypts) the FRMPayload of a data
 * frame: AppSKey for FPort > 0, NwkSEncKey (1.0: NwkSKey) for FPort 0.
 * Verify the MIC first: decryption does not authenticate.
 *
 * @param out       destination; may be the frame's own FRMPayload buffer
 *                  (in-place) but must not otherwise overlap it.
 * @param cap       size of `out`.
 * @param out_size  receives the plaintext size (also on MYK10_EBUFSIZE);
 *                  0 for a frame without FRMPayload.
 * @param fcnt      the frame's full 32-bit counter (low 16 bits must match).
 * @return MYK10_OK; MYK10_EINVAL for NULL arguments, a non-data frame or a
 *         mismatching counter; MYK10_EBUFSIZE if `cap` is too small;
 *         MYK10_ENOKEY; MYK10_ECRYPTO.
 */
MYK10_API myk10_status myk10_frame_decrypt(uint8_t *out, size_t cap, size_t *out_size,
                                           const myk10_frame *frame, myk10_frame_keys *keys,
                                           uint32_t fcnt);

/**
 * Returns the FOpts of a data frame in clear: copied as is for a 1.0 keys
 * object, decrypted with NwkSEncKey for 1.1 (A block as in the 1.1 errata:
 * byte 4 is 0x02 for downlinks with FPort > 0, which count with AFCntDown,
 * else 0x01; the block counter is 1). 15 bytes of `out` always suffice.
 * @param fcnt  the counter the frame was sent with (FCntUp, NFCntDown or AFCntDown).
 * @return as myk10_frame_decrypt().
 */
MYK10_API myk10_status myk10_frame_decrypt_fopts(uint8_t *out, size_t cap, size_t *out_size,
                                                 const myk10_frame *frame,
                                                 myk10_frame_keys *keys, uint32_t fcnt);

/** @} */

/** @name Join-accept
 *  @{ */

/** JoinReqType of a join-accept: what it answers (part of the 1.1 MIC). */
typedef enum myk10_join_req_type {
    MYK10_JOIN_REQ_REJOIN_0 = 0x00,
    MYK10_JOIN_REQ_REJOIN_1 = 0x01,
    MYK10_JOIN_REQ_REJOIN_2 = 0x02,
    MYK10_JOIN_REQ_JOIN = 0xFF
} myk10_join_req_type;

/** What the device knows about the request a join-accept answers. */
typedef struct myk10_join_context {
    myk10_join_req_type join_req_type; /**< ::MYK10_JOIN_REQ_JOIN for a join-request */
    uint64_t join_eui;                 /**< JoinEUI of the request (1.1 MIC) */
    uint16_t dev_nonce;                /**< DevNonce (or RJcount) of the request (1.1 MIC) */
} myk10_join_context;

/** A join-accept in clear. */
typedef struct myk10_join_accept {
    uint32_t join_nonce;  /**< JoinNonce (AppNonce in 1.0), 24 bits */
    uint32_t net_id;      /**< Home NetID, 24 bits */
    uint32_t dev_addr;
    uint8_t dl_settings;  /**< raw DLSettings byte */
    bool opt_neg;         /**< DLSettings bit 7: the server speaks 1.1 */
    uint8_t rx1_dr_offset;/**< DLSettings bits 6..4 */
    uint8_t rx2_dr;       /**< DLSettings bits 3..0 */
    uint8_t rx_delay;     /**< RxDelay (seconds, 0 means 1) */
    bool has_cflist;
    uint8_t cflist[16];
    uint8_t mic[4];
} myk10_join_accept;

/**
 * Decrypts a join-accept and verifies its MIC.
 *
 * 1.0 keys object: decrypt and MIC with AppKey. 1.1 object: decrypt with
 * NwkKey (join) or JSEncKey (rejoin); MIC with JSIntKey over JoinReqType |
 * JoinEUI | DevNonce | MHDR | fields when OptNeg is set, with NwkKey over
 * MHDR | fields when it is not.
 *
 * @param out      receives the fields; also filled when the MIC is wrong,
 *                 so a caller can log them, but never trust them then.
 * @param context  needed for 1.1; may be NULL for a 1.0 object.
 * @return MYK10_OK; MYK10_EINTEGRITY on a MIC mismatch; MYK10_EINVAL for
 *         NULL arguments or a frame that is not a join-accept; MYK10_ENOKEY;
 *         MYK10_ECRYPTO.
 */
MYK10_API myk10_status myk10_frame_join_accept_open(myk10_join_accept *out,
                                                    const myk10_frame *frame,
                                                    myk10_frame_keys *keys,
                                                    const myk10_join_context *context);

/** @} */

/** @name Encoding
 *  All encoders write into `out` (capacity `cap`) and report the size in
 *  `out_size`; with a too small buffer they return ::MYK10_EBUFSIZE, set
 *  `out_size` to the size needed and write nothing.
 *  @{ */

/** Fields of a data frame to encode. Zero-initialise, then fill in. */
typedef struct myk10_frame_data_fields {
    myk10_frame_mtype mtype;  /**< one of the four data types */
    uint32_t dev_addr;
    bool adr;
    bool adr_ack_req;         /**< uplink only */
    bool ack;
    bool class_b;             /**< uplink only */
    bool fpending;            /**< downlink only */
    const uint8_t *fopts;     /**< MAC commands in clear (encrypted here for 1.1) */
    size_t fopts_size;        /**< 0..15 */
    bool has_fport;
    uint8_t fport;
    const uint8_t *payload;   /**< FRMPayload in clear (encrypted here) */
    size_t payload_size;
    myk10_frame_params params;/**< fcnt (all 32 bits), and the 1.1 MIC inputs */
} myk10_frame_data_fields;

/**
 * Encodes a data frame: encrypts FRMPayload (and FOpts for 1.1), adds the MIC.
 * @return MYK10_OK; MYK10_EBUFSIZE; MYK10_EINVAL for NULL arguments, a
 *         non-data MType, more than 15 FOpts bytes, FOpts with FPort 0, or a
 *         payload without FPort; MYK10_ERANGE if the frame would exceed 255
 *         bytes; MYK10_ENOKEY; MYK10_ECRYPTO.
 */
MYK10_API myk10_status myk10_frame_encode_data(uint8_t *out, size_t cap, size_t *out_size,
                                               const myk10_frame_data_fields *fields,
                                               myk10_frame_keys *keys);

/**
 * Encodes a join-request (23 bytes) with its MIC (AppKey for a 1.0 object,
 * NwkKey for 1.1).
 * @return MYK10_OK; MYK10_EBUFSIZE; MYK10_EINVAL; MYK10_ENOKEY; MYK10_ECRYPTO.
 */
MYK10_API myk10_status myk10_frame_encode_join_request(uint8_t *out, size_t cap,
                                                       size_t *out_size,
                                                       const myk10_frame_join_request *fields,
                                                       myk10_frame_keys *keys);

/**
 * Encodes and encrypts a join-accept (17 bytes, 33 with a CFList), the
 * network side of myk10_frame_join_accept_open(): same keys, and the MIC
 * rule follows `fields->opt_neg` (the raw `dl_settings` byte is rebuilt from
 * opt_neg, rx1_dr_offset and rx2_dr; `fields->mic` is ignored). Encryption
 * is AES decryption, so this call creates a short-lived OpenSSL context
 * (it allocates, unlike the per-frame functions).
 * @return MYK10_OK; MYK10_EBUFSIZE; MYK10_EINVAL (NULL arguments, JoinNonce
 *         or NetID above 24 bits, rx1_dr_offset above 7, rx2_dr above 15,
 *         OptNeg with a 1.0 keys object); MYK10_ENOKEY; MYK10_ECRYPTO.
 */
MYK10_API myk10_status myk10_frame_encode_join_accept(uint8_t *out, size_t cap,
                                                      size_t *out_size,
                                                      const myk10_join_accept *fields,
                                                      myk10_frame_keys *keys,
                                                      const myk10_join_context *context);

/** @} */

/** @name MAC commands
 *  Decoded from FOpts (after myk10_frame_decrypt_fopts() for 1.1) or from a
 *  decrypted FPort-0 FRMPayload. The CIDs of LoRaWAN 1.0.4 and 1.1 are
 *  known in both directions; CIDs RFU in 1.0 (0x01, 0x0B, 0x0C, 0x0E,
 *  0x0F) decode as their 1.1 meaning.
 *  @{ */

/** Command identifiers (wire values). */
typedef enum myk10_mac_cid {
    MYK10_MAC_RESET = 0x01,
    MYK10_MAC_LINK_CHECK = 0x02,
    MYK10_MAC_LINK_ADR = 0x03,
    MYK10_MAC_DUTY_CYCLE = 0x04,
    MYK10_MAC_RX_PARAM_SETUP = 0x05,
    MYK10_MAC_DEV_STATUS = 0x06,
    MYK10_MAC_NEW_CHANNEL = 0x07,
    MYK10_MAC_RX_TIMING_SETUP = 0x08,
    MYK10_MAC_TX_PARAM_SETUP = 0x09,
    MYK10_MAC_DL_CHANNEL = 0x0A,
    MYK10_MAC_REKEY = 0x0B,
    MYK10_MAC_ADR_PARAM_SETUP = 0x0C,
    MYK10_MAC_DEVICE_TIME = 0x0D,
    MYK10_MAC_FORCE_REJOIN = 0x0E,
    MYK10_MAC_REJOIN_PARAM_SETUP = 0x0F
} myk10_mac_cid;

/** LinkCheckAns */
typedef struct myk10_mac_link_check_ans {
    uint8_t margin;  /**< dB above the demodulation floor, 0..254 */
    uint8_t gw_cnt;  /**< gateways that received the LinkCheckReq */
} myk10_mac_link_check_ans;

/** LinkADRReq */
typedef struct myk10_mac_link_adr_req {
    uint8_t data_rate;   /**< bits 7..4 */
    uint8_t tx_power;    /**< bits 3..0 */
    uint16_t ch_mask;
    uint8_t ch_mask_cntl;/**< Redundancy bits 6..4 */
    uint8_t nb_trans;    /**< Redundancy bits 3..0 */
} myk10_mac_link_adr_req;

/** Status answers: LinkADRAns, RXParamSetupAns, NewChannelAns, DlChannelAns, RejoinParamSetupAns. */
typedef struct myk10_mac_status_ans {
    uint8_t status;  /**< the raw status byte */
    bool bit0;       /**< ChannelMaskACK / ChannelACK / ChannelFrequencyOK / TimeOK */
    bool bit1;       /**< DataRateACK / RX2DataRateACK / DataRateRangeOK / UplinkFrequencyExists */
    bool bit2;       /**< PowerACK / RX1DROffsetACK (other answers: always false) */
} myk10_mac_status_ans;

/** RXParamSetupReq */
typedef struct myk10_mac_rx_param_setup_req {
    uint8_t rx1_dr_offset; /**< DLsettings bits 6..4 */
    uint8_t rx2_data_rate; /**< DLsettings bits 3..0 */
    uint32_t frequency_hz; /**< 24-bit field x 100 Hz */
} myk10_mac_rx_param_setup_req;

/** DevStatusAns */
typedef struct myk10_mac_dev_status_ans {
    uint8_t battery; /**< 0 external power, 1..254 level, 255 unknown */
    int8_t margin;   /**< SNR in dB, 6-bit two's complement: -32..31 */
} myk10_mac_dev_status_ans;

/** NewChannelReq */
typedef struct myk10_mac_new_channel_req {
    uint8_t ch_index;
    uint32_t frequency_hz; /**< 0 disables the channel */
    uint8_t min_dr;        /**< DrRange bits 3..0 */
    uint8_t max_dr;        /**< DrRange bits 7..4 */
} myk10_mac_new_channel_req;

/** DlChannelReq */
typedef struct myk10_mac_dl_channel_req {
    uint8_t ch_index;
    uint32_t frequency_hz;
} myk10_mac_dl_channel_req;

/** TxParamSetupReq */
typedef struct myk10_mac_tx_param_setup_req {
    bool downlink_dwell_time; /**< bit 5: 400 ms dwell limit on downlinks */
    bool uplink_dwell_time;   /**< bit 4 */
    uint8_t max_eirp_code;    /**< bits 3..0 */
    uint8_t max_eirp_dbm;     /**< the code looked up in the specification's table */
} myk10_mac_tx_param_setup_req;

/** DeviceTimeAns */
typedef struct myk10_mac_device_time_ans {
    uint32_t gps_seconds; /**< seconds since the GPS epoch 1980-01-06T00:00:00Z */
    uint8_t fraction;     /**< 1/256 s steps */
} myk10_mac_device_time_ans;

/** ForceRejoinReq */
typedef struct myk10_mac_force_rejoin_req {
    uint8_t period;      /**< bits 13..11 */
    uint8_t max_retries; /**< bits 10..8 */
    uint8_t rejoin_type; /**< bits 6..4 */
    uint8_t data_rate;   /**< bits 3..0 */
} myk10_mac_force_rejoin_req;

/** The decoded value of a command; which member is valid follows from cid and direction. */
typedef union myk10_mac_payload {
    uint8_t minor;                 /**< ResetInd/Conf, RekeyInd/Conf: LoRaWAN minor version (bits 3..0) */
    myk10_mac_link_check_ans link_check_ans;
    myk10_mac_link_adr_req link_adr_req;
    myk10_mac_status_ans status_ans;
    uint8_t max_duty_cycle;        /**< DutyCycleReq: bits 3..0, aggregate duty cycle 1/2^n */
    myk10_mac_rx_param_setup_req rx_param_setup_req;
    myk10_mac_dev_status_ans dev_status_ans;
    myk10_mac_new_channel_req new_channel_req;
    uint8_t rx_delay;              /**< RXTimingSetupReq: bits 3..0, seconds (0 means 1) */
    myk10_mac_tx_param_setup_req tx_param_setup_req;
    myk10_mac_dl_channel_req dl_channel_req;
    uint8_t adr_param;             /**< ADRParamSetupReq: raw byte, limit_exp bits 7..4, delay_exp 3..0 */
    myk10_mac_device_time_ans device_time_ans;
    myk10_mac_force_rejoin_req force_rejoin_req;
    uint8_t rejoin_param;          /**< RejoinParamSetupReq: raw byte, MaxTimeN 7..4, MaxCountN 3..0 */
} myk10_mac_payload;

/** One MAC command. */
typedef struct myk10_mac_command {
    myk10_mac_cid cid;
    bool uplink;          /**< direction: sent by the end device */
    size_t offset;        /**< offset of the CID byte in the decoded buffer */
    size_t size;          /**< payload bytes after the CID */
    myk10_mac_payload value;
} myk10_mac_command;

/**
 * Name of a command in its direction, e.g. "LinkADRReq" (downlink CID 0x03)
 * or "LinkADRAns" (uplink); "unknown" for unknown CIDs.
 */
MYK10_API const char *myk10_mac_name(myk10_mac_cid cid, bool uplink);

/**
 * Payload size of a command in its direction (excluding the CID byte).
 * @return the size, or -1 for a CID unknown in that direction.
 */
MYK10_API int myk10_mac_payload_size(myk10_mac_cid cid, bool uplink);

/** Iterator over a buffer of MAC commands. Initialise with myk10_mac_iter_init(). */
typedef struct myk10_mac_iter {
    const uint8_t *data;
    size_t size;
    size_t offset; /**< offset of the next command */
    bool uplink;
} myk10_mac_iter;

/**
 * Starts iterating over `size` bytes of MAC commands at `data` (which must
 * outlive the iterator) sent in the given direction.
 */
MYK10_API void myk10_mac_iter_init(myk10_mac_iter *iter, const uint8_t *data, size_t size,
                                   bool uplink);

/** True when every command has been read. */
MYK10_API bool myk10_mac_iter_done(const myk10_mac_iter *iter);

/**
 * Decodes the next command and advances. Call only while
 * myk10_mac_iter_done() is false. After a failure the iterator does not
 * advance: the rest of the buffer cannot be framed.
 * @return MYK10_OK; MYK10_EINVAL for NULL arguments or an exhausted
 *         iterator; MYK10_EUNSUPPORTED for an unknown or proprietary CID
 *         (offset: the CID byte); MYK10_ETRUNCATED when the payload runs past
 *         the end (offset: the CID byte).
 */
MYK10_API myk10_status myk10_mac_iter_next(myk10_mac_command *out, myk10_mac_iter *iter);

/**
 * Decodes every command of a buffer into an array.
 * @param out        array of `cap` commands (may be NULL when `cap` is 0).
 * @param out_count  receives the number of commands: all of them on
 *                   success and on MYK10_EBUFSIZE (the size needed); on a
 *                   decoding error, the number decoded before the bad byte.
 * @return MYK10_OK; MYK10_EBUFSIZE; MYK10_EINVAL; or the error of
 *         myk10_mac_iter_next() for the first bad command.
 */
MYK10_API myk10_status myk10_mac_decode(myk10_mac_command *out, size_t cap,
                                        size_t *out_count, const uint8_t *data, size_t size,
                                        bool uplink);

/**
 * Encodes commands (cid, uplink and value; offset and size are ignored) for
 * FOpts or an FPort-0 payload. Values are masked to their bit fields;
 * frequencies must be multiples of 100 Hz below 2^24 x 100 Hz.
 * @return MYK10_OK; MYK10_EBUFSIZE; MYK10_EINVAL for NULL arguments;
 *         MYK10_EUNSUPPORTED for a CID unknown in its direction;
 *         MYK10_ERANGE for a frequency that cannot be encoded or a
 *         DevStatus margin outside -32..31.
 */
MYK10_API myk10_status myk10_mac_encode(uint8_t *out, size_t cap, size_t *out_size,
                                        const myk10_mac_command *commands, size_t count);

/** @} */

/* ------------------------------------------------------------------ */
/**
 * @name Payload codecs: measurements, the codec registry, Cayenne LPP,
 *       SenML (RFC 8428) JSON and CBOR, vendor water-level sensors and
 *       declarative codecs
 *
 * A codec turns the application payload of one uplink into normalised
 * measurements `{device, time, quantity, unit, value, channel}`:
 *
 * - **quantity** names come from a fixed vocabulary (see docs/codecs.md):
 *   `water_level`, `water_depth`, `distance`, `temperature`, `humidity`,
 *   `pressure`, `battery_voltage`, `battery_level`, `current`, `voltage`,
 *   `illuminance`, `latitude`, `longitude`, `altitude`, ... SenML input keeps
 *   the record's resolved name instead (SenML names are already chosen by the
 *   sender);
 * - **units** are SenML units (RFC 8428 section 12.1 and the IANA "SenML
 *   Units" registry): `m`, `Cel`, `%RH`, `V`, `A`, `hPa`, `lx`, `m/s2`,
 *   `rad/s`, `lat`, `lon`, `%EL`, ... and "" for dimensionless values;
 * - lengths are metres, water levels metres above gauge zero.
 *
 * Decoding appends to a ::myk10_measurements list. The list owns every string
 * it hands out in an internal arena that clear() recycles, so a host that
 * clears and reuses one list per thread decodes without heap allocation in
 * steady state (LPP, vendor and declarative codecs; the SenML parsers allocate
 * transiently inside jansson and libcbor).
 * @{
 */

/* ------------------------------------------------------------ measurements */

/** What a measurement's value holds (SenML v, vs, vb, vd; or only a sum). */
typedef enum myk10_value_kind {
    MYK10_VALUE_NUMBER = 0, /**< `number` holds the value (SenML v) */
    MYK10_VALUE_STRING = 1, /**< `string` holds UTF-8 text (SenML vs) */
    MYK10_VALUE_BOOLEAN = 2,/**< `boolean` holds the value (SenML vb) */
    MYK10_VALUE_DATA = 3,   /**< `data`/`data_len` hold opaque bytes (SenML vd) */
    MYK10_VALUE_NONE = 4    /**< no value, only a sum (a SenML record with s alone) */
} myk10_value_kind;

/** Channel of a measurement that has none. */
#define MYK10_NO_CHANNEL (-1)

/**
 * One normalised measurement: a plain value.
 *
 * When it was read from a list, every pointer points into that list and stays
 * valid until the list is cleared or destroyed. When a host fills one to add
 * it, the list copies what the pointers point to.
 */
typedef struct myk10_measurement {
    const char *device;     /**< device id ("" if unknown), never NULL in a list */
    const char *quantity;   /**< quantity name, never NULL or "" in a list */
    const char *unit;       /**< SenML unit, "" for none, never NULL in a list */
    int64_t time;           /**< seconds since the epoch (UTC), whole part */
    int32_t time_ns;        /**< fraction of the second, 0..999999999 */
    int32_t channel;        /**< sensor channel, or ::MYK10_NO_CHANNEL */
    myk10_value_kind kind;  /**< which value field is meaningful */
    double number;          /**< ::MYK10_VALUE_NUMBER; finite */
    bool boolean;           /**< ::MYK10_VALUE_BOOLEAN */
    const char *string;     /**< ::MYK10_VALUE_STRING, NUL-terminated; NULL otherwise */
    const uint8_t *data;    /**< ::MYK10_VALUE_DATA; NULL otherwise */
    size_t data_len;        /**< length of `data` (or of `string` without the NUL) */
    bool has_sum;           /**< whether `sum` holds a SenML sum */
    double sum;             /**< integrated value (SenML s), finite */
} myk10_measurement;

/** Opaque, growable list of measurements that owns their strings. */
typedef struct myk10_measurements myk10_measurements;

/**
 * Creates an empty list.
 * @param out receives the list; release it with myk10_measurements_destroy().
 * @return MYK10_OK; MYK10_EINVAL if out is NULL; MYK10_ENOMEM.
 */
MYK10_API myk10_status myk10_measurements_create(myk10_measurements **out);

/** Destroys a list and everything it owns. Accepts NULL. */
MYK10_API void myk10_measurements_destroy(myk10_measurements *list);

/**
 * Empties the list but keeps its memory for reuse: after the first few frames
 * decoding into a cleared list allocates nothing. Invalidates every pointer
 * previously read from the list. Accepts NULL.
 */
MYK10_API void myk10_measurements_clear(myk10_measurements *list);

/** Number of measurements in the list (0 for NULL). */
MYK10_API size_t myk10_measurements_count(const myk10_measurements *list);

/**
 * Copies measurement `index` into `out`. Its pointers point into the list
 * (valid until clear or destroy).
 * @return MYK10_OK; MYK10_EINVAL for NULL pointers; MYK10_ERANGE if index >= count.
 */
MYK10_API myk10_status myk10_measurements_get(myk10_measurement *out,
                                              const myk10_measurements *list,
                                              size_t index);

/**
 * Appends a copy of `m` (strings and data are copied into the list). This is
 * how a host codec reports its measurements.
 * NULL device/unit are stored as "".
 * @return MYK10_OK; MYK10_EINVAL for NULL list/m, a NULL or empty quantity,
 *         an unknown kind, a NULL string for ::MYK10_VALUE_STRING, NULL data
 *         with data_len > 0, time_ns outside 0..999999999, or a non-finite
 *         number or sum; MYK10_ENOMEM.
 */
MYK10_API myk10_status myk10_measurements_add(myk10_measurements *list,
                                              const myk10_measurement *m);

/* ----------------------------------------------------------- decode context */

/**
 * What a codec knows about the frame besides its payload. Start from
 * ::MYK10_CODEC_CONTEXT_INIT (or myk10_codec_context_init()).
 *
 * Water level: when `has_mounting_height` is set, every `distance`
 * measurement (m) also yields `water_level = mounting_height_m - distance`
 * (a downward-looking sensor whose zero point is mounting_height_m above
 * gauge zero). When `has_probe_height` is set, every `water_depth` measurement
 * also yields `water_level = probe_height_m + water_depth` (a submersible
 * probe lying probe_height_m above gauge zero, usually negative or 0).
 */
typedef struct myk10_codec_context {
    const char *device;       /**< device id copied into every measurement; NULL = "" */
    int64_t time;             /**< receive time, seconds since the epoch (UTC); SenML "now" */
    int32_t fport;            /**< LoRaWAN FPort 1..223, or -1 when unknown */
    bool has_mounting_height; /**< whether mounting_height_m is set */
    double mounting_height_m; /**< sensor zero point above gauge zero, metres */
    bool has_probe_height;    /**< whether probe_height_m is set */
    double probe_height_m;    /**< submersible probe above gauge zero, metres */
} myk10_codec_context;

/** Initialiser: no device, time 0, FPort unknown, no heights. */
#define MYK10_CODEC_CONTEXT_INIT { NULL, 0, -1, false, 0.0, false, 0.0 }

/** Sets `ctx` to ::MYK10_CODEC_CONTEXT_INIT (for bindings). Accepts NULL. */
MYK10_API void myk10_codec_context_init(myk10_codec_context *ctx);

/* ----------------------------------------------------------------- registry */

/**
 * A host-supplied codec. It appends measurements to `out` with
 * myk10_measurements_add() and returns MYK10_OK, or any other status to
 * reject the payload (the registry then reports MYK10_ECALLBACK and removes
 * what the callback appended). It must not keep `payload` or `ctx`.
 */
typedef myk10_status (*myk10_codec_fn)(myk10_measurements *out,
                                       const myk10_codec_context *ctx,
                                       const uint8_t *payload, size_t len,
                                       void *user_data);

/** Releases a host codec's user_data when the codec leaves the registry. */
typedef void (*myk10_codec_release_fn)(void *user_data);

/** Opaque map from codec names to decoders. */
typedef struct myk10_codec_registry myk10_codec_registry;

/**
 * Creates a registry with every built-in codec registered:
 * `cayenne-lpp`, `senml-json`, `senml-cbor`, `dragino-ldds75`,
 * `dragino-ps-lb`, `milesight-em500-udl`, `milesight-em500-swl`,
 * `decentlab-dl-mbx`.
 * @param out receives the registry; release with myk10_codec_registry_destroy().
 * @return MYK10_OK; MYK10_EINVAL if out is NULL; MYK10_ENOMEM.
 */
MYK10_API myk10_status myk10_codec_registry_create(myk10_codec_registry **out);

/** Destroys the registry, releasing every host codec's user_data. Accepts NULL. */
MYK10_API void myk10_codec_registry_destroy(myk10_codec_registry *reg);

/**
 * Registers a host codec under `name` (1..63 bytes of `[a-z0-9._-]`).
 * On success the registry owns user_data and calls `release` (may be NULL)
 * when the codec is unregistered or the registry destroyed; on failure the
 * caller keeps it.
 * @return MYK10_OK; MYK10_EINVAL for NULL reg/fn or an invalid name;
 *         MYK10_EEXISTS if the name is taken; MYK10_ENOMEM.
 */
MYK10_API myk10_status myk10_codec_registry_register(myk10_codec_registry *reg,
                                                     const char *name,
                                                     myk10_codec_fn fn,
                                                     void *user_data,
                                                     myk10_codec_release_fn release);

/**
 * Compiles a declarative codec from its JSON description (format in
 * docs/codecs.md) and registers it under `name`.
 * @param json  the description, `len` bytes (need not be NUL-terminated).
 * @return MYK10_OK; MYK10_EINVAL for NULL arguments or an invalid name;
 *         MYK10_EMALFORMED for invalid JSON (offset = byte) or a field
 *         description that is wrong (message names the field index and key);
 *         MYK10_EUNSUPPORTED for an unknown type or key; MYK10_ERANGE for an
 *         offset beyond the declared length; MYK10_EEXISTS; MYK10_ENOMEM.
 */
MYK10_API myk10_status myk10_codec_registry_register_declarative(
    myk10_codec_registry *reg, const char *name, const char *json, size_t len);

/**
 * Removes a codec (built-in or not).
 * @return MYK10_OK; MYK10_EINVAL for NULL arguments; MYK10_ENOTFOUND.
 */
MYK10_API myk10_status myk10_codec_registry_unregister(myk10_codec_registry *reg,
                                                       const char *name);

/** Whether a codec named `name` is registered (false for NULL arguments). */
MYK10_API bool myk10_codec_registry_contains(const myk10_codec_registry *reg,
                                             const char *name);

/** Number of registered codecs (0 for NULL). */
MYK10_API size_t myk10_codec_registry_count(const myk10_codec_registry *reg);

/**
 * Name of codec `index` (registration order).
 * @return a string owned by the registry, valid until that codec is
 *         unregistered; NULL if index >= count.
 */
MYK10_API const char *myk10_codec_registry_name(const myk10_codec_registry *reg,
                                                size_t index);

/**
 * Decodes `payload` with the codec `name` and appends the measurements to
 * `out` (the list is not cleared first). Each measurement gets the context's
 * device and time unless the format carries its own time (SenML, historical
 * records); the water-level rules of ::myk10_codec_context are applied.
 * On failure `out` is left exactly as it was.
 * @param ctx may be NULL (same as ::MYK10_CODEC_CONTEXT_INIT).
 * @return MYK10_OK; MYK10_EINVAL for NULL out/reg/name, or NULL payload with
 *         len > 0; MYK10_ENOTFOUND for an unknown codec; MYK10_ECALLBACK if
 *         a host codec failed; otherwise the codec's status (MYK10_ETRUNCATED,
 *         MYK10_EMALFORMED, MYK10_EUNSUPPORTED, ... with the byte offset in
 *         myk10_last_error_offset()); MYK10_ENOMEM.
 */
MYK10_API myk10_status myk10_codec_registry_decode(myk10_measurements *out,
                                                   const myk10_codec_registry *reg,
                                                   const char *name,
                                                   const myk10_codec_context *ctx,
                                                   const uint8_t *payload,
                                                   size_t len);

/* ------------------------------------------------------- individual codecs */

/**
 * Decodes a Cayenne LPP payload (channel, type, data; repeated). Supports the
 * standard IPSO types and the common extended ones (see docs/codecs.md).
 * Appends to `out`; on failure `out` is unchanged.
 * @return MYK10_OK; MYK10_EINVAL for NULL out, or NULL payload with len > 0;
 *         MYK10_EUNSUPPORTED for an unknown type (offset = its byte);
 *         MYK10_ETRUNCATED when a value is cut short (offset = the byte where
 *         data ran out); MYK10_ENOMEM.
 */
MYK10_API myk10_status myk10_lpp_decode(myk10_measurements *out,
                                        const myk10_codec_context *ctx,
                                        const uint8_t *payload, size_t len);

/**
 * Decodes a SenML JSON pack (RFC 8428 section 5): base name, time, unit,
 * value and sum resolution; times below 2^28 are relative to `ctx->time`.
 * Each record becomes a measurement whose quantity is the resolved name
 * (bn + n) and whose device is the context's device.
 * @return MYK10_OK; MYK10_EINVAL for NULL arguments; MYK10_EMALFORMED for
 *         malformed JSON (offset = byte), a field of the wrong type, a missing
 *         or invalid name; MYK10_ECONFLICT for two value fields in one
 *         record; MYK10_EUNSUPPORTED for bver > 10 or a must-understand field
 *         (name ending in '_'); MYK10_ERANGE for a time out of range;
 *         MYK10_ENOMEM. Messages read "senml: record 3: field 'bt' ...".
 */
MYK10_API myk10_status myk10_senml_json_decode(myk10_measurements *out,
                                               const myk10_codec_context *ctx,
                                               const uint8_t *payload, size_t len);

/**
 * Decodes a SenML CBOR pack (RFC 8428 section 6, integer labels).
 * Same rules and errors as myk10_senml_json_decode(), plus MYK10_ERANGE for a
 * non-finite number and MYK10_ETRUNCATED for CBOR that ends early.
 */
MYK10_API myk10_status myk10_senml_cbor_decode(myk10_measurements *out,
                                               const myk10_codec_context *ctx,
                                               const uint8_t *payload, size_t len);

/** Flags of the SenML encoders. */
enum {
    /** Write each measurement's device as base name: `"bn": device + ":"`
     *  whenever the device changes (and is not ""). Without it the device is
     *  not written. */
    MYK10_SENML_DEVICE_AS_BASE_NAME = 1u << 0
};

/**
 * Writes `list` as a SenML JSON pack in resolved form (every record carries
 * its full name, absolute time `t` and unit; `bn` only with
 * ::MYK10_SENML_DEVICE_AS_BASE_NAME) into the caller's buffer.
 *
 * Size query: call with dst NULL or too small; the function returns
 * MYK10_EBUFSIZE and stores the bytes needed (including the terminating NUL)
 * in `*out_len`. On success `*out_len` is the text length without the NUL.
 * @return MYK10_OK; MYK10_EINVAL for NULL out_len/list; MYK10_EBUFSIZE.
 */
MYK10_API myk10_status myk10_senml_json_encode(char *dst, size_t cap, size_t *out_len,
                                               const myk10_measurements *list,
                                               unsigned flags);

/**
 * Writes `list` as a SenML CBOR pack (integer labels, RFC 8428 section 6;
 * integral values within +-2^53 as CBOR integers, others as float64).
 * Same size-query convention as myk10_senml_json_encode() except that no NUL
 * is written: `*out_len` is the exact byte count either way.
 * @return MYK10_OK; MYK10_EINVAL; MYK10_EBUFSIZE.
 */
MYK10_API myk10_status myk10_senml_cbor_encode(uint8_t *dst, size_t cap, size_t *out_len,
                                               const myk10_measurements *list,
                                               unsigned flags);

/** @} */

/* ------------------------------------------------------------------ */
/**
 * @name Uplink JSON readers: what gateways and network servers send,
 *       turned into plain uplink records
 *
 * Three inputs are understood, one JSON document (one line) at a time:
 *
 * - **Semtech UDP packet forwarder** `PUSH_DATA`: either the whole UDP
 *   datagram (12-byte header: protocol version 1 or 2, random token, identifier
 *   0x00, gateway EUI) or only its JSON object `{"rxpk":[...],"stat":{...}}`.
 *   Each `rxpk` element becomes one record holding the raw PHYPayload, still
 *   encrypted: hand it to the frame parser with the device's keys.
 * - **ChirpStack v4** integration `up` event (JSON marshaler).
 * - **The Things Stack v3** application uplink message (`uplink_message`).
 *   Both network servers have already checked the MIC and decrypted the
 *   payload, so their records hold the application payload (FRMPayload in
 *   clear) with FPort and the 32-bit FCnt the server reports.
 *
 * Members that are not understood are ignored, so newer producers that add
 * fields keep working; a JSON `null` counts as absent. Members that are
 * understood must have the right JSON type, and numbers must be finite.
 *
 * Two ways to read:
 * - myk10_uplink_parse() fills a caller array in one call and fails on the
 *   first bad record;
 * - a reusable ::myk10_uplink_reader loads one document and hands out its
 *   records by index, each with its own status, so one corrupt `rxpk` does
 *   not hide the good ones next to it.
 *
 * Neither allocates per record: records are plain values with the payload
 * inline. (jansson allocates while it parses a document, with malloc.)
 * @{
 */

/** Largest PHYPayload LoRaWAN allows, and the payload capacity of a record. */
#define MYK10_UPLINK_MAX_PAYLOAD 255

/** Capacity of the identifier strings of a record, including the NUL. */
#define MYK10_UPLINK_ID_CAP 64

/** Which producer a document comes from. */
typedef enum myk10_uplink_format {
    MYK10_UPLINK_FORMAT_AUTO = 0,             /**< detect from the document (input only) */
    MYK10_UPLINK_FORMAT_PACKET_FORWARDER = 1, /**< Semtech UDP packet forwarder PUSH_DATA */
    MYK10_UPLINK_FORMAT_CHIRPSTACK = 2,       /**< ChirpStack v4 integration `up` event */
    MYK10_UPLINK_FORMAT_THINGS_STACK = 3      /**< The Things Stack v3 uplink message */
} myk10_uplink_format;

/** What the payload bytes of a record are. */
typedef enum myk10_uplink_payload_kind {
    /** The complete LoRaWAN PHYPayload as received (MHDR..MIC), encrypted. */
    MYK10_UPLINK_PHY_PAYLOAD = 1,
    /** The FRMPayload, already MIC-checked and decrypted by the network server. */
    MYK10_UPLINK_APPLICATION_PAYLOAD = 2
} myk10_uplink_payload_kind;

/** Radio modulation of the transmission. */
typedef enum myk10_uplink_modulation {
    MYK10_UPLINK_MODULATION_UNKNOWN = 0,
    MYK10_UPLINK_MODULATION_LORA = 1,
    MYK10_UPLINK_MODULATION_FSK = 2,
    MYK10_UPLINK_MODULATION_LR_FHSS = 3
} myk10_uplink_modulation;

/** Physical-layer CRC verdict, as the gateway reported it. */
typedef enum myk10_uplink_crc {
    MYK10_UPLINK_CRC_UNKNOWN = 0, /**< not reported (network servers forward only good frames) */
    MYK10_UPLINK_CRC_OK = 1,      /**< packet forwarder `stat` 1 */
    MYK10_UPLINK_CRC_BAD = 2,     /**< packet forwarder `stat` -1: the bytes are damaged */
    MYK10_UPLINK_CRC_NONE = 3     /**< packet forwarder `stat` 0: sent without CRC */
} myk10_uplink_crc;

/** @name Record flags: which optional members of ::myk10_uplink hold values
 *  @{ */
#define MYK10_UPLINK_HAS_DEV_EUI     (1u << 0)  /**< dev_eui */
#define MYK10_UPLINK_HAS_DEV_ADDR    (1u << 1)  /**< dev_addr */
#define MYK10_UPLINK_HAS_FPORT       (1u << 2)  /**< fport */
#define MYK10_UPLINK_HAS_FCNT        (1u << 3)  /**< fcnt */
#define MYK10_UPLINK_HAS_DATA_RATE   (1u << 4)  /**< data_rate (regional DR index) */
#define MYK10_UPLINK_HAS_GATEWAY_EUI (1u << 5)  /**< gateway_eui */
#define MYK10_UPLINK_HAS_RSSI        (1u << 6)  /**< rssi_dbm */
#define MYK10_UPLINK_HAS_SNR         (1u << 7)  /**< snr_db */
#define MYK10_UPLINK_HAS_TMST        (1u << 8)  /**< tmst */
#define MYK10_UPLINK_HAS_GPS_TIME    (1u << 9)  /**< gps_time_ms */
#define MYK10_UPLINK_TIME_FROM_CALLER (1u << 10) /**< the input had no time: time_* is the caller's receive time */
#define MYK10_UPLINK_CONFIRMED       (1u << 11) /**< confirmed data uplink (network servers only) */
#define MYK10_UPLINK_ADR             (1u << 12) /**< ADR bit set (network servers only) */
#define MYK10_UPLINK_ID_TRUNCATED    (1u << 13) /**< device_id or application_id was cut to fit */
/** @} */

/**
 * One received uplink. A plain value: copy it freely; it owns no memory.
 * Members whose flag is clear are zero.
 */
typedef struct myk10_uplink {
    myk10_uplink_format format;         /**< producer (never AUTO) */
    myk10_uplink_payload_kind kind;     /**< raw PHYPayload or decrypted application payload */
    uint32_t flags;                     /**< MYK10_UPLINK_HAS_* and other flags */

    /** Reception time, seconds since the epoch (UTC): the gateway's `time`
     *  (packet forwarder), the event `time` (ChirpStack) or `received_at`
     *  (The Things Stack); if absent, the receive time the caller passed. */
    int64_t time_sec;
    int32_t time_nsec;                  /**< fraction of time_sec, 0..999999999 */

    uint8_t dev_eui[8];                 /**< DevEUI, most significant byte first (as printed) */
    uint32_t dev_addr;                  /**< DevAddr as a number (hex "00189440" is 0x00189440) */
    uint32_t fcnt;                      /**< 32-bit uplink frame counter as the network server reports it */
    uint8_t fport;                      /**< FPort */
    uint8_t data_rate;                  /**< regional data-rate index (DR) */
    char device_id[MYK10_UPLINK_ID_CAP];      /**< ChirpStack deviceName, TTS device_id ("" if none) */
    char application_id[MYK10_UPLINK_ID_CAP]; /**< ChirpStack applicationId, TTS application_id */

    /* Radio metadata. Network servers list every gateway that heard the
     * frame; the record describes the best reception (highest SNR, then
     * highest RSSI, then the first listed). */
    myk10_uplink_modulation modulation;
    uint32_t frequency_hz;              /**< centre frequency in Hz (0 if unknown) */
    uint8_t spreading_factor;           /**< LoRa SF 5..12 (0 if not LoRa or unknown) */
    uint32_t bandwidth_khz;             /**< LoRa bandwidth in kHz, rounded down (125, 250, 500, 812) */
    uint8_t coding_rate_num;            /**< coding rate numerator, 4 of "4/5" (0 if unknown) */
    uint8_t coding_rate_den;            /**< coding rate denominator, 5 of "4/5" (0 if unknown) */
    uint32_t bitrate;                   /**< FSK bit rate in bit/s (0 if not FSK) */
    myk10_uplink_crc crc;               /**< PHY CRC verdict */
    double rssi_dbm;                    /**< received signal strength (dBm) */
    double snr_db;                      /**< LoRa signal-to-noise ratio (dB) */
    uint8_t gateway_eui[8];             /**< EUI of the (best) receiving gateway */
    uint32_t gateway_count;             /**< number of receptions listed (1 for a packet forwarder) */
    uint32_t tmst;                      /**< concentrator counter at end of reception (us, wraps) */
    uint32_t channel;                   /**< concentrator IF channel (packet forwarder; 0 if absent) */
    uint32_t rf_chain;                  /**< concentrator RF chain (packet forwarder; 0 if absent) */
    int64_t gps_time_ms;                /**< `tmms`: GPS milliseconds since 1980-01-06 (not UTC: no leap seconds) */

    size_t payload_len;                 /**< bytes used in payload */
    uint8_t payload[MYK10_UPLINK_MAX_PAYLOAD]; /**< PHYPayload or application payload, see kind */
} myk10_uplink;

/**
 * Short stable name of a format: "auto", "packet-forwarder", "chirpstack",
 * "things-stack". Static, never NULL ("unknown" for other values).
 */
MYK10_API const char *myk10_uplink_format_name(myk10_uplink_format format);

/**
 * Reads every uplink of one document into a caller array.
 *
 * @param out          array of `cap` records; may be NULL when cap is 0 (size query).
 * @param cap          number of records `out` can hold.
 * @param out_count    receives the number of records in the document (also on
 *                     MYK10_EBUFSIZE, so the caller can size the array).
 * @param format       the producer, or ::MYK10_UPLINK_FORMAT_AUTO to detect it.
 * @param input        the document: JSON text, or a PUSH_DATA datagram. Need not
 *                     be NUL-terminated; a trailing newline is fine.
 * @param size         bytes in `input`.
 * @param received_sec,received_nsec  when the caller received the input; used
 *                     as the time of records whose input carries none
 *                     (flag ::MYK10_UPLINK_TIME_FROM_CALLER).
 * @return MYK10_OK (a datagram with only `stat` gives zero records);
 *         MYK10_EINVAL for NULL pointers or received_nsec outside 0..999999999;
 *         MYK10_EMALFORMED if the input is not JSON or not an object (offset:
 *         the byte jansson stopped at), if a required member is missing or a
 *         member has the wrong type or syntax (the message names its path,
 *         e.g. "rxpk[2].data"), or for invalid base64;
 *         MYK10_ETRUNCATED for a datagram shorter than its 12-byte header;
 *         MYK10_EUNSUPPORTED for a datagram of another protocol version or
 *         type than PUSH_DATA (offset: the byte), for a document that is none
 *         of the three formats, or a network-server event that is not an uplink;
 *         MYK10_ERANGE for a payload over 255 bytes or a number outside its
 *         range (FPort 256, SF 13, a time in year 10000);
 *         MYK10_EBUFSIZE if the document holds more than `cap` records
 *         (nothing written);
 *         MYK10_ENOMEM if jansson runs out of memory.
 *         On failure other than EBUFSIZE the contents of `out` are unspecified.
 */
MYK10_API myk10_status myk10_uplink_parse(myk10_uplink *out, size_t cap, size_t *out_count,
                                          myk10_uplink_format format,
                                          const void *input, size_t size,
                                          int64_t received_sec, int32_t received_nsec);

/**
 * A reusable reader: holds one parsed document at a time and decodes its
 * records on request. Not locked: use one reader per thread.
 */
typedef struct myk10_uplink_reader myk10_uplink_reader;

/**
 * Creates an empty reader.
 * @param out_reader  receives the reader; release it with myk10_uplink_reader_destroy().
 * @return MYK10_OK; MYK10_EINVAL if out_reader is NULL; MYK10_ENOMEM.
 */
MYK10_API myk10_status myk10_uplink_reader_create(myk10_uplink_reader **out_reader);

/** Releases a reader and the document it holds. Accepts NULL. */
MYK10_API void myk10_uplink_reader_destroy(myk10_uplink_reader *reader);

/**
 * Parses one document into the reader, replacing the previous one, and
 * checks its envelope (datagram header, JSON syntax, detected format, the
 * `rxpk` array). Records are decoded later by myk10_uplink_reader_get().
 *
 * @param out_count  receives the number of records (0 for a `stat`-only datagram).
 * @param reader     the reader; emptied first, and left empty on failure.
 * @param format, input, size, received_sec, received_nsec  as for myk10_uplink_parse().
 * @return MYK10_OK; MYK10_EINVAL; MYK10_EMALFORMED; MYK10_ETRUNCATED;
 *         MYK10_EUNSUPPORTED; MYK10_ENOMEM, as for myk10_uplink_parse().
 */
MYK10_API myk10_status myk10_uplink_reader_load(size_t *out_count, myk10_uplink_reader *reader,
                                                myk10_uplink_format format,
                                                const void *input, size_t size,
                                                int64_t received_sec, int32_t received_nsec);

/**
 * The format of the loaded document (never AUTO once a document is loaded).
 * @return MYK10_OK; MYK10_EINVAL for NULL; MYK10_ESTATE if nothing is loaded.
 */
MYK10_API myk10_status myk10_uplink_reader_format(myk10_uplink_format *out_format,
                                                  const myk10_uplink_reader *reader);

/**
 * Decodes record `index` of the loaded document into `out`. Each record
 * succeeds or fails on its own, so callers may skip a bad one and go on.
 *
 * @return MYK10_OK; MYK10_EINVAL for NULL pointers; MYK10_ESTATE if nothing
 *         is loaded; MYK10_ERANGE if index is not below the record count;
 *         otherwise the record's own MYK10_EMALFORMED / MYK10_ERANGE /
 *         MYK10_EUNSUPPORTED, as for myk10_uplink_parse(). `out` is written
 *         only on success.
 */
MYK10_API myk10_status myk10_uplink_reader_get(myk10_uplink *out,
                                               const myk10_uplink_reader *reader,
                                               size_t index);

/** @} */

/* ======================================================================
 * Device sessions
 * ====================================================================== */

/** @name Device sessions
 *
 *  A session table is the network side's registry of activated devices:
 *  per device its DevEUI, DevAddr, LoRaWAN version, session keys and the
 *  32-bit frame counters. myk10_session_uplink() takes a received
 *  PHYPayload through parse, session lookup, FCnt32 reconstruction, MIC
 *  verification, the counter check and decryption, and advances the
 *  counter only when every step passed.
 *
 *  Identity: DevEUI is unique in a table. DevAddr is not: LoRaWAN lets a
 *  network hand the same DevAddr to several devices, so an uplink is tried
 *  against every session with its DevAddr and belongs to the one whose MIC
 *  matches.
 *
 *  Counters: FCntUp is the last accepted uplink counter. An uplink whose
 *  16-bit FCnt lies 1..::MYK10_SESSION_MAX_FCNT_GAP ahead of it (across a
 *  16-bit wrap if need be) is accepted; the gap is the counter difference,
 *  so exactly MAX_FCNT_GAP is accepted and MAX_FCNT_GAP + 1 rejected. For
 *  a session that has accepted no uplink yet, FCnt 0..MAX_FCNT_GAP - 1 is
 *  accepted. The same counter again is a replay, except that the last
 *  uplink, if it was a confirmed one, may be repeated once (a
 *  retransmission, flagged in the result).
 *
 *  Memory: the session keys, their CMAC subkeys and the counters of every
 *  session sit packed in one libsodium guarded allocation (`sodium_malloc`,
 *  320 bytes per session), wiped when it grows and on destroy. AES runs
 *  through four OpenSSL ECB contexts per table (OpenSSL offers AES-NI only
 *  behind EVP contexts), re-keyed from the packed keys when another
 *  session's key is needed, and cleansed by OpenSSL on destroy.
 *  Processing an uplink allocates nothing.
 *
 *  Threads: one table must not be used from two threads at once (uplinks
 *  change counters and cipher state); distinct tables are independent.
 *  @{ */

/** Largest accepted forward jump of the uplink counter (LoRaWAN MAX_FCNT_GAP). */
#define MYK10_SESSION_MAX_FCNT_GAP 16384
/** Size of the codec name field, including the terminating NUL. */
#define MYK10_SESSION_CODEC_SIZE 32

/** Same as ::MYK10_SESSION_MAX_FCNT_GAP, for bindings that cannot read macros. */
MYK10_API uint32_t myk10_session_max_fcnt_gap(void);

/** A registry of device sessions. Opaque; see myk10_session_table_create(). */
typedef struct myk10_session_table myk10_session_table;

/**
 * The state of one session besides its keys: what myk10_session_add() takes
 * and myk10_session_get() returns. Zero-initialise, then fill in.
 */
typedef struct myk10_session_info {
    uint64_t dev_eui;      /**< DevEUI, the session's identity in the table */
    uint32_t dev_addr;     /**< DevAddr */
    myk10_lorawan_version version; /**< reported by get; add takes it from the keys */
    bool has_fcnt_up;      /**< an uplink has been accepted (fcnt_up is meaningful) */
    uint32_t fcnt_up;      /**< FCntUp: the last accepted uplink counter */
    uint32_t nfcnt_down;   /**< next downlink counter: FCntDown (1.0) or NFCntDown (1.1) */
    uint32_t afcnt_down;   /**< next AFCntDown (1.1; unused for 1.0) */
    bool last_confirmed;   /**< the last accepted uplink was a confirmed one */
    bool retransmitted;    /**< ... and its one retransmission has been accepted */
    char codec[MYK10_SESSION_CODEC_SIZE]; /**< payload codec name for the host, "" if none */
    void *user;            /**< host pointer, returned with every uplink; never saved */
} myk10_session_info;

/** The result of an accepted uplink. */
typedef struct myk10_session_result {
    myk10_frame frame;      /**< the parsed frame (points into the caller's PHYPayload) */
    uint32_t fcnt;          /**< the reconstructed 32-bit FCntUp */
    bool retransmission;    /**< the one allowed repeat of the last confirmed uplink */
    bool payload_encrypted; /**< FPort > 0 but the session has no AppSKey: payload as received */
    const uint8_t *payload; /**< clear FRMPayload in the caller's buffer; NULL if none */
    size_t payload_size;
    const uint8_t *fopts;   /**< clear FOpts (1.0: in the frame; 1.1: in the caller's buffer, after the payload); NULL if none */
    size_t fopts_size;
    size_t session;         /**< index of the session (see myk10_session_get_at()) */
    uint64_t dev_eui;
    myk10_lorawan_version version;
    const char *codec;      /**< the session's codec name; valid until the table changes */
    void *user;             /**< the session's host pointer */
} myk10_session_result;

/**
 * Creates an empty session table.
 * @param out  receives the table; release with myk10_session_table_destroy().
 * @return MYK10_OK; MYK10_EINVAL for a NULL `out`; MYK10_ENOMEM;
 *         MYK10_ECRYPTO if libsodium cannot initialise.
 */
MYK10_API myk10_status myk10_session_table_create(myk10_session_table **out);

/** Destroys a table, wiping every key and counter. Accepts NULL. */
MYK10_API void myk10_session_table_destroy(myk10_session_table *table);

/** Number of sessions in the table (0 for NULL). */
MYK10_API size_t myk10_session_count(const myk10_session_table *table);

/**
 * Adds a session. The four session keys (AppSKey, FNwkSIntKey, SNwkSIntKey,
 * NwkSEncKey; for 1.0 myk10_frame_keys_set_nwk_s_key() fills the three
 * network roles) are copied from `keys`, whose version becomes the
 * session's; root and join-server keys are ignored. `info->version` is
 * ignored. Without an AppSKey the session still verifies uplinks, and
 * hands FPort > 0 payloads over encrypted (a network server whose
 * application server holds the AppSKey).
 * @return MYK10_OK; MYK10_EINVAL for NULL arguments or a codec name without
 *   a NUL; MYK10_EEXISTS if the DevEUI is in the table; MYK10_ENOKEY if a
 *   network session key is missing (naming the role); MYK10_ERANGE if the
 *   table already holds 2^31 sessions; MYK10_ENOMEM; MYK10_ECRYPTO.
 *   On failure the table is unchanged.
 */
MYK10_API myk10_status myk10_session_add(myk10_session_table *table,
                                         const myk10_session_info *info,
                                         const myk10_frame_keys *keys);

/**
 * Removes the session with this DevEUI, wiping its keys. Session indices
 * (myk10_session_get_at(), ::myk10_session_result) are valid only until
 * the next add or remove: the last session moves into the freed place.
 * @return MYK10_OK; MYK10_EINVAL for NULL; MYK10_ENOTFOUND.
 */
MYK10_API myk10_status myk10_session_remove(myk10_session_table *table, uint64_t dev_eui);

/**
 * Reads the state of the session with this DevEUI (not its keys).
 * @return MYK10_OK; MYK10_EINVAL for NULL arguments; MYK10_ENOTFOUND.
 */
MYK10_API myk10_status myk10_session_get(myk10_session_info *out,
                                         const myk10_session_table *table, uint64_t dev_eui);

/**
 * Reads the state of the session at `index` (0 .. count-1), for iteration.
 * The order is the table's internal one, not sorted.
 * @return MYK10_OK; MYK10_EINVAL for NULL arguments; MYK10_ERANGE.
 */
MYK10_API myk10_status myk10_session_get_at(myk10_session_info *out,
                                            const myk10_session_table *table, size_t index);

/**
 * Replaces the counters, flags, codec name and host pointer of the session
 * with `info->dev_eui` (DevAddr, version and keys stay; to change those,
 * remove and add the session). All of them are replaced: to change only
 * the counters, read the session with myk10_session_get() first and keep
 * its `user`.
 * @return MYK10_OK; MYK10_EINVAL for NULL arguments or a codec name without
 *         a NUL; MYK10_ENOTFOUND.
 */
MYK10_API myk10_status myk10_session_update(myk10_session_table *table,
                                            const myk10_session_info *info);

/**
 * Lists the DevEUIs of the sessions with a DevAddr (size-query convention:
 * `out_count` receives the number found; with `cap` too small the call
 * returns ::MYK10_EBUFSIZE and writes nothing).
 * @param out  array of `cap` DevEUIs; may be NULL when `cap` is 0.
 * @return MYK10_OK (also when none is found, with count 0); MYK10_EBUFSIZE;
 *         MYK10_EINVAL.
 */
MYK10_API myk10_status myk10_session_find(uint64_t *out, size_t cap, size_t *out_count,
                                          const myk10_session_table *table, uint32_t dev_addr);

/**
 * Creates a keys object holding the session keys of a session, e.g. to
 * encode a downlink with myk10_frame_encode_data().
 * @param out  receives a new object; release with myk10_frame_keys_destroy().
 * @return MYK10_OK; MYK10_EINVAL; MYK10_ENOTFOUND; MYK10_ENOMEM; MYK10_ECRYPTO.
 */
MYK10_API myk10_status myk10_session_keys(myk10_frame_keys **out,
                                          const myk10_session_table *table, uint64_t dev_eui);

/**
 * Takes the next downlink counter of a session and advances it: NFCntDown
 * (1.0: FCntDown) for FPort 0 or no FPort, AFCntDown (1.1) for FPort > 0.
 * @param application  true for a downlink with FPort > 0 (ignored for 1.0).
 * @return MYK10_OK; MYK10_EINVAL; MYK10_ENOTFOUND; MYK10_ERANGE when the
 *         32-bit counter is exhausted: 0xFFFFFFFE is the last value handed
 *         out (the device must rejoin).
 */
MYK10_API myk10_status myk10_session_next_fcnt_down(uint32_t *out,
                                                    myk10_session_table *table,
                                                    uint64_t dev_eui, bool application);

/**
 * Processes one received uplink: parse, find the sessions with its DevAddr,
 * reconstruct FCnt32 from the 16-bit FCnt, verify the MIC with it, check
 * the counter, decrypt FRMPayload (and 1.1 FOpts) into `buf`, and only
 * then advance the session's FCntUp. Allocates nothing.
 *
 * Statuses, each with a message naming the DevAddr and the counters:
 * - ::MYK10_ENOKEY: no session has the frame's DevAddr;
 * - ::MYK10_EINTEGRITY: no session with that DevAddr matches the MIC;
 * - ::MYK10_EREPLAY: the MIC matches a counter not above FCntUp (a replay,
 *   a second retransmission, a retransmission of an unconfirmed uplink, or
 *   a 32-bit counter that wrapped);
 * - ::MYK10_EGAP: the MIC matches a counter more than
 *   ::MYK10_SESSION_MAX_FCNT_GAP ahead of FCntUp.
 * A frame whose FCnt lies far from FCntUp is tried both as an old frame
 * and as a far-ahead one, so that REPLAY and GAP are only ever reported for
 * authentic frames; anything else is INTEGRITY.
 *
 * @param out     receives the result on success; untouched on failure.
 * @param buf     receives the clear payload, then (1.1) the clear FOpts.
 * @param cap     size of `buf`: at least FRMPayload + FOpts bytes;
 *                ::MYK10_FRAME_MAX_SIZE always suffices.
 * @param phy     the PHYPayload; must outlive `out->frame`.
 * @param params  LoRaWAN 1.1 MIC inputs (conf_fcnt, tx_dr, tx_ch); its
 *                `fcnt` is ignored; may be NULL (all zero).
 * @return MYK10_OK; the statuses above; the errors of myk10_frame_parse();
 *   MYK10_EINVAL for NULL arguments or a frame that is not a data uplink;
 *   MYK10_EBUFSIZE for a too small `buf`; MYK10_ECRYPTO. On any failure no
 *   session changes.
 */
MYK10_API myk10_status myk10_session_uplink(myk10_session_result *out, uint8_t *buf, size_t cap,
                                            myk10_session_table *table, const uint8_t *phy,
                                            size_t size, const myk10_frame_params *params);

/** As myk10_session_uplink() for a frame already parsed with myk10_frame_parse(). */
MYK10_API myk10_status myk10_session_uplink_frame(myk10_session_result *out, uint8_t *buf,
                                                  size_t cap, myk10_session_table *table,
                                                  const myk10_frame *frame,
                                                  const myk10_frame_params *params);

/**
 * Saves the whole table as a CBOR snapshot into a caller buffer
 * (size-query convention: with `cap` too small, or `out` NULL, the call
 * returns ::MYK10_EBUFSIZE with the size needed in `out_size`).
 *
 * The snapshot is deterministic (sessions sorted by DevAddr, then DevEUI)
 * and is `["myk10-sessions", 1, body, BLAKE2b-256(body)]`, body being the
 * CBOR array of sessions. The digest detects corruption, not forgery:
 * protect snapshots like the keys themselves.
 *
 * **The snapshot contains the session keys in clear.** Keep it in memory
 * the host protects and wipe it after use (e.g. `sodium_memzero`). Host
 * pointers (`user`) are not saved.
 * @return MYK10_OK; MYK10_EBUFSIZE; MYK10_EINVAL for NULL `table` or
 *         `out_size`; MYK10_ENOMEM (a small sorting array is allocated).
 */
MYK10_API myk10_status myk10_session_table_save(uint8_t *out, size_t cap, size_t *out_size,
                                                const myk10_session_table *table);

/**
 * Loads a snapshot made by myk10_session_table_save() into a new table.
 * The whole snapshot is checked (structure, version, digest, field ranges,
 * order, and that saving the loaded table gives back exactly these bytes)
 * before the table is handed over: a truncated or altered snapshot is an
 * error, never a partly loaded table.
 * @param out  receives the new table on success; untouched on failure.
 * @return MYK10_OK; MYK10_EINVAL for NULL arguments; MYK10_ECORRUPT (the
 *   message names the field, the offset the byte) for anything malformed,
 *   truncated, altered or of another version; MYK10_ENOMEM; MYK10_ECRYPTO.
 */
MYK10_API myk10_status myk10_session_table_load(myk10_session_table **out,
                                                const uint8_t *data, size_t size);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* MYK10_FRAME_H */
