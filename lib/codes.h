/*
 * codes.h - the registry of problem codes (lib/codes.def).
 *
 * Every code a segel tool can emit ("E-CSV-QUOTE", "W-NIK-SEX",
 * "R-REVOKED") has one row: its severity, the short sentence a tool shows
 * for it and what it means (formats/codes.md is made from the same rows).
 * The strings returned are static and live as long as the program; the
 * message is translated into the caller's language (gettext, i18n.h),
 * the code and the meaning never are.
 */
#ifndef SEGEL_CODES_H
#define SEGEL_CODES_H

#include <stddef.h>

/* One ordered scale, as the letters: W below E; R is a verdict's reason. */
enum code_severity { SEVERITY_WARNING, SEVERITY_ERROR, SEVERITY_REASON };

typedef struct code_info {
	const char *code;    /* "E-CSV-QUOTE" */
	enum code_severity severity;
	const char *message; /* untranslated; codes_message() translates */
	const char *meaning; /* English, for formats/codes.md */
} code_info;

/* The row of code, or NULL when the registry has none. */
const code_info *codes_find(const char *code);
/* Rows in registry order: i from 0 to codes_count() - 1. */
size_t codes_count(void);
const code_info *codes_at(size_t i);
/* The translated short sentence for code; NULL when it is unknown. */
const char *codes_message(const char *code);
/* "error", "warning", "reason". */
const char *codes_severity_name(enum code_severity s);

#endif
