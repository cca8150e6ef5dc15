/*
 * keys.h - signing keys and raw signatures through OpenSSL 3 EVP.
 *
 * Algorithms: ECDSA P-256 (default) and Ed25519, both with raw 64-byte
 * signatures (P-256: r || s, each 32 bytes big-endian; Ed25519 as is).
 * P-256 signs SHA-256 of the message.
 *
 * Private keys are PEM files (PKCS#8, encrypted or not, or traditional EC
 * PEM); a key file readable by group or others is refused.  Passphrases
 * come from a file or a file descriptor, never the command line, and are
 * wiped (OPENSSL_cleanse) on every path.
 *
 * A key in a token or HSM is named by a PKCS#11 URI (RFC 7512) in place of
 * the file: "pkcs11:token=...;object=..." (key_uri_parse says what is
 * taken).  It is reached through OpenSSL's "pkcs11" engine (Debian's
 * libengine-pkcs11-openssl; Debian 12 has no pkcs11-provider), with the
 * module of the URI's module-path attribute, else KEY_PKCS11_MODULE.  The
 * token's PIN comes from the passphrase file or descriptor, exactly as a
 * passphrase, and only when the token asks for it; a URI carrying its own
 * PIN (pin-value, pin-source) is refused.  The module stays loaded while
 * the key (and every key_dup of it) lives; one module per process.
 *
 * Ownership: key_free() wipes and frees; _free(NULL) does nothing.
 */
#ifndef SEGEL_KEYS_H
#define SEGEL_KEYS_H

#include <stddef.h>

#include "err.h"

enum sig_alg { SIG_P256 = 0, SIG_ED25519 = 1 };
#define SIG_LEN 64
#define KID_LEN 8

typedef struct sign_key sign_key;   /* a private key */
typedef struct verify_key verify_key; /* a public key */

/*
 * Load a private key.  pass_file or pass_fd (-1 when unused) gives the
 * passphrase for an encrypted key; first line only, trailing newline
 * dropped.  E-KEY-PERMS when the file is group/world readable,
 * E-KEY-PASSPHRASE when one is needed and missing or wrong, E-KEY-ALG for
 * an unsupported key type.
 */
sign_key *key_load_private(const char *path, const char *pass_file,
    int pass_fd, sg_err *err);
/*
 * The same for a PKCS#11 URI, which key_load_private takes as well (a path
 * starting "pkcs11:" is one).  E-KEY-URI for a URI segel refuses,
 * E-KEY-PKCS11 when the engine or the module cannot be loaded,
 * E-KEY-TOKEN when no token matches, E-KEY-PIN when the PIN is missing,
 * wrong or locked, E-KEY-OBJECT when the token holds no such private key.
 * One login is tried at most: a wrong PIN is not tried twice.
 */
sign_key *key_load_token(const char *uri, const char *pass_file,
    int pass_fd, sg_err *err);

/* The module used when a URI names none: p11-kit's proxy, which reaches
 * every module registered with p11-kit (softhsm2, opensc, ...), found
 * through the library search path. */
#define KEY_PKCS11_MODULE "p11-kit-proxy.so"
#define KEY_URI_MAX 1024
/*
 * A pkcs11: URI taken apart (key_uri_parse).  engine: "pkcs11:" and the
 * path attributes, each value decoded and encoded again (every byte but
 * [A-Za-z0-9._~-] as %XX) so the engine's own parser reads exactly what
 * was checked; module: the module-path, decoded, or "".
 */
struct key_uri {
	char engine[3 * KEY_URI_MAX];
	char module[KEY_URI_MAX];
};
/* 1 when s names a key by a PKCS#11 URI (starts "pkcs11:", any case). */
int key_is_uri(const char *s);
/*
 * Parse uri, at most KEY_URI_MAX - 1 bytes.  Path attributes taken:
 * token, manufacturer, serial, model, object, id, type (=private only),
 * each once; object or id must be given.  Query attributes: module-path
 * (an absolute path).  pin-value and pin-source are refused, and so is
 * any other attribute, a malformed %XX and a %00 outside id.  0, or -1
 * with E-KEY-URI (the message never repeats a PIN).
 */
int key_uri_parse(const char *uri, struct key_uri *u, sg_err *err);
void key_free(sign_key *k);
/* The same key with its own signing contexts, for another thread (a key
 * signs from one thread at a time). */
sign_key *key_dup(const sign_key *k, sg_err *err);
enum sig_alg key_alg(const sign_key *k);
/* Sign msg; writes SIG_LEN bytes to sig.  0 or -1. */
int key_sign(sign_key *k, const unsigned char *msg, size_t len,
    unsigned char sig[SIG_LEN], sg_err *err);
/* The same for an ECDSA P-256 key, the signature as DER (ECDSA-Sig-
 * Value, at most 72 bytes) as CMS carries it: *derlen bytes.  0 or -1
 * (E-KEY-SIGN, also for an Ed25519 key). */
#define KEY_DER_MAX 80
int key_sign_der(sign_key *k, const unsigned char *msg, size_t len,
    unsigned char der[KEY_DER_MAX], size_t *derlen, sg_err *err);

/* Public key from a certificate (PEM file, or an OpenSSL X509 *). */
verify_key *verify_key_from_x509(void *x509, sg_err *err);
void verify_key_free(verify_key *v);
enum sig_alg verify_key_alg(const verify_key *v);
/* 1 valid, 0 invalid, -1 error (err set). */
int verify_key_check(verify_key *v, const unsigned char *msg, size_t len,
    const unsigned char sig[SIG_LEN], sg_err *err);

/* Key id: first 8 bytes of SHA-256 over the DER SubjectPublicKeyInfo of
 * the certificate (an OpenSSL X509 *).  0 or -1. */
int key_id_of_x509(void *x509, unsigned char kid[KID_LEN]);
/* Check that a private key matches a certificate: 1 yes, 0 no. */
int key_matches_x509(const sign_key *k, void *x509);
/* Have two certificates (OpenSSL X509 *) the same public key?  1 yes,
 * 0 no. */
int key_same_public(void *x509a, void *x509b);
/* OpenSSL's last error as text in buf (for a message), the queue
 * emptied. */
const char *key_openssl_reason(char *buf, size_t size);
/* The key's OpenSSL EVP_PKEY, lent until key_free(), for a signature
 * in another format (the PDF signature's CMS, lib/pdfsign.h). */
void *key_evp(const sign_key *k);

#endif
