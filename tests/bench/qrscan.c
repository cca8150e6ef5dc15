/*
 * qrscan - print what scan_file() finds, one line per code:
 * "FILE<TAB>PAGE<TAB>TEXT" (PAGE 0: a PDF's metadata).  For the
 * benchmarks and for looking at a scan by hand.
 *   qrscan [-t] [-v] [-r] [-w N] [-s SECONDS] [-d DPI] FILE...
 *   -t  climb the whole ladder   -v  add pass and box columns, and
 *       the passes run (standard error)
 *   -r  raw: only the text, NUL-free, one per line (like zbarimg --raw)
 * Exit 0 when every file was read, 2 when one could not be.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scan.h"

int
main(int argc, char **argv)
{
	scan_opts o;
	int c, i, rc = 0, verbose = 0, raw = 0;
	size_t k;

	memset(&o, 0, sizeof o);
	scan_reuse_memory();
	while ((c = getopt(argc, argv, "tvrw:s:d:")) != -1) {
		switch (c) {
		case 't':
			o.thorough = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'r':
			raw = 1;
			break;
		case 'w':
			o.want = atoi(optarg);
			break;
		case 's':
			o.seconds = atof(optarg);
			break;
		case 'd':
			o.dpi = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: qrscan [-trv] [-w N] "
			    "[-s SECONDS] [-d DPI] FILE...\n");
			return 2;
		}
	}
	for (i = optind; i < argc; i++) {
		scan_found f = SCAN_FOUND_INIT;
		sg_err err;

		sg_err_clear(&err);
		if (scan_file(argv[i], &o, &f, &err) < 0) {
			fprintf(stderr, "qrscan: %s: %s: %s\n",
			    err.where[0] ? err.where : argv[i], err.code,
			    err.message);
			rc = 2;
		}
		for (k = 0; k < f.n; k++) {
			const scan_code *s = &f.codes[k];

			if (raw) {
				fwrite(s->text, 1, s->len, stdout);
				putchar('\n');
				continue;
			}
			printf("%s\t%d\t", argv[i], s->page);
			fwrite(s->text, 1, s->len, stdout);
			if (verbose)
				printf("\t%s\t%d,%d %dx%d", s->pass, s->x,
				    s->y, s->w, s->h);
			putchar('\n');
		}
		if (verbose)
			fprintf(stderr, "qrscan: %s: %d passes%s\n", argv[i],
			    f.passes, f.timed_out ? ", timed out" : "");
		scan_found_clear(&f);
	}
	scan_thread_done();
	if (fclose(stdout) != 0)
		rc = 2;
	return rc;
}
