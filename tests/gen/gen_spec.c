/* gen_spec.c - endpoint specs ("/chat/completions:leak:4kb:weight=3"),
 * their defaults, and the profiler's file-name rule. */
#include "gen.h"

#include <ctype.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

static const char *const beh_names[GEN_NBEH] = {
	"stable", "leak", "errleak", "warmup", "cache", "sawtooth", "errspike", "late",
};

const char *gen_beh_name(enum gen_beh b)
{
	return (unsigned)b < GEN_NBEH ? beh_names[b] : "?";
}

int gen_beh_parse(const char *s, enum gen_beh *out)
{
	for (int i = 0; i < GEN_NBEH; i++)
		if (strcmp(s, beh_names[i]) == 0) {
			*out = (enum gen_beh)i;
			return 0;
		}
	return -1;
}

void gen_cfg_defaults(struct gen_cfg *c)
{
	memset(c, 0, sizeof *c);
	c->seed = 1;
	c->requests = 3000;
	c->heap_mb = 180;
	c->noise_mb = 0.5;
	c->top = 5;
	c->period = 15;
	c->grow_pct = 2.0;
	c->rotate = 10000;
	c->sampling = 1.0;
	c->bg_sites = 300;
	c->pool_sites = 0;
	c->bursts = 0;
	c->burst_mb = 2.0;
	c->start_ts = 1790000000.0;
	c->rate = 12.0;
}

void gen_sanitize(const char *name, char *out, size_t n)
{
	size_t len = strlen(name), a = 0, o = 0;
	while (a < len && name[a] == '/')
		a++;
	while (len > a && name[len - 1] == '/')
		len--;
	for (size_t i = a; i < len && o + 1 < n; i++) {
		unsigned char ch = (unsigned char)name[i];
		if (ch == '/' || ch == '_')
			out[o++] = '_';
		else if (isalnum(ch))
			out[o++] = (char)tolower(ch);
	}
	out[o] = '\0';
	if (o == 0)
		snprintf(out, n, "unknown_endpoint");
}

double gen_parse_kb(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || v < 0)
		return -1;
	if (*end == '\0' || strcasecmp(end, "kb") == 0 || strcasecmp(end, "k") == 0)
		return v;
	if (strcasecmp(end, "b") == 0)
		return v / 1024.0;
	if (strcasecmp(end, "mb") == 0 || strcasecmp(end, "m") == 0)
		return v * 1024.0;
	return -1;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static bool all_digits_dot(const char *s)
{
	return *s && strspn(s, "0123456789.") == strlen(s);
}

static void ep_blank(struct gen_ep_cfg *e)
{
	memset(e, 0, sizeof *e);
	e->beh = GEN_STABLE;
	e->size_kb = e->weight = e->err_rate = e->latency = e->work_kb = -1;
	e->onset = e->cap_mb = e->gc_every = e->spike_mb = -1;
	e->hold = -1;
}

static int set_key(struct gen_ep_cfg *e, const char *key, const char *val,
		   char *err, size_t errn)
{
	char *end = NULL;
	double v = strtod(val, &end);
	bool num = end != val && *end == '\0';
	if (strcmp(key, "site") == 0) {
		snprintf(e->site, sizeof e->site, "%s", val);
		return 0;
	}
	if (strcmp(key, "method") == 0) {
		snprintf(e->method, sizeof e->method, "%s", val);
		return 0;
	}
	if (strcmp(key, "size") == 0 || strcmp(key, "work") == 0 ||
	    strcmp(key, "cap") == 0 || strcmp(key, "spike") == 0) {
		double kb = gen_parse_kb(val);
		/* cap= and spike= are memory amounts: a bare number means MB. */
		bool mb = (!strcmp(key, "cap") || !strcmp(key, "spike")) && all_digits_dot(val);
		if (mb)
			kb *= 1024;
		if (kb < 0) {
			snprintf(err, errn, "bad size '%s' for %s", val, key);
			return -1;
		}
		if (key[0] == 's' && key[1] == 'i')
			e->size_kb = kb;
		else if (key[0] == 'w')
			e->work_kb = kb;
		else if (key[0] == 'c')
			e->cap_mb = kb / 1024.0;
		else
			e->spike_mb = kb / 1024.0;
		return 0;
	}
	if (!num || v < 0) {
		snprintf(err, errn, "bad number '%s' for %s", val, key);
		return -1;
	}
	if (strcmp(key, "weight") == 0 || strcmp(key, "w") == 0)
		e->weight = v;
	else if (strcmp(key, "err") == 0 && v <= 1)
		e->err_rate = v;
	else if (strcmp(key, "latency") == 0)
		e->latency = v;
	else if (strcmp(key, "onset") == 0)
		e->onset = v;
	else if (strcmp(key, "gc") == 0 && v >= 1)
		e->gc_every = v;
	else if (strcmp(key, "hold") == 0)
		e->hold = (int)v;
	else {
		snprintf(err, errn, "unknown or out-of-range key '%s=%s'", key, val);
		return -1;
	}
	return 0;
}

