/*
 * siphash.h - SipHash-2-4 (Aumasson and Bernstein, 2012): the project's one
 * keyed hash, for every hash table whose keys come from outside (family
 * numbers, NIKs).  With a secret key a spreadsheet cannot choose keys that
 * all land in one probe run and turn a table quadratic.
 *
 * The process key is drawn once from getrandom(2) and lent for the life of
 * the process; there is no fixed fallback key.
 */
#ifndef SEGEL_SIPHASH_H
#define SEGEL_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

typedef struct siphash_key {
	uint64_t k0, k1;
} siphash_key;

/* The 16 key bytes as the reference implementation reads them. */
void siphash_key_set(siphash_key *k, const unsigned char bytes[16]);
/* The process key, drawn on the first call (thread-safe); NULL with
 * E-SYSTEM in err when the kernel gives no randomness. */
const siphash_key *siphash_process_key(sg_err *err);
/* SipHash-2-4 of n bytes under k. */
uint64_t siphash(const siphash_key *k, const void *p, size_t n);

#endif
