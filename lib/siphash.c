/*
 * siphash.c - SipHash-2-4, after the reference implementation
 * (github.com/veorq/SipHash), and the process key from getrandom(2).
 */
#include "siphash.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/random.h>

#define ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND do {                                                    \
	v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);       \
	v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;                          \
	v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;                          \
	v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);       \
} while (0)

static uint64_t
le64(const unsigned char *p)
{
	uint64_t x = 0;
	int i;

	for (i = 7; i >= 0; i--)
		x = x << 8 | p[i];
	return x;
}

void
siphash_key_set(siphash_key *k, const unsigned char bytes[16])
{
	k->k0 = le64(bytes);
	k->k1 = le64(bytes + 8);
}

uint64_t
siphash(const siphash_key *k, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t v0 = k->k0 ^ UINT64_C(0x736f6d6570736575);
	uint64_t v1 = k->k1 ^ UINT64_C(0x646f72616e646f6d);
	uint64_t v2 = k->k0 ^ UINT64_C(0x6c7967656e657261);
	uint64_t v3 = k->k1 ^ UINT64_C(0x7465646279746573);
	uint64_t m;
	unsigned char last[8] = { 0 };
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		m = le64(s + i);
		v3 ^= m;
		SIPROUND; SIPROUND;
		v0 ^= m;
	}
	if (n > i)
		memcpy(last, s + i, n - i);
	last[7] = (unsigned char)n;
	m = le64(last);
	v3 ^= m;
	SIPROUND; SIPROUND;
	v0 ^= m;
	v2 ^= 0xff;
	SIPROUND; SIPROUND; SIPROUND; SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

static siphash_key process_key;
static int process_errno = -1; /* 0 once drawn */
static pthread_once_t process_once = PTHREAD_ONCE_INIT;

static void
draw_key(void)
{
	unsigned char b[16];
	size_t got = 0;
	ssize_t r;

	while (got < sizeof b) {
		if ((r = getrandom(b + got, sizeof b - got, 0)) < 0) {
			if (errno == EINTR)
				continue;
			process_errno = errno;
			return;
		}
		got += (size_t)r;
	}
	siphash_key_set(&process_key, b);
	memset(b, 0, sizeof b);
	process_errno = 0;
}

const siphash_key *
siphash_process_key(sg_err *err)
{
	pthread_once(&process_once, draw_key);
	if (process_errno == 0)
		return &process_key;
	errno = process_errno;
	sg_err_sys(err, NULL, "no randomness for the hash tables' key "
	    "(getrandom)");
	return NULL;
}
