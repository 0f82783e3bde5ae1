/* gen_heap.c - the simulated tracemalloc statistics: one table of
 * allocation sites ("path:line", live bytes, live blocks) for the whole
 * process. Every endpoint's behaviour grows or shrinks its own site; the
 * import-time background and the in-flight (noise) sites share the table,
 * so top_consumers is always the top K of the whole process, as in the
 * real profiler. */
#include "gen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PY "/usr/lib/python3.12/"
#define SP "/srv/app/.venv/lib/python3.12/site-packages/"

/* Where a long-running FastAPI + LLM-client process keeps memory after its
 * imports, biggest first; line numbers as tracemalloc reports them. */
static const struct {
	const char *name;
	double block;
} famous[] = {
	{"<frozen importlib._bootstrap_external>:757", 118},
	{"<frozen importlib._bootstrap>:241", 96},
	{SP "tiktoken/core.py:52", 88},
	{PY "linecache.py:139", 72},
	{SP "pydantic/_internal/_model_construction.py:669", 420},
	{"<frozen abc>:123", 160},
	{PY "typing.py:1332", 240},
	{SP "pydantic_core/core_schema.py:3961", 312},
	{PY "functools.py:512", 136},
	{PY "enum.py:596", 190},
	{PY "dataclasses.py:463", 280},
	{PY "collections/__init__.py:512", 520},
	{PY "re/_compiler.py:759", 640},
	{SP "starlette/routing.py:231", 350},
	{SP "fastapi/dependencies/utils.py:284", 410},
	{SP "openai/_models.py:301", 380},
	{PY "inspect.py:3068", 212},
	{PY "weakref.py:428", 96},
};

/* Modules that contribute the long tail of smaller sites. */
static const char *const modules[] = {
	PY "abc.py", PY "ast.py", PY "asyncio/base_events.py",
	PY "asyncio/events.py", PY "asyncio/selector_events.py",
	PY "asyncio/streams.py", PY "asyncio/tasks.py", PY "codecs.py",
	PY "collections/__init__.py", PY "contextlib.py", PY "copy.py",
	PY "dataclasses.py", PY "datetime.py", PY "email/message.py",
	PY "email/parser.py", PY "encodings/idna.py", PY "enum.py",
	PY "functools.py", PY "http/client.py", PY "http/cookies.py",
	PY "importlib/metadata/__init__.py", PY "inspect.py",
	PY "ipaddress.py", PY "json/decoder.py", PY "json/encoder.py",
	PY "logging/__init__.py", PY "mimetypes.py", PY "pathlib.py",
	PY "pickle.py", PY "queue.py", PY "random.py", PY "re/_parser.py",
	PY "selectors.py", PY "socket.py", PY "ssl.py", PY "string.py",
	PY "tempfile.py", PY "threading.py", PY "tokenize.py",
	PY "traceback.py", PY "typing.py", PY "urllib/parse.py",
	PY "uuid.py", PY "warnings.py", PY "zipfile/__init__.py",
	SP "aiohttp/client.py", SP "aiohttp/client_reqrep.py",
	SP "aiohttp/connector.py", SP "anyio/_backends/_asyncio.py",
	SP "anyio/streams/memory.py", SP "certifi/core.py",
	SP "charset_normalizer/api.py", SP "click/core.py",
	SP "fastapi/applications.py", SP "fastapi/encoders.py",
	SP "fastapi/routing.py", SP "h11/_connection.py",
	SP "h11/_readers.py", SP "h11/_receivebuffer.py",
	SP "httpcore/_async/connection_pool.py", SP "httpcore/_async/http11.py",
	SP "httpx/_client.py", SP "httpx/_content.py", SP "httpx/_models.py",
	SP "httpx/_transports/default.py", SP "idna/core.py",
	SP "jinja2/environment.py", SP "multipart/multipart.py",
	SP "numpy/core/_methods.py", SP "openai/_base_client.py",
	SP "openai/_response.py", SP "orjson/__init__.py",
	SP "prometheus_client/metrics.py", SP "pydantic/main.py",
	SP "pydantic/fields.py", SP "pydantic/_internal/_generate_schema.py",
	SP "redis/asyncio/connection.py", SP "redis/asyncio/client.py",
	SP "sqlalchemy/orm/session.py", SP "sqlalchemy/engine/base.py",
	SP "sqlalchemy/sql/compiler.py", SP "starlette/datastructures.py",
	SP "starlette/middleware/base.py", SP "starlette/requests.py",
	SP "starlette/responses.py", SP "tiktoken/load.py",
	SP "tokenizers/__init__.py", SP "uvicorn/protocols/http/httptools_impl.py",
	SP "uvicorn/protocols/http/h11_impl.py", SP "yaml/constructor.py",
	SP "yarl/_url.py", "/srv/app/main.py", "/srv/app/core/config.py",
	"/srv/app/core/llm_client.py", "/srv/app/core/auth.py",
	"/srv/app/middleware/logging.py", "/srv/app/middleware/metrics.py",
	"/srv/app/db/models.py", "/srv/app/services/tokenizer.py",
	"/srv/app/services/rate_limit.py", "/srv/app/schemas/openai.py",
	"unknown",
};
#define NMOD (sizeof modules / sizeof modules[0])
#define NFAMOUS (sizeof famous / sizeof famous[0])