int gen_spec_parse(const char *spec, struct gen_ep_cfg *e, char *err, size_t errn)
{
	char tok[24][GEN_SITE_MAX];
	int nt = 0;
	const char *p = spec;
	ep_blank(e);
	/* Split on ':'; a bare number right after "site=..." is that site's
	 * line number ("site=/srv/app/chat.py:412"). */
	while (nt < 24) {
		const char *c = strchr(p, ':');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		char piece[GEN_SITE_MAX];
		if (n >= sizeof piece) {
			snprintf(err, errn, "spec field too long");
			return -1;
		}
		memcpy(piece, p, n);
		piece[n] = '\0';
		if (nt > 1 && all_digits(piece) && strncmp(tok[nt - 1], "site=", 5) == 0 &&
		    !strchr(tok[nt - 1] + 5, ':')) {
			size_t l = strlen(tok[nt - 1]);
			snprintf(tok[nt - 1] + l, sizeof tok[0] - l, ":%s", piece);
		} else {
			memcpy(tok[nt++], piece, n + 1);
		}
		if (!c)
			break;
		p = c + 1;
	}
	if (nt == 0 || tok[0][0] == '\0' || strlen(tok[0]) >= GEN_NAME_MAX ||
	    strpbrk(tok[0], " \t\n")) {
		snprintf(err, errn, "'%s': endpoint name missing, too long or has spaces", spec);
		return -1;
	}
	memcpy(e->name, tok[0], strlen(tok[0]) + 1);   /* length checked above */
	for (int i = 1; i < nt; i++) {
		char *eq = strchr(tok[i], '=');
		enum gen_beh b;
		if (eq) {
			*eq = '\0';
			if (set_key(e, tok[i], eq + 1, err, errn) < 0)
				return -1;
		} else if (gen_beh_parse(tok[i], &b) == 0) {
			e->beh = b;
		} else if (gen_parse_kb(tok[i]) >= 0) {
			e->size_kb = gen_parse_kb(tok[i]);
		} else {
			snprintf(err, errn, "'%s': unknown field '%s'", spec, tok[i]);
			return -1;
		}
	}
	return 0;
}

/* First meaningful path component: "/v1/chat/completions" -> "chat". */
static void short_name(const char *name, char *out, size_t n)
{
	char s[GEN_NAME_MAX];
	gen_sanitize(name, s, sizeof s);
	char *p = s;
	if (p[0] == 'v' && isdigit((unsigned char)p[1]) && strchr(p, '_'))
		p = strchr(p, '_') + 1;
	char *u = strchr(p, '_');
	if (u && u != p)
		*u = '\0';
	snprintf(out, n, "%s", *p ? p : "handler");
}

static bool has(const char *name, const char *word)
{
	return strstr(name, word) != NULL;
}

void gen_spec_finish(struct gen_ep_cfg *e, struct gen_rng *r)
{
	const char *nm = e->name;
	char sn[GEN_NAME_MAX];
	short_name(nm, sn, sizeof sn);
	if (!e->method[0])
		snprintf(e->method, sizeof e->method, "%s",
			 has(nm, "health") || has(nm, "models") || has(nm, "status") ||
			 has(nm, "metrics") ? "GET" : "POST");
	if (e->weight < 0)
		e->weight = 1;
	if (e->latency <= 0)
		e->latency = has(nm, "health") ? 0.0018 : has(nm, "models") ? 0.012 :
			     has(nm, "embed") ? 0.14 : has(nm, "image") ? 6.5 :
			     has(nm, "audio") ? 2.4 : has(nm, "file") ? 0.42 :
			     has(nm, "chat") || has(nm, "complet") ? 0.95 : 0.11;
	if (e->work_kb < 0)
		e->work_kb = has(nm, "health") ? 6 : has(nm, "models") ? 40 :
			     has(nm, "image") ? 24000 : has(nm, "audio") ? 9000 :
			     has(nm, "file") ? 4200 : has(nm, "embed") ? 700 :
			     has(nm, "chat") ? 1100 : 320;
	if (e->err_rate < 0)
		e->err_rate = e->beh == GEN_ERRLEAK ? 0.08 : e->beh == GEN_ERRSPIKE ? 0.04 :
			      has(nm, "health") ? 0.001 : 0.01;
	if (e->size_kb < 0) {
		static const double def_kb[GEN_NBEH] = {0, 4, 64, 24, 16, 48, 0, 4};
		e->size_kb = def_kb[e->beh];
	}
	if (e->cap_mb < 0)
		e->cap_mb = e->beh == GEN_WARMUP ? 6 : 24;
	if (e->gc_every < 0)
		e->gc_every = 150;
	if (e->spike_mb < 0)
		e->spike_mb = 30;
	if (e->hold < 0)
		e->hold = 2;
	if (e->onset < 0)
		e->onset = 0.5;
	if (!e->site[0] && e->beh != GEN_STABLE) {
		static const char *const fmt[GEN_NBEH] = {
			"", "/srv/app/routers/%s.py:%u", "/srv/app/routers/%s.py:%u",
			"/srv/app/services/%s_cache.py:%u", "/srv/app/services/%s_cache.py:%u",
			"/srv/app/services/%s_pipeline.py:%u", "/srv/app/routers/%s.py:%u",
			"/srv/app/services/%s_history.py:%u",
		};
		unsigned line = 40 + gen_rng_below(r, 860);
		snprintf(e->site, sizeof e->site, fmt[e->beh], sn, line);
	}
}
