/* gen_sim.c - one simulated Python process serving several endpoints.
 *
 * Requests of all endpoints are interleaved at random (traffic weights) and
 * numbered by one process-wide counter. Each endpoint has a behaviour that
 * changes the one shared heap (struct gen_heap); after each request the
 * profiler would record the process's traced memory, and decide by the
 * smart-capture rules whether to attach the top K sites.
 *
 * Four independent random streams keep the memory trajectory the same when
 * only record-level options change (sampling, gaps, top K, period):
 *   traffic - endpoint choice, errors, behaviour amounts
 *   noise   - in-flight memory and bursts
 *   record  - latency, status code, error text
 *   sample  - the profiler's sampling decision */
#include "gen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PY "/usr/lib/python3.12/"
#define SP "/srv/app/.venv/lib/python3.12/site-packages/"
#define MB 1048576.0
#define MAX_HELD 256
#define NJITTER 40

/* In-flight memory of concurrent requests: what makes current_mb noisy.
 * Odd line numbers, so they never merge with a background site. */
static const struct {
	const char *name;
	double share, block;
} transient[] = {
	{PY "json/decoder.py:353", 0.26, 212},
	{SP "h11/_receivebuffer.py:51", 0.17, 4096},
	{SP "httpx/_models.py:579", 0.14, 1480},
	{SP "starlette/requests.py:227", 0.12, 2048},
	{PY "ssl.py:1137", 0.10, 16384},
	{SP "pydantic/main.py:211", 0.09, 540},
	{PY "asyncio/streams.py:557", 0.07, 8192},
	{PY "json/encoder.py:261", 0.05, 320},
};
#define NTRANS (sizeof transient / sizeof transient[0])

struct held {          /* memory freed at a later request: spikes, bursts */
	uint32_t site;
	int64_t bytes;
	uint64_t release;
};

struct ep_state {
	uint32_t site;
	uint8_t *present;   /* warmup: keys already cached */
	uint32_t keys;
	int32_t *ring;      /* cache: entry sizes, oldest evicted first */
	uint32_t ring_cap, ring_len, ring_head;
	double since_gc, next_gc;
	uint64_t onset;
	bool have_detailed;
	int64_t last_detailed;
	uint64_t seq;
};

struct sim {
	const struct gen_cfg *c;
	struct gen_heap h;
	struct gen_rng traffic, noise, record, sample;
	struct ep_state ep[GEN_MAX_EP];
	double cum[GEN_MAX_EP];
	uint32_t trans[NTRANS];
	double trans_mean[NTRANS], trans_sum;
	uint32_t *pool;
	uint32_t npool;
	uint32_t bg[NJITTER];      /* the biggest background sites ... */
	int64_t bg_base[NJITTER];  /* ... and their import-time sizes */
	int nbg;
	struct held spike[MAX_HELD];
	int nspike;
	struct held burst[MAX_HELD];
	int nburst;
	char err[512];
};

static void sim_free(struct sim *s)
{
	for (int i = 0; i < GEN_MAX_EP; i++) {
		free(s->ep[i].present);
		free(s->ep[i].ring);
	}
	free(s->pool);
	gen_heap_free(&s->h);
}

static int sim_init_ep(struct sim *s, int i, struct gen_ep_stats *st)
{
	const struct gen_ep_cfg *e = &s->c->ep[i];
	struct ep_state *es = &s->ep[i];
	es->site = UINT32_MAX;
	st->site = UINT32_MAX;
	if (e->site[0]) {
		/* App objects: small dicts/strings, a few hundred bytes each. */
		double block = e->beh == GEN_ERRSPIKE ? 65536 :
			       e->size_kb > 0 && e->size_kb < 0.5 ? e->size_kb * 1024 :
			       gen_rng_range(&s->traffic, 160, 900);
		es->site = gen_heap_site(&s->h, e->site, block);
		if (es->site == UINT32_MAX)
			return -1;
		st->site = es->site;
	}
	double entry = e->size_kb > 0 ? e->size_kb : 1;
	if (e->beh == GEN_WARMUP) {
		es->keys = (uint32_t)fmax(1, e->cap_mb * 1024 / entry);
		es->present = calloc(es->keys, 1);
		if (!es->present)
			return -1;
	}
	if (e->beh == GEN_CACHE) {
		es->ring_cap = (uint32_t)fmax(1, e->cap_mb * 1024 / entry);
		es->ring = calloc(es->ring_cap, sizeof *es->ring);
		if (!es->ring)
			return -1;
	}
	es->next_gc = e->gc_every * gen_rng_range(&s->traffic, 0.7, 1.3);
	es->onset = e->onset > 1 ? (uint64_t)e->onset
				 : (uint64_t)(e->onset * (double)s->c->requests) + 1;
	st->onset = e->beh == GEN_LATE ? es->onset : 0;
	return 0;
}

