/* classic_priv.h — helpers shared by classic.c and classic_sites.c only. */
#ifndef LS_CLASSIC_PRIV_H
#define LS_CLASSIC_PRIV_H

#include <stdint.h>
#include "model.h"

/* Rows of ep in file order (by byte offset; rows are stored in request
 * order). The original sums and ranks some tables over the records as they
 * sit in the file, and ties keep that order, so parity needs it. Returns NULL
 * when the rows already are in file order (the usual case): then row i is
 * the i-th record. Caller frees. */
uint32_t *ls_classic_file_order(const struct ls_endpoint *ep);

/* Rows of ep in the original's request order: by the file's request id,
 * ties in file order. The rows are stored so, unless the process was put
 * in completion order (model.c: requests that overlap); the classic
 * analysis stays the original's either way. NULL as above. */
uint32_t *ls_classic_id_order(const struct ls_endpoint *ep);

static inline uint32_t ls_classic_row(const uint32_t *order, uint32_t i)
{
	return order ? order[i] : i;
}

#endif
