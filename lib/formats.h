/*
 * formats.h - where the formats folder is.
 *
 * Ownership: formats_dir() lends a static string (or the environment's);
 * it stays valid until SEGEL_FORMATS changes.
 */
#ifndef SEGEL_FORMATS_H
#define SEGEL_FORMATS_H

/*
 * Where formats/ is: $SEGEL_FORMATS, else <exe>/../share/segel/formats,
 * else <exe>/../formats (running from the source tree), else the compiled
 * default SEGEL_FORMATS_DIR.  Lends a static string.
 */
const char *formats_dir(void);

#endif
