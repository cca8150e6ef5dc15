#include "codes.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

static const code_info codes[] = {
#define CODE(c, s, m, d) { c, s, m, d },
#include "codes.def"
#undef CODE
};

#define N_CODES (sizeof codes / sizeof codes[0])

size_t
codes_count(void)
{
	return N_CODES;
}

const code_info *
codes_at(size_t i)
{
	return i < N_CODES ? &codes[i] : NULL;
}

const code_info *
codes_find(const char *code)
{
	size_t i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < N_CODES; i++)
		if (strcmp(codes[i].code, code) == 0)
			return &codes[i];
	return NULL;
}

const char *
codes_message(const char *code)
{
	const code_info *c = codes_find(code);

	return c ? _(c->message) : NULL;
}

const char *
codes_severity_name(enum code_severity s)
{
	switch (s) {
	case SEVERITY_WARNING:
		return "warning";
	case SEVERITY_ERROR:
		return "error";
	case SEVERITY_REASON:
		return "reason";
	}
	return "?";
}
