/*
 * test_pagecheck - pagecheck_content_bad: the content streams a page may
 * draw with are segel-render's own operators and operands; an inline
 * image, arrays, dictionaries and any other operator are not
 * (an outside forger hid another name in an inline image that pdf.js
 * ends at the first "EI" and poppler does not).
 */
#include <string.h>

#include "pagecheck.h"
#include "t.h"

static const struct row {
	const char *in;
	const char *bad; /* NULL: allowed; else the token reported */
} rows[] = {
	/* 0: what segel-render writes */
	{ "q 0.5 0 0 0.5 10 20 cm /Im1 Do Q\n", NULL },
	{ "BT\n/F1 10.5 Tf\n56.69 700 Td\n<0041004200c9> Tj\nET\n", NULL },
	{ "1 g\n0.5 G\n0.75 w\n10 10 200 30 re\nB\n0 g\n", NULL },
	{ "10 10 m 200 10 l S 3 Tr 0 Tr -1.5 +2 .5 re f", NULL },
	{ "(a \\) (nested) string) Tj", NULL },
	{ "", NULL },
	/* 6: an inline image, the forger's way and plain */
	{ "q 0.001 0 0 0.001 -5 -5 cm BI /W 8 /H 1 /IM true ID x\nEI Q",
	  "BI" },
	{ "BT (EI q BI) Tj ET BI", "BI" },
	/* 8: other operators, arrays, dictionaries, comments */
	{ "[<0041> -250 <0042>] TJ", "[" },
	{ "/OC /oc1 BDC 0 g EMC", "BDC" },
	{ "BX /Foo bar EX", "BX" },
	{ "% a comment is white space\n0 g", NULL },
	{ "/GS1 gs", "gs" },
	{ "<< /MCID 0 >> BDC", "<" },
	{ "0 0 1 rg", "rg" },
	{ "/Sh1 sh", "sh" },
	/* 16: broken operands */
	{ "(an open string Tj", "(an" },
	{ "<00zz> Tj", "<00zz" },
	{ "<0041 Tj", "<0041" },
	{ ") Tj", ")" },
	{ "1.2.3x Tj", "x" },
	/* 21: strings nested deep, and one not closed at the end */
	{ "(((((((((((((((((((((((((((((((((x)))))))))))))))))))))))))))))))))"
	  " Tj", NULL },
	{ "((x) Tj", "(" },
};

int
main(int argc, char **argv)
{
	char name[32], what[16];
	const char *got;
	size_t i;

	T_INIT(argc, argv);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		snprintf(name, sizeof name, "content#%zu", i);
		got = pagecheck_content_bad((const unsigned char *)rows[i].in,
		    strlen(rows[i].in), what);
		if (rows[i].bad == NULL)
			T_OK(name, got == NULL, "refused at \"%s\"", got);
		else
			T_OK(name, got != NULL && strcmp(got, rows[i].bad) == 0,
			    "got %s, want \"%s\"", got ? got : "allowed",
			    rows[i].bad);
	}
	return T_DONE();
}
