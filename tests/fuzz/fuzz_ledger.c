/*
 * fuzz_ledger - arbitrary bytes as a ledger (without a head) opened by the
 * signer.  Invariants: opening terminates and either refuses the ledger
 * or indexes it; when it opens, every issue entry jansson reads in it is
 * found by its key and by its number, with the number of the last entry
 * of that key (the index's own line reader agrees with jansson).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "ledger.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64], head[72];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl, *num, *key;
	const char *last;
	json_t *e, *f, *byk = json_object();
	ledger_issue is;
	ledger *l;
	sg_err err;
	FILE *fp;
	int fd, rc;

	if (path[0] == '\0') {
		snprintf(path, sizeof path, "/tmp/fuzz-ledger-XXXXXX");
		if ((fd = mkstemp(path)) < 0)
			abort();
		close(fd);
		snprintf(head, sizeof head, "%s.head", path);
	}
	unlink(head);
	if ((fp = fopen(path, "w")) == NULL ||
	    fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		abort();
	/* what jansson reads: key -> the number of its last whole line */
	for (; p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL;
	    p = nl + 1) {
		e = json_loadb(p, (size_t)(nl - p), 0, NULL);
		num = json_string_value(json_object_get(e, "number"));
		key = json_string_value(json_object_get(e, "key"));
		if (num != NULL && key != NULL &&
		    strlen(num) == json_string_length(json_object_get(e,
		    "number")) && strlen(key) == json_string_length(
		    json_object_get(e, "key")))
			json_object_set_new(byk, key, json_string(num));
		json_decref(e);
	}
	if ((l = ledger_open(path, &err)) != NULL) {
		json_object_foreach(byk, key, f) {
			last = json_string_value(f);
			rc = ledger_find_key(l, key, &is, &err);
			if (rc == 0)
				abort();
			if (rc < 0)
				continue; /* its date is no date, or too long */
			if (strcmp(is.number, last) != 0)
				abort();
			if (ledger_find_number(l, last, NULL, &err) == 0)
				abort();
		}
		ledger_close(l, NULL);
	}
	json_decref(byk);
	return 0;
}
