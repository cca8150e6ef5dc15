/*
 * formats.h - where the formats folder is.
 *
 * Ownership: formats_dir() lends a static string (or the environment's);
 * it stays valid until SEGEL_FORMATS changes or formats_dir_set() is
 * called.
 */
#ifndef SEGEL_FORMATS_H
#define SEGEL_FORMATS_H

/*
 * Where formats/ is: $SEGEL_FORMATS, else the folder formats_dir_set()
 * gave, else <exe>/../share/segel/formats,
 * else <exe>/../formats (running from the source tree), else the compiled
 * default SEGEL_FORMATS_DIR.  Lends a static string.
 */
const char *formats_dir(void);
/*
 * Use dir as the formats folder when SEGEL_FORMATS is not set (the
 * formats a trust bundle carries, lib/trustsrc.h); NULL or "" clears it.
 * Copies dir.
 */
void formats_dir_set(const char *dir);
/*
 * The installed share folder: <exe>/../share/segel when the installed
 * formats are there, else the compiled default's (PREFIX/share/segel).
 * Where the installed trust material is looked for.  Lends a static
 * string.
 */
const char *formats_share_dir(void);

#endif
