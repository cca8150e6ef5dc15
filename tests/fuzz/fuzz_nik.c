/*
 * fuzz_nik - arbitrary strings through the NIK and KK number checks and
 * the region lookups.  The input is cut at newlines into up to five
 * strings: a number or region code, then names for the address check
 * (desa, kecamatan, kabupaten, provinsi); the second string is also tried
 * as a birth date.  The region table comes from $SEGEL_FORMATS (default
 * "formats"); without it the checks run with no table.
 *
 * Invariants: never more problems than room, every code starts "E-" or
 * "W-", every message is non-empty, NUL-terminated UTF-8, the return value
 * is -1 exactly when an E- problem was found, and a parsed date part is
 * in range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nik.h"
#include "region.h"
#include "text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static region_table *table;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("SEGEL_FORMATS");
	sg_err err;

	setenv("SEGEL_TODAY", "2025-06-30", 1);
	table = region_table_load(dir && *dir ? dir : "formats", &err);
	return 0;
}

static void
check_msg(const char *code, size_t codesz, const char *msg, size_t msgsz)
{
	size_t n = strnlen(msg, msgsz);

	if (strnlen(code, codesz) == codesz || n == msgsz || n == 0)
		abort();
	if (!((code[0] == 'E' || code[0] == 'W') && code[1] == '-'))
		abort();
	if (!text_is_utf8(msg, n))
		abort();
}

static void
check_nik(const nik_problem *p, size_t n, size_t max, int rc)
{
	size_t i;
	int errors = 0;

	if (n > max)
		abort();
	for (i = 0; i < n; i++) {
		check_msg(p[i].code, sizeof p[i].code, p[i].message,
		    sizeof p[i].message);
		errors += p[i].code[0] == 'E';
	}
	if ((rc == -1) != (errors > 0) || (rc != 0 && rc != -1))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nik_problem probs[NIK_MAXPROBS];
	region_problem rp[REGION_ADDR_MAXPROBS];
	const region_entry *e;
	char *buf, *s[5] = { NULL, NULL, NULL, NULL, NULL }, *p;
	region_status st;
	char dotted[9];
	nik_info ni;
	kk_info ki;
	sg_date bd;
	size_t n, i;
	int rc, k;

	if (size > 4096 || (buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (k = 0, p = buf; k < 5 && p != NULL; k++) {
		s[k] = p;
		if ((p = strchr(p, '\n')) != NULL)
			*p++ = '\0';
	}

	rc = nik_parse(table, s[0], &ni, probs, NIK_MAXPROBS, &n);
	check_nik(probs, n, NIK_MAXPROBS, rc);
	if (ni.number[0] != '\0' && (strlen(ni.number) != 16 ||
	    ni.month < 0 || ni.month > 99 || ni.day < 0 || ni.day > 31 ||
	    ni.yy < 0 || ni.yy > 99 || ni.sex < -1 || ni.sex > 1))
		abort();
	memset(&bd, 0, sizeof bd);
	if (s[1] != NULL)
		date_parse_iso(s[1], &bd);
	rc = nik_compare_person(&ni, bd, size > 0 ? (int)(data[0] % 3) - 1 :
	    -1, probs, NIK_MAXPROBS, &n);
	if (rc != (int)n)
		abort();
	check_nik(probs, n, NIK_MAXPROBS, 0);
	/* with room for one problem: an error stored means rc -1 */
	rc = nik_parse(table, s[0], &ni, probs, 1, &n);
	if (n > 1 || (n == 1 && probs[0].code[0] == 'E' && rc != -1))
		abort();

	rc = kk_parse(table, s[0], &ki, probs, NIK_MAXPROBS, &n);
	check_nik(probs, n, NIK_MAXPROBS, rc);
	if (ki.date_ok && !date_valid(ki.registered.y, ki.registered.m,
	    ki.registered.d))
		abort();

	region_district_from_nik6(table, s[0], &st, dotted);
	if (strnlen(dotted, sizeof dotted) == sizeof dotted)
		abort();
	if (table != NULL) {
		if ((e = region_find(table, s[0])) != NULL) {
			for (k = 1; k < 5; k++)
				if (s[k] != NULL)
					(void)region_name_matches(e, s[k]);
			(void)region_parent(table, e);
		}
		(void)region_history(table, s[0]);
	}
	rc = region_check_address(table, s[0], s[1], s[2], s[3], s[4], rp,
	    REGION_ADDR_MAXPROBS, &n);
	if (n > REGION_ADDR_MAXPROBS || (rc == -1) != (n > 0))
		abort();
	for (i = 0; i < n; i++)
		check_msg(rp[i].code, sizeof rp[i].code, rp[i].message,
		    sizeof rp[i].message);
	free(buf);
	return 0;
}