int gen_heap_init(struct gen_heap *h)
{
	memset(h, 0, sizeof *h);
	return 0;
}

void gen_heap_free(struct gen_heap *h)
{
	for (uint32_t i = 0; i < h->n; i++)
		free(h->site[i].name);
	free(h->site);
	free(h->slot);
	memset(h, 0, sizeof *h);
}

static uint32_t name_hash(const char *s)
{
	uint32_t x = 2166136261u;      /* FNV-1a */
	for (; *s; s++)
		x = (x ^ (unsigned char)*s) * 16777619u;
	return x;
}

/* The slot holding name, or the empty slot where it belongs. */
static uint32_t *find_slot(const struct gen_heap *h, const char *name)
{
	uint32_t mask = h->nslot - 1;
	for (uint32_t i = name_hash(name) & mask;; i = (i + 1) & mask)
		if (h->slot[i] == UINT32_MAX || strcmp(h->site[h->slot[i]].name, name) == 0)
			return &h->slot[i];
}

static int grow_index(struct gen_heap *h)
{
	uint32_t n = h->nslot ? h->nslot * 2 : 512;
	uint32_t *old = h->slot, nold = h->nslot;
	h->slot = malloc((size_t)n * sizeof *h->slot);
	if (!h->slot) {
		h->slot = old;
		return -1;
	}
	memset(h->slot, 0xff, (size_t)n * sizeof *h->slot);
	h->nslot = n;
	for (uint32_t i = 0; i < nold; i++)
		if (old[i] != UINT32_MAX)
			*find_slot(h, h->site[old[i]].name) = old[i];
	free(old);
	return 0;
}

uint32_t gen_heap_site(struct gen_heap *h, const char *name, double block)
{
	if (2 * (h->n + 1) > h->nslot && grow_index(h) < 0)
		return UINT32_MAX;
	uint32_t *slot = find_slot(h, name);
	if (*slot != UINT32_MAX)
		return *slot;
	if (h->n == h->cap) {
		uint32_t cap = h->cap ? h->cap * 2 : 256;
		struct gen_site *s = realloc(h->site, cap * sizeof *s);
		if (!s)
			return UINT32_MAX;
		h->site = s;
		h->cap = cap;
	}
	char *copy = strdup(name);
	if (!copy)
		return UINT32_MAX;
	struct gen_site *s = &h->site[h->n];
	s->name = copy;
	s->bytes = 0;
	s->blocks = 0;
	s->block = block > 8 ? block : 8;
	*slot = h->n;
	return h->n++;
}

