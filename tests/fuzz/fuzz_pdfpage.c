/*
 * fuzz_pdfpage.c - fuzz_pdfin with the pages drawn (see there).
 */
#define FUZZ_PDF_PAGES 1
#include "fuzz_pdfin.c"