static int sim_init(struct sim *s, const struct gen_cfg *c, struct gen_result *res)
{
	memset(s, 0, sizeof *s);
	memset(res, 0, sizeof *res);
	s->c = c;
	uint64_t st = c->seed;
	gen_rng_seed(&s->traffic, gen_splitmix(&st));
	gen_rng_seed(&s->noise, gen_splitmix(&st));
	gen_rng_seed(&s->record, gen_splitmix(&st));
	gen_rng_seed(&s->sample, gen_splitmix(&st));
	gen_heap_init(&s->h);

	double heap = c->heap_mb * MB;
	s->trans_sum = fmax(fmax(4.0 * c->noise_mb * MB, 0.01 * heap), 0.25 * MB);
	if (s->trans_sum > 0.5 * heap && heap > 0)
		s->trans_sum = fmax(0.5 * heap, 4.0 * c->noise_mb * MB);
	double bursts = c->pool_sites > 0 ? c->bursts * c->burst_mb * MB : 0;
	if (gen_heap_background(&s->h, &s->noise, c->bg_sites,
				(int64_t)fmax(heap - s->trans_sum - bursts, 0.1 * MB)) < 0)
		return -1;
	for (uint32_t i = 0; i < s->h.n && s->nbg < NJITTER; i++) {
		s->bg[s->nbg] = i;
		s->bg_base[s->nbg++] = s->h.site[i].bytes;
	}
	for (size_t i = 0; i < NTRANS; i++) {
		s->trans[i] = gen_heap_site(&s->h, transient[i].name, transient[i].block);
		if (s->trans[i] == UINT32_MAX)
			return -1;
		s->trans_mean[i] = s->trans_sum * transient[i].share;
		gen_heap_set(&s->h, s->trans[i], (int64_t)s->trans_mean[i]);
	}
	if (c->pool_sites > 0) {
		s->pool = calloc((size_t)c->pool_sites, sizeof *s->pool);
		if (!s->pool)
			return -1;
		/* tries bounded in case names ran out; they scale with the pool
		 * so --sites 200000 really names 200,000 sites */
		uint32_t tries = 100000u + 4u * (uint32_t)c->pool_sites;
		for (uint32_t i = 0, k = 0; s->npool < (uint32_t)c->pool_sites && k < tries; k++) {
			char name[GEN_SITE_MAX];
			gen_heap_pool_name(name, sizeof name, i, &s->noise);
			uint32_t before = s->h.n;
			uint32_t id = gen_heap_site(&s->h, name, gen_rng_lognormal(&s->noise, 900, 1.0));
			if (id == UINT32_MAX)
				return -1;
			if (id >= before) {     /* a new name: keep it */
				s->pool[s->npool++] = id;
				i++;
			}
		}
	}
	for (int k = 0; s->npool && k < c->bursts && k < MAX_HELD; k++) {
		struct held *b = &s->burst[s->nburst++];
		b->site = s->pool[gen_rng_below(&s->noise, s->npool)];
		b->bytes = (int64_t)gen_rng_lognormal(&s->noise, c->burst_mb * MB, 0.25);
		b->release = 0;     /* placed on the first request */
		gen_heap_grow(&s->h, b->site, b->bytes,
			      (int64_t)fmax(1, llround((double)b->bytes / s->h.site[b->site].block)));
	}
	double sum = 0;
	for (int i = 0; i < c->nep; i++) {
		if (sim_init_ep(s, i, &res->ep[i]) < 0)
			return -1;
		sum += c->ep[i].weight;
		s->cum[i] = sum;
	}
	if (c->nep < 1 || sum <= 0)
		return -1;
	return 0;
}

static int pick_ep(struct sim *s)
{
	double u = gen_rng_unit(&s->traffic) * s->cum[s->c->nep - 1];
	for (int i = 0; i < s->c->nep; i++)
		if (u < s->cum[i])
			return i;
	return s->c->nep - 1;
}

/* Retains one request's worth of a leak at the endpoint's site. */
static void retain(struct sim *s, int i, struct gen_ep_stats *st)
{
	const struct gen_ep_cfg *e = &s->c->ep[i];
	uint32_t id = s->ep[i].site;
	int64_t b = (int64_t)(e->size_kb * 1024 * gen_rng_range(&s->traffic, 0.6, 1.4));
	int64_t blocks = (int64_t)fmax(1, llround((double)b / s->h.site[id].block));
	gen_heap_grow(&s->h, id, b, blocks);
	st->retained += b;
	st->leak_events++;
}