void gen_heap_set(struct gen_heap *h, uint32_t id, int64_t bytes)
{
	struct gen_site *s = &h->site[id];
	if (bytes < 0)
		bytes = 0;
	h->total += bytes - s->bytes;
	s->bytes = bytes;
	s->blocks = bytes ? (int64_t)ceil((double)bytes / s->block) : 0;
}

void gen_heap_grow(struct gen_heap *h, uint32_t id, int64_t bytes, int64_t blocks)
{
	struct gen_site *s = &h->site[id];
	if (s->bytes + bytes < 0)
		bytes = -s->bytes;
	s->bytes += bytes;
	s->blocks += blocks;
	if (s->blocks < 0 || s->bytes == 0)
		s->blocks = s->bytes ? 1 : 0;
	h->total += bytes;
}

int gen_heap_top(const struct gen_heap *h, int k, uint32_t *out)
{
	int n = 0;
	for (uint32_t i = 0; i < h->n; i++) {
		int64_t b = h->site[i].bytes;
		if (b <= 0)
			continue;
		if (n == k && b <= h->site[out[k - 1]].bytes)
			continue;
		int j = n < k ? n++ : k - 1;
		/* Insertion: strictly bigger moves up, ties keep the lower id. */
		while (j > 0 && h->site[out[j - 1]].bytes < b) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = i;
	}
	return n;
}

void gen_heap_pool_name(char *out, size_t n, uint32_t i, struct gen_rng *r)
{
	/* Odd line numbers: never collides with a background site (even). */
	uint32_t line = 13 + 94 * (i / NMOD) + 2 * gen_rng_below(r, 40);
	const char *m = modules[(i * 7 + 3) % NMOD];
	if (strcmp(m, "unknown") == 0)
		m = "/srv/app/workers/jobs.py";
	snprintf(out, n, "%s:%u", m, line);
}

int gen_heap_background(struct gen_heap *h, struct gen_rng *r, int nbg,
			int64_t bg_bytes)
{
	if (nbg < 1 || bg_bytes <= 0)
		return 0;
	double *w = malloc((size_t)nbg * sizeof *w);
	uint32_t *ids = malloc((size_t)nbg * sizeof *ids);
	if (!w || !ids) {
		free(w);
		free(ids);
		return -1;
	}
	double sum = 0;
	uint32_t per_mod[NMOD] = {0};
	for (int k = 0; k < nbg; k++) {
		char name[GEN_SITE_MAX];
		double block;
		if ((size_t)k < NFAMOUS) {
			snprintf(name, sizeof name, "%s", famous[k].name);
			block = famous[k].block;
		} else {
			size_t m = gen_rng_below(r, NMOD);
			if (strcmp(modules[m], "unknown") == 0 && per_mod[m] == 0) {
				snprintf(name, sizeof name, "unknown");
			} else {
				if (strcmp(modules[m], "unknown") == 0)
					m = 0;
				uint32_t line = 12 + 94 * per_mod[m] + 2 * gen_rng_below(r, 40);
				snprintf(name, sizeof name, "%s:%u", modules[m], line);
			}
			per_mod[m]++;
			block = gen_rng_lognormal(r, 180, 1.0);
		}
		ids[k] = gen_heap_site(h, name, block);
		if (ids[k] == UINT32_MAX) {
			free(w);
			free(ids);
			return -1;
		}
		/* Zipf-like: a few import sites hold most of the heap. */
		w[k] = pow(k + 1.0, -1.15) * gen_rng_lognormal(r, 1.0, 0.25);
		sum += w[k];
	}
	for (int k = 0; k < nbg; k++) {
		int64_t b = (int64_t)((double)bg_bytes * w[k] / sum);
		gen_heap_grow(h, ids[k], b > 0 ? b : 1, 0);
		gen_heap_set(h, ids[k], h->site[ids[k]].bytes);
	}
	free(w);
	free(ids);
	return 0;
}
