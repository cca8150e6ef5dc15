/*
 * gen-collide - a forger's spreadsheet: rewrite one column of gen-rows
 * output (';'-separated, unquoted) so that its 16-digit numbers collide
 * under the unkeyed hashes segel used before siphash.h:
 *
 *   --kind kk   FNV-1a over the digits, slot = low bits (intake's family
 *               table, lib/intake.c before siphash)
 *   --kind nik  Fibonacci hashing of the number, slot = high bits of
 *               n * 0x9e3779b97f4a7c15 (validate's NIK-uniqueness set)
 *
 * An empty field stays empty.  Every rewritten number is distinct and well formed: a real kecamatan
 * code (from --regions, wilayah_2025.csv), the row's own date part
 * (digits 7-12 kept, so a NIK still matches its birth date and sex) and
 * a serial 0001-9999.  With --bits 20 (the default) all of them share
 * the same slot in every table of up to 2^20 slots (half a million
 * keys), so each insert walks the whole run of the ones before it.
 * --plain draws the kecamatan and serial the same way but takes the
 * first that is new: the same shape of file without the collisions,
 * for a fair comparison.
 *
 *   gen-collide --kind kk|nik --column N --regions FILE [--plain]
 *               [--bits B] <rows.csv >crafted.csv
 *
 * Deterministic: the output depends only on the input and the options.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXD 10000
#define PHI UINT64_C(0x9e3779b97f4a7c15)

static char dist[MAXD][7];    /* kecamatan codes, 6 digits */
static size_t ndist;
static int bits = 20, plain, kind_nik;
static uint32_t target;       /* the one slot */

/* kk: serials by the low bits of the FNV state before their 4 digits */
static int32_t *head;         /* [1 << bits]: first serial + 1 */
static int32_t nextser[MAXD];
/* nik: (serial * PHI, serial), sorted */
static struct sp { uint64_t v; int s; } sp[MAXD];

/* numbers already written */
static uint64_t *seen;
static size_t seencap, nseen;