static void behave(struct sim *s, int i, bool is_err, uint64_t n, struct gen_ep_stats *st)
{
	const struct gen_ep_cfg *e = &s->c->ep[i];
	struct ep_state *es = &s->ep[i];
	struct gen_rng *r = &s->traffic;
	uint32_t id = es->site;
	switch (e->beh) {
	case GEN_STABLE:
	case GEN_NBEH:
		break;
	case GEN_LEAK:
		if (!is_err)
			retain(s, i, st);
		break;
	case GEN_LATE:
		if (!is_err && n >= es->onset)
			retain(s, i, st);
		break;
	case GEN_ERRLEAK:
		if (is_err)
			retain(s, i, st);
		break;
	case GEN_WARMUP: {
		uint32_t k = gen_rng_below(r, es->keys);
		if (!es->present[k]) {
			es->present[k] = 1;
			int64_t b = (int64_t)(e->size_kb * 1024 * gen_rng_range(r, 0.8, 1.2));
			gen_heap_grow(&s->h, id, b, (int64_t)fmax(1, llround((double)b / s->h.site[id].block)));
		}
		break;
	}
	case GEN_CACHE:
		if (gen_rng_unit(r) < 0.75) {   /* a miss: insert, evict the oldest */
			int32_t b = (int32_t)(e->size_kb * 1024 * gen_rng_range(r, 0.5, 1.5));
			struct gen_site *site = &s->h.site[id];
			if (es->ring_len == es->ring_cap) {
				int32_t old = es->ring[es->ring_head];
				gen_heap_grow(&s->h, id, -old, -(int64_t)fmax(1, llround(old / site->block)));
				es->ring[es->ring_head] = b;
				es->ring_head = (es->ring_head + 1) % es->ring_cap;
			} else {
				es->ring[(es->ring_head + es->ring_len++) % es->ring_cap] = b;
			}
			gen_heap_grow(&s->h, id, b, (int64_t)fmax(1, llround(b / site->block)));
		}
		break;
	case GEN_SAWTOOTH: {
		int64_t b = (int64_t)(e->size_kb * 1024 * gen_rng_range(r, 0.5, 1.5));
		gen_heap_grow(&s->h, id, b, (int64_t)fmax(1, llround((double)b / s->h.site[id].block)));
		if (++es->since_gc >= es->next_gc) {
			/* A full collection frees the cycles; a little survives. */
			gen_heap_set(&s->h, id, (int64_t)(e->size_kb * 1024 * gen_rng_range(r, 0, 3)));
			es->since_gc = 0;
			es->next_gc = e->gc_every * gen_rng_range(r, 0.7, 1.3);
		}
		break;
	}
	case GEN_ERRSPIKE:
		if (is_err && s->nspike < MAX_HELD) {
			int64_t b = (int64_t)(e->spike_mb * MB * gen_rng_range(r, 0.6, 1.4));
			gen_heap_grow(&s->h, id, b, (int64_t)fmax(1, llround((double)b / s->h.site[id].block)));
			s->spike[s->nspike++] = (struct held){id, b, n + (uint64_t)e->hold};
		}
		break;
	}
	if (id != UINT32_MAX && s->h.site[id].bytes > st->site_max)
		st->site_max = s->h.site[id].bytes;
}

static void release_held(struct sim *s, struct held *v, int *nv, uint64_t n)
{
	for (int k = 0; k < *nv;) {
		if (v[k].release <= n) {
			int64_t b = v[k].bytes;
			gen_heap_grow(&s->h, v[k].site, -b,
				      -(int64_t)fmax(1, llround((double)b / s->h.site[v[k].site].block)));
			v[k] = v[--*nv];
		} else {
			k++;
		}
	}
}

