/*
 * file.h - reading and writing whole files, and walking folders: the one
 * place segel touches the file system for a whole file.
 *
 * Reading: file_read_all takes a whole file into memory, bounded, and
 * refuses what is not a regular file before it can block (a FIFO named
 * like a data file would hang a tool forever, a tape device rewind).
 *
 * Writing: a temporary file in the same folder, fsync, then link() to the
 * final name (file_write_new: never replaces a file that is there) or
 * rename() over it (file_replace); file_sync_dir makes the new name last.
 *
 * Walking: file_walk visits a folder tree in name order (fts(3)), without
 * following symbolic links.
 *
 * Ownership: a buffer file_read_all returns belongs to the caller (free(),
 * or file_secret_free for FILE_SECRET); paths lent to a walk callback are
 * valid for the call only.  Errors go in the caller's sg_err (err.h), with
 * the path in err->where.
 */
#ifndef SEGEL_FILE_H
#define SEGEL_FILE_H

#include <stddef.h>

#include "err.h"

/* file_read_all's flags */
#define FILE_ANY_KIND  0x1 /* read a pipe or device too (a path the user named) */
#define FILE_STDIN     0x2 /* "-" is standard input */
#define FILE_NOFOLLOW  0x4 /* refuse a symbolic link as the last component */
#define FILE_SECRET    0x8 /* key material: OPENSSL_secure_malloc, wiped */

/* What went wrong, as file_read_all returns it (err says it in words). */
enum file_fail {
	FILE_EOPEN = -1,     /* cannot open (E-SYSTEM) */
	FILE_EMISSING = -2,  /* there is no such file (E-SYSTEM) */
	FILE_ENOTREG = -3,   /* not a regular file (the caller's code) */
	FILE_ETOOBIG = -4,   /* more than max bytes (the caller's code) */
	FILE_EREAD = -5,     /* a read error (E-SYSTEM) */
	FILE_ENOMEM = -6     /* out of memory (E-SYSTEM) */
};

/*
 * Read the whole of path: *buf gets a new buffer of *len bytes and a NUL
 * after them.  More than max bytes, or something other than a regular
 * file (unless FILE_ANY_KIND), is refused with code; a failed open or read
 * is E-SYSTEM.  The message reads after the path ("x.csv: 9 bytes, more
 * than the limit of 8", "not a regular file but a FIFO (named pipe)").
 * Returns 0 or an enum file_fail.
 */
int file_read_all(const char *path, size_t max, unsigned flags,
    const char *code, char **buf, size_t *len, sg_err *err);
/* The same for a descriptor the caller opened and checked; path names it. */
int file_read_fd(int fd, const char *path, size_t max, unsigned flags,
    const char *code, char **buf, size_t *len, sg_err *err);
/* Wipe and free a FILE_SECRET buffer of len bytes; NULL does nothing. */
void file_secret_free(char *buf, size_t len);

/*
 * Write buf to dir/name with mode 0644.  0: written; 1: the same bytes
 * were already there; -1: error (E-RENDER-EXISTS when a different file
 * has the name, E-SYSTEM otherwise).  The folder is not synced: a batch
 * calls file_sync_dir once after its last file.
 */
int file_write_new(const char *dir, const char *name, const void *buf,
    size_t len, sg_err *err);
/*
 * The same in two steps, for files written in groups (segel-render): one
 * sync for the group instead of one per file, and no file under its name
 * before its bytes are on disk.
 *   file_stage_new: 1 the same bytes are already at dir/name (nothing
 *     written); 0 buf is written, not synced, to a temporary file in dir,
 *     its path in tmp; -1 error (E-RENDER-EXISTS, E-SYSTEM).
 *   file_sync_fs: after the group's files are staged, every file on dir's
 *     file system is on disk (syncfs).  0 or -1 (E-SYSTEM).
 *   file_commit_new: then each staged file is linked in as dir/name and
 *     tmp removed: 0, 1 when a file with the same bytes came there in the
 *     meantime (the same number twice in one group), -1 as above.
 *   Then file_sync_dir(dir) once, and the group's records can go out.
 */
int file_stage_new(const char *dir, const char *name, const void *buf,
    size_t len, char *tmp, size_t tmpsz, sg_err *err);
int file_sync_fs(const char *dir, sg_err *err);
int file_commit_new(const char *tmp, const char *dir, const char *name,
    sg_err *err);
/*
 * Write buf to path with mode, replacing what is there: temporary file,
 * fsync, rename, fsync of the folder.  0 or -1 (E-SYSTEM).
 */
int file_replace(const char *path, const void *buf, size_t len,
    unsigned mode, sg_err *err);
/*
 * Write buf to path as a new file (O_EXCL, no symbolic link followed),
 * mode 0600, not synced: for scratch files in a private folder that do
 * not outlive the process (a trust bundle's formats, lib/trustsrc.c).
 * 0, or -1 (E-SYSTEM; a file already there is an error).
 */
int file_write_scratch(const char *path, const void *buf, size_t len,
    sg_err *err);
/* fsync a folder, so the names written into it last.  0 or -1. */
int file_sync_dir(const char *dir, sg_err *err);
/* The same for the folder path is in. */
int file_sync_dir_of(const char *path, sg_err *err);
/* SHA-256 of buf as 64 lowercase hex digits and a NUL. */
void file_sha256_hex(const void *buf, size_t len, char hex[65]);
/* The same for a digest already made. */
void file_md_hex(const unsigned char md[32], char hex[65]);

/*
 * Walk the folder dir (a symbolic link to a folder is followed there, and
 * nowhere below): every regular file, in name order (strcmp, at each
 * level; a folder's files come where its name sorts), names starting with
 * "." skipped, symbolic links, devices and FIFOs not visited, folders more
 * than max_depth levels below dir not entered.  fn gets each file's path
 * with problem NULL, and each folder that cannot be read with problem
 * saying why.  fn returns 0 to go on, anything else to stop; file_walk
 * returns that, 0 at the end, or -1 (err set) when the walk cannot start.
 */
typedef int (*file_walk_fn)(void *ctx, const char *path, const char *name,
    const sg_err *problem);
int file_walk(const char *dir, int max_depth, file_walk_fn fn, void *ctx,
    sg_err *err);

#endif