static uint32_t
fnv_digits(uint32_t h, const char *s, size_t n)
{
	for (; n > 0; s++, n--)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int
sp_cmp(const void *a, const void *b)
{
	const struct sp *x = a, *y = b;

	return x->v < y->v ? -1 : x->v > y->v;
}

static int
seen_add(uint64_t n)
{
	size_t i;

	if ((nseen + 1) * 2 > seencap) {
		uint64_t *old = seen;
		size_t oc = seencap, j;

		seencap = seencap ? seencap * 2 : 1 << 16;
		if ((seen = calloc(seencap, sizeof *seen)) == NULL)
			exit(2);
		for (j = 0; j < oc; j++)
			if (old[j] != 0)
				for (i = (old[j] * PHI) >> 20 & (seencap - 1);
				    ; i = (i + 1) & (seencap - 1))
					if (seen[i] == 0) {
						seen[i] = old[j];
						break;
					}
		free(old);
	}
	for (i = (n * PHI) >> 20 & (seencap - 1);; i = (i + 1) & (seencap - 1))
		if (seen[i] == n)
			return 0;
		else if (seen[i] == 0)
			break;
	seen[i] = n;
	nseen++;
	return 1;
}

static void
prepare(void)
{
	uint32_t inv = 1, h;
	int s, i;
	char d[5];

	/* the inverse of the FNV prime mod 2^32 (Newton's iteration) */
	for (i = 0; i < 5; i++)
		inv *= 2 - 16777619u * inv;
	if (!kind_nik) {
		if ((head = calloc((size_t)1 << bits, sizeof *head)) == NULL)
			exit(2);
		target = 0x2a5a5 & ((1u << bits) - 1);
		for (s = 9999; s >= 1; s--) {
			snprintf(d, sizeof d, "%04d", s);
			/* walk the four digits back from the target */
			for (h = target, i = 3; i >= 0; i--)
				h = (h * inv) ^ (unsigned char)d[i];
			h &= (1u << bits) - 1;
			nextser[s] = head[h];
			head[h] = s + 1;
		}
	} else {
		target = 0x2a5a5 & ((1u << bits) - 1);
		for (s = 1; s <= 9999; s++) {
			sp[s - 1].v = (uint64_t)s * PHI;
			sp[s - 1].s = s;
		}
		qsort(sp, 9999, sizeof *sp, sp_cmp);
	}
}

/* A serial that puts district d with date part m in the target slot, or
 * one after start when plain; 0 when there is none left. */
static uint64_t
pick(const char *d, const char *m, uint32_t start)
{
	uint64_t base = strtoull(d, NULL, 10) * UINT64_C(10000000000) +
	    strtoull(m, NULL, 10) * 10000, lo, n, width;
	size_t a, b, k;
	int32_t s;
	char pre[13];

	if (plain) {
		for (k = 0; k < 9999; k++) {
			n = base + (start + k) % 9999 + 1;
			if (seen_add(n))
				return n;
		}
		return 0;
	}
	if (!kind_nik) {
		memcpy(pre, d, 6);
		memcpy(pre + 6, m, 6);
		s = head[fnv_digits(2166136261u, pre, 12) &
		    ((1u << bits) - 1)];
		for (; s != 0; s = nextser[s - 1])
			if (seen_add(base + (uint64_t)(s - 1)))
				return base + (uint64_t)(s - 1);
		return 0;
	}
	/* base * PHI + s * PHI in [target << (64 - bits), + 2^(64 - bits)) */
	width = UINT64_C(1) << (64 - bits);
	lo = ((uint64_t)target << (64 - bits)) - base * PHI;
	for (a = 0, b = 9999; a < b;) {
		k = (a + b) / 2;
		if (sp[k].v < lo)
			a = k + 1;
		else
			b = k;
	}
	for (k = 0; k < 9999; k++) {
		const struct sp *e = &sp[(a + k) % 9999];

		if (e->v - lo >= width)
			break;
		if (seen_add(base + (uint64_t)e->s))
			return base + (uint64_t)e->s;
	}
	return 0;
}

static int
load_regions(const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[512];

	if (fp == NULL)
		return -1;
	while (fgets(line, sizeof line, fp) != NULL && ndist < MAXD)
		if (strlen(line) > 9 && line[2] == '.' && line[5] == '.' &&
		    line[8] == ',') {
			memcpy(dist[ndist], line, 2);
			memcpy(dist[ndist] + 2, line + 3, 2);
			memcpy(dist[ndist] + 4, line + 6, 2);
			dist[ndist++][6] = '\0';
		}
	fclose(fp);
	return ndist > 0 ? 0 : -1;
}

static void
usage(FILE *fp)
{
	fputs("usage: gen-collide --kind kk|nik --column N --regions FILE "
	    "[--plain] [--bits B] <rows.csv\n", fp);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "column", required_argument, NULL, 'c' },
		{ "regions", required_argument, NULL, 'r' },
		{ "bits", required_argument, NULL, 'b' },
		{ "plain", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *kind = NULL, *regions = NULL;
	char line[8192], *f, *e, m[7];
	unsigned long row = 0, tries;
	uint64_t n = 0;
	int ch, col = 0, i, j, jlast = 0;

	while ((ch = getopt_long(argc, argv, "k:c:r:b:ph", opts, NULL)) != -1)
		switch (ch) {
		case 'k': kind = optarg; break;
		case 'c': col = atoi(optarg); break;
		case 'r': regions = optarg; break;
		case 'b': bits = atoi(optarg); break;
		case 'p': plain = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	if (kind == NULL || (strcmp(kind, "kk") != 0 &&
	    strcmp(kind, "nik") != 0) || col < 1 || regions == NULL ||
	    bits < 8 || bits > 24 || optind != argc) {
		usage(stderr);
		return 2;
	}
	kind_nik = strcmp(kind, "nik") == 0;
	if (load_regions(regions) != 0) {
		fprintf(stderr, "gen-collide: %s: no kecamatan codes\n",
		    regions);
		return 2;
	}
	prepare();
	if (fgets(line, sizeof line, stdin) != NULL)
		fputs(line, stdout); /* the header */
	while (fgets(line, sizeof line, stdin) != NULL) {
		row++;
		for (f = line, i = 1; i < col && f != NULL; i++)
			if ((f = strchr(f, ';')) != NULL)
				f++;
		if (f != NULL && (*f == ';' || *f == '\n' || *f == '\0')) {
			fputs(line, stdout); /* no number: left empty */
			continue;
		}
		if (f == NULL || (e = f + strspn(f, "0123456789")) - f != 16) {
			fprintf(stderr, "gen-collide: row %lu: column %d is "
			    "not 16 digits\n", row, col);
			return 2;
		}
		memcpy(m, f + 6, 6);
		m[6] = '\0';
		/* kecamatan codes in a fixed pseudo-random walk per row */
		for (tries = 0; tries < ndist; tries++) {
			uint32_t di = (uint32_t)((row * 2654435761u + tries *
			    40503u) % ndist);

			if ((n = pick(dist[di], m, (uint32_t)(row * 7919u +
			    tries))) != 0)
				break;
		}
		/* a KK's date part is its registration day: when that day
		 * is used up, another day will do (a NIK's is the birth) */
		for (j = jlast; tries == ndist && !kind_nik && j < 4000;
		    jlast = j++) {
			snprintf(m, sizeof m, "%02d%02d%02d", 1 + j % 28,
			    1 + j / 28 % 12, 10 + j / 336);
			for (tries = 0; tries < ndist; tries++)
				if ((n = pick(dist[(row + tries) % ndist], m,
				    (uint32_t)row)) != 0)
					break;
		}
		if (tries == ndist) {
			fprintf(stderr, "gen-collide: row %lu: no number "
			    "left for date part %.6s\n", row, f + 6);
			return 2;
		}
		*f = '\0';
		printf("%s%016llu%s", line, (unsigned long long)n, e);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		return 2;
	return 0;
}