static void in_flight(struct sim *s, uint64_t n)
{
	const struct gen_cfg *c = s->c;
	double z = c->noise_mb * MB * gen_rng_normal(&s->noise);
	for (size_t i = 0; i < NTRANS; i++)
		gen_heap_set(&s->h, s->trans[i],
			     (int64_t)fmax(0, s->trans_mean[i] * (1.0 + z / s->trans_sum)));
	/* Background sites are not frozen either (linecache, typing and
	 * functools caches move a little): two of the biggest are redrawn
	 * around their import-time size on every request. */
	for (int k = 0; s->nbg && k < 2; k++) {
		int j = (int)gen_rng_below(&s->noise, (uint32_t)s->nbg);
		double amp = fmin(0.002 * (double)s->bg_base[j], 0.25 * c->noise_mb * MB);
		gen_heap_set(&s->h, s->bg[j],
			     (int64_t)fmax(1, (double)s->bg_base[j] + amp * gen_rng_normal(&s->noise)));
	}
	/* Bursts: in-flight request buffers held by some pool site for a
	 * while; they make sites enter and leave the top K. Each slot keeps
	 * its size when it moves to a new site, so bursts change which sites
	 * are listed without adding noise to current_mb. */
	for (int k = 0; k < s->nburst; k++) {
		struct held *b = &s->burst[k];
		if (b->release > n)
			continue;
		gen_heap_grow(&s->h, b->site, -b->bytes,
			      -(int64_t)fmax(1, llround((double)b->bytes / s->h.site[b->site].block)));
		b->site = s->pool[gen_rng_below(&s->noise, s->npool)];
		gen_heap_grow(&s->h, b->site, b->bytes,
			      (int64_t)fmax(1, llround((double)b->bytes / s->h.site[b->site].block)));
		b->release = n + 1 + (uint64_t)gen_rng_exp(&s->noise, 20);
	}
}

static const struct {
	int code;
	double w;
} statuses[] = {
	{400, 3}, {401, 1}, {404, 1}, {413, 0.4}, {422, 2}, {429, 2},
	{500, 3.5}, {502, 1.5}, {503, 1.5}, {504, 2.5},
};

/* The exception text the profiler stores: realistic, with the quoting,
 * newlines, non-ASCII and even terminal escapes real servers produce. */
static const char *error_text(struct sim *s, int code)
{
	struct gen_rng *r = &s->record;
	char *b = s->err;
	size_t n = sizeof s->err;
	uint32_t v = gen_rng_below(r, 4);
	switch (code) {
	case 400:
		snprintf(b, n, "BadRequestError: Error code: 400 - {'error': {'message': \"'messages' "
			 "is a required property\", 'type': 'invalid_request_error', 'param': None}}");
		break;
	case 401:
		snprintf(b, n, "AuthenticationError: Incorrect API key provided: sk-proj-****%04x",
			 gen_rng_below(r, 65536));
		break;
	case 404:
		snprintf(b, n, "NotFoundError: The model `gpt-4o-%s` does not exist or you do not have access to it.",
			 v == 0 ? "mini-2024" : v == 1 ? "realtime" : "audio-preview");
		break;
	case 413:
		snprintf(b, n, "Request body too large: %.1f MB exceeds the 25 MB limit",
			 gen_rng_range(r, 25.1, 80));
		break;
	case 422:
		snprintf(b, n, "1 validation error for ChatCompletionRequest\ntemperature\n  Input should be "
			 "less than or equal to 2 [type=less_than_equal, input_value=%.1f, input_type=float]",
			 gen_rng_range(r, 2.1, 9));
		break;
	case 429:
		snprintf(b, n, "RateLimitError: Rate limit reached for requests. Limit: 500 / min. "
			 "Please try again in %ums.", 20 + gen_rng_below(r, 4000));
		break;
	case 500:
		if (gen_rng_below(r, 40) == 0)
			snprintf(b, n, "\x1b[31mTypeError\x1b[0m: 'NoneType' object is not subscriptable");
		else if (v == 0)
			snprintf(b, n, "KeyError('choices')");
		else if (v == 1)
			snprintf(b, n, "ValueError: malformed tool_call arguments: '{\"city\": \"Par'");
		else if (v == 2)
			snprintf(b, n, "RuntimeError: Event loop is closed");
		else
			snprintf(b, n, "Traceback (most recent call last):\n  File \"/srv/app/core/llm_client.py\", "
				 "line 218, in stream\n    async for chunk in resp.aiter_lines():\n"
				 "httpx.RemoteProtocolError: peer closed connection without sending complete message body");
		break;
	case 502:
		snprintf(b, n, "APIConnectionError: Connection error. [Errno 104] Connection reset by peer");
		break;
	case 503:
		snprintf(b, n, v < 2 ? "ServiceUnavailableError: Le mod\xc3\xa8le est surcharg\xc3\xa9 "
				       "\xe2\x80\x94 r\xc3\xa9" "essayez plus tard"
				     : "ServiceUnavailableError: upstream overloaded \xf0\x9f\x94\xa5 (retry-after: 2)");
		break;
	default:
		snprintf(b, n, v < 2 ? "upstream timeout after 30.0s"
				     : "httpx.ReadTimeout: The read operation timed out");
		break;
	}
	return b;
}

