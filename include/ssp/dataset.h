/* dataset.h: changing a dataset folder safely: one run at a time (a lock
 * held for the length of the run), and every file of a change committed
 * together (staged files, a journal, renames), so that a run killed at any
 * point leaves the dataset as it was before the run or as it is after. */
#ifndef SSP_DATASET_H
#define SSP_DATASET_H

#include <stdio.h>

#include "ssp/ssp.h"

/* The files that make this work, inside the dataset folder. */
#define SSP_DATASET_LOCK ".ssp-lock"       /* locked (flock) by the run */
#define SSP_DATASET_JOURNAL ".ssp-journal" /* the commit being applied */
#define SSP_DATASET_STAGE ".ssp-stage"     /* suffix of a staged file */

typedef struct ssp_dataset ssp_dataset;

/* Called once, before waiting, when another run holds the lock. */
typedef void (*ssp_dataset_wait_fn)(void *ctx, const char *dir);

/* What ssp_dataset_open found of an earlier run that did not finish. */
enum {
    SSP_DATASET_CLEAN = 0,      /* nothing */
    SSP_DATASET_REPLAYED = 1,   /* a committed change, finished now */
    SSP_DATASET_ROLLED_BACK = 2 /* an uncommitted stage, removed */
};

/* Take the dataset folder dir for a run: create it (mode 0777 less the
 * umask) when missing, lock it (waiting for another run that holds it,
 * after calling on_wait once, which may be NULL), then finish or undo
 * what a killed earlier run left: a journal is replayed, staged files
 * without one are removed. Returns NULL with err filled (SSP_EIO) on
 * failure. The caller owns the result: ssp_dataset_close. */
ssp_dataset *ssp_dataset_open(const char *dir, ssp_dataset_wait_fn on_wait,
                              void *ctx, ssp_error *err) SSP_NODISCARD;

/* SSP_DATASET_CLEAN, _REPLAYED or _ROLLED_BACK (see above). */
int ssp_dataset_recovered(const ssp_dataset *ds);

/* The folder, as given to ssp_dataset_open (borrowed). */
const char *ssp_dataset_dir(const ssp_dataset *ds);

/* Stage the file rel (a path relative to the folder, without "..", whose
 * parent folder exists): returns the path where its new content is to be
 * written, complete and fsync'd (ssp_atomic does that), before
 * ssp_dataset_commit; rel takes that content at the commit. The path is
 * owned by ds. Staging rel again returns the same path. Returns NULL with
 * err filled (SSP_EUSAGE for a bad rel, SSP_EINTERNAL for memory). */
const char *ssp_dataset_stage(ssp_dataset *ds, const char *rel,
                              ssp_error *err) SSP_NODISCARD;

/* Take rel out of the change again, removing what was written for it. */
void ssp_dataset_unstage(ssp_dataset *ds, const char *rel);

/* Remove rel at the commit (nothing if it does not exist then). */
ssp_status ssp_dataset_remove(ssp_dataset *ds, const char *rel,
                              ssp_error *err) SSP_NODISCARD;

/* Commit: every staged file must have been written. The journal naming
 * them is written and fsync'd (the commit point), then each staged file
 * is renamed over its target, the removals done, and the journal removed.
 * Returns SSP_OK, or SSP_EIO / SSP_EINTERNAL with err filled: before the
 * commit point nothing has changed; after it, the next run that opens the
 * dataset finishes the change. The stage is empty afterwards. */
ssp_status ssp_dataset_commit(ssp_dataset *ds, ssp_error *err) SSP_NODISCARD;

/* Discard what is staged and not committed, release the lock, free ds.
 * Accepts NULL. */
void ssp_dataset_close(ssp_dataset *ds);

/* An input read through a stream that hashes every byte as it passes, so
 * the digest recorded is that of the very bytes read. */
typedef struct ssp_input ssp_input;

/* Open path ("-": standard input, which stays open). Returns NULL with
 * err filled (SSP_EIO, SSP_EINTERNAL). Free with ssp_input_close. */
ssp_input *ssp_input_open(const char *path, ssp_error *err) SSP_NODISCARD;

/* The stream to read from (owned by in). */
FILE *ssp_input_stream(ssp_input *in);

/* Read what is left of the input (hashing it) and give the SHA-256 of all
 * its bytes as 64 hex digits, and their number. Returns SSP_OK, or SSP_EIO
 * on a read error. */
ssp_status ssp_input_digest(ssp_input *in, char hex[65],
                            unsigned long long *bytes,
                            ssp_error *err) SSP_NODISCARD;

/* Close the input; accepts NULL. */
void ssp_input_close(ssp_input *in);

#endif