static int pick_status(struct sim *s)
{
	double tot = 0;
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		tot += statuses[i].w;
	double u = gen_rng_unit(&s->record) * tot;
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
		if (u < statuses[i].w)
			return statuses[i].code;
		u -= statuses[i].w;
	}
	return 500;
}

static bool profiled(struct sim *s, uint64_t n)
{
	const struct gen_cfg *c = s->c;
	bool keep = c->sampling >= 1.0 || gen_rng_unit(&s->sample) < c->sampling;
	if (c->gap_len && n >= c->gap_from && n < c->gap_from + c->gap_len)
		return false;
	return keep;
}

int gen_sim_run(const struct gen_cfg *c, gen_emit_fn emit, void *ctx,
		struct gen_result *res)
{
	struct sim *s = malloc(sizeof *s);
	if (!s)
		return -1;
	int rc = sim_init(s, c, res);
	double t = c->start_ts;
	struct gen_rec rec;
	int top = c->top < 1 ? 1 : c->top > GEN_MAX_TOP ? GEN_MAX_TOP : c->top;
	uint64_t last = c->upto && c->upto < c->requests ? c->upto : c->requests;
	for (uint64_t n = 1; rc == 0 && n <= last; n++) {
		int i = pick_ep(s);
		const struct gen_ep_cfg *e = &c->ep[i];
		struct gen_ep_stats *st = &res->ep[i];
		bool is_err = gen_rng_unit(&s->traffic) < e->err_rate;
		st->requests++;
		st->errors += is_err;
		release_held(s, s->spike, &s->nspike, n);
		behave(s, i, is_err, n, st);
		in_flight(s, n);

		int64_t cur = s->h.total;
		double work = e->work_kb * 1024 * gen_rng_lognormal(&s->noise, 1.0, 0.5);
		if (cur + (int64_t)work > s->h.peak)
			s->h.peak = cur + (int64_t)work;
		if (n == 1)
			res->first_cur = cur;
		res->last_cur = cur;

		t += gen_rng_exp(&s->traffic, 1.0 / c->rate);
		int status = 200;
		double lat = gen_rng_lognormal(&s->record, e->latency, 0.45);
		const char *err = NULL;
		if (is_err) {
			status = pick_status(s);
			err = error_text(s, status);
			lat = status == 504 ? 30.0 + gen_rng_exp(&s->record, 0.02)
			      : status < 500 ? lat * 0.15 : lat;
		} else if (gen_rng_below(&s->record, 50) == 0) {
			status = e->method[0] == 'P' && e->method[1] == 'O' ? 201 : 204;
		}
		if (!profiled(s, n))
			continue;

		struct ep_state *es = &s->ep[i];
		rec.tracking = !(c->untracked_len && n >= c->untracked_from &&
				 n < c->untracked_from + c->untracked_len);
		if (!rec.tracking)
			cur = 0;    /* what the profiler writes while tracemalloc is stopped */
		bool grew = es->have_detailed &&
			    (double)cur > (double)es->last_detailed * (1.0 + c->grow_pct / 100.0);
		rec.n = n;
		rec.seq = es->seq++;
		rec.ep = i;
		rec.ts = t;
		rec.status = status;
		rec.latency = lat;
		rec.err = err;
		rec.cur = cur;
		rec.peak = s->h.peak;
		rec.detailed = n == 1 || is_err || (c->period > 0 && n % (uint64_t)c->period == 0) || grew;
		rec.ntop = 0;
		rec.heap = &s->h;
		rec.snap_err = NULL;
		if (!rec.tracking) {
			rec.peak = 0;
			if (rec.detailed)
				rec.snap_err = "the tracemalloc module must be tracing memory "
					       "allocations to take a snapshot";
		} else if (rec.detailed && c->snap_err > 0 &&
			   gen_rng_unit(&s->sample) < c->snap_err) {
			rec.snap_err = "RuntimeError: dictionary changed size during iteration";
		}
		if (rec.detailed && !rec.snap_err) {
			rec.ntop = gen_heap_top(&s->h, top, rec.top);
		}
		if (rec.detailed) {
			es->have_detailed = true;
			es->last_detailed = cur;
		}
		st->records++;
		res->emitted++;
		if (emit)
			rc = emit(ctx, &rec);
	}
	res->peak = s->h.peak;
	for (int i = 0; i < c->nep; i++) {
		uint32_t id = s->ep[i].site;
		res->ep[i].site_bytes = id == UINT32_MAX ? 0 : s->h.site[id].bytes;
	}
	sim_free(s);
	free(s);
	return rc;
}
