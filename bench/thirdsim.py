#!/usr/bin/env python3
"""thirdsim.py: a third simulator of tracemalloc endpoint-profiler captures.

Written apart from lsgen (tests/gen) and bench/othersim.py, with its own
model of a Python web service, to find where leakscope's verdicts go wrong
on captures neither of them makes.  What the model has that they do not:

  * an event-driven server: Poisson arrivals whose rate and endpoint mix
    follow the time of day, lognormal latencies, requests that overlap; a
    reading is taken when a request completes and includes every other
    in-flight request's transient memory; the request id is the process
    counter taken when the request ARRIVES (so ids are not in completion
    order and a file is not sorted by id);
  * health probes (/health, twice every 10 s) and a Prometheus scrape
    (/metrics every 15 s) at fixed periods, as in a Kubernetes pod;
  * the litellm endpoint profiler's actual behaviour (read from its source:
    endpoint_profiler/decorator.py, capture.py, utils.py): request_id is
    increment_counter() BEFORE the handler runs, memory is read in the
    `finally` after it (timestamp = end time); sampling is deterministic,
    counter % int(1/rate) == 0; a detailed capture runs force_gc() first;
    THIRDSIM_IDS=completion takes the id at completion instead (control);
  * the profiler's own rules: detailed snapshot at the first request, every
    error, every P-th request id, and when the endpoint's memory rose more
    than 2 % since its last detailed record; top K of ALL the process's
    sites (import-time sites, warm-up caches, in-flight buffers, leaks), so a
    leak site is only listed once it outgrows the K-th biggest; per-file
    flush every 100 records or 60 s, rotation to the last M records,
    sampling (every N-th id, or random, with or without gaps in the ids);
  * per-endpoint warm-ups (compiled-query caches, validators), linecache
    filling at the first errors of each source file, cyclic garbage of
    gen0 collected often;
  * scenario components: lognormal/drifting/fractional leaks, late onset,
    LRU caches (filled or not), cyclic garbage that only the profiler's own
    gc.collect() at detailed records frees, bounded error deque,
    error-path leaks in outage bursts, a leak at a shared library line
    (json decoder) that also holds in-flight bodies, lazy imports, TTL
    caches during a traffic ramp, time-driven creep spread over hundreds
    of small sites none of which is ever listed, several worker processes
    writing the same files, files read mid-run (unflushed tails lost).

Usage:
  thirdsim.py gen SCENARIO SEED OUTDIR    write one capture; truth in OUTDIR.truth.json
  thirdsim.py list                        list scenarios
The sweep (running leakscope and scoring) is thirdsim_bench.py next to this file.
"""
import bisect
import collections
import heapq
import json
import math
import os
import random
import re
import sys
import zlib

# ----------------------------------------------------------------------------
# names

STATIC_NAMES = [
    "<frozen importlib._bootstrap_external>:757",
    "<frozen importlib._bootstrap>:488",
    "/usr/lib/python3.12/typing.py:1395",
    "/usr/lib/python3.12/abc.py:106",
    "/usr/lib/python3.12/dataclasses.py:473",
    "/usr/lib/python3.12/enum.py:596",
    "/usr/lib/python3.12/functools.py:58",
    "/usr/lib/python3.12/collections/__init__.py:481",
    "/usr/lib/python3.12/inspect.py:3089",
    "/usr/lib/python3.12/ssl.py:505",
    "/srv/app/.venv/lib/python3.12/site-packages/pydantic/_internal/_model_construction.py:224",
    "/srv/app/.venv/lib/python3.12/site-packages/pydantic_core/core_schema.py:4012",
    "/srv/app/.venv/lib/python3.12/site-packages/sqlalchemy/sql/schema.py:1567",
    "/srv/app/.venv/lib/python3.12/site-packages/sqlalchemy/orm/mapper.py:2104",
    "/srv/app/.venv/lib/python3.12/site-packages/starlette/routing.py:218",
    "/srv/app/.venv/lib/python3.12/site-packages/fastapi/routing.py:502",
    "/srv/app/.venv/lib/python3.12/site-packages/httpx/_config.py:51",
    "/srv/app/.venv/lib/python3.12/site-packages/certifi/core.py:72",
    "/srv/app/.venv/lib/python3.12/site-packages/tiktoken/load.py:117",
    "/srv/app/.venv/lib/python3.12/site-packages/yaml/constructor.py:411",
    "/srv/app/.venv/lib/python3.12/site-packages/botocore/loaders.py:174",
    "/srv/app/.venv/lib/python3.12/site-packages/google/protobuf/descriptor.py:1032",
    "/srv/app/.venv/lib/python3.12/site-packages/numpy/core/overrides.py:170",
    "/srv/app/.venv/lib/python3.12/site-packages/jinja2/environment.py:1233",
    "/srv/app/config/settings.py:88",
    "/srv/app/models/registry.py:41",
    "/srv/app/routers/__init__.py:17",
    "/usr/lib/python3.12/re/_compiler.py:759",
    "/usr/lib/python3.12/json/decoder.py:353",
    "/usr/lib/python3.12/logging/__init__.py:1192",
]
WARM_SITES = [
    "/srv/app/.venv/lib/python3.12/site-packages/sqlalchemy/sql/compiler.py:872",
    "/srv/app/.venv/lib/python3.12/site-packages/pydantic/main.py:1170",
    "/usr/lib/python3.12/re/_compiler.py:759",
    "/srv/app/.venv/lib/python3.12/site-packages/jinja2/environment.py:1233",
]
TRANS_SITES = [
    "/usr/lib/python3.12/json/decoder.py:353",
    "/srv/app/.venv/lib/python3.12/site-packages/starlette/requests.py:240",
    "/srv/app/.venv/lib/python3.12/site-packages/httpx/_models.py:571",
    "/usr/lib/python3.12/asyncio/streams.py:711",
]
LINECACHE = "/usr/lib/python3.12/linecache.py:139"
PROFBUF = "/srv/app/profiling/endpoint_profiler.py:187"
GARBAGE0 = "/usr/lib/python3.12/asyncio/events.py:84"

APP_EPS = [
    ("/api/v1/chat/completions", "POST"), ("/api/v1/embeddings", "POST"), ("/api/v1/models", "GET"),
    ("/api/v1/users/{user_id}", "GET"), ("/api/v1/search", "GET"), ("/api/v1/orders", "POST"),
    ("/api/v1/orders/{order_id}", "GET"), ("/api/v1/upload", "POST"), ("/api/v1/report", "GET"),
    ("/api/v1/auth/token", "POST"), ("/api/v1/items", "GET"), ("/api/v1/items/{item_id}", "PUT"),
    ("/api/v1/cart", "POST"), ("/api/v1/recommendations", "GET"), ("/api/v1/export", "GET"),
    ("/api/v1/webhooks/stripe", "POST"), ("/api/v1/notifications", "GET"), ("/api/v1/feed", "GET"),
    ("/api/v1/images/resize", "POST"), ("/api/v1/translate", "POST"), ("/api/v1/geo/lookup", "GET"),
    ("/api/v1/sessions", "DELETE"),
]
ERRMSG = ["upstream timeout", "Connection reset by peer", "KeyError: 'user_id'",
          "ValidationError: 1 validation error for Request", "database is locked",
          "httpx.ReadTimeout", "429 Too Many Requests from upstream"]


def sanitize(name):
    s = name.lower().strip("/").replace("/", "_")
    s = re.sub(r"[^a-z0-9_]", "", s)
    return s or "unknown_endpoint"


def loguniform(R, a, b):
    return math.exp(R.uniform(math.log(a), math.log(b)))


def lognorm_mean1(R, sigma):
    """A lognormal variate with mean 1."""
    return math.exp(R.gauss(0, sigma) - sigma * sigma / 2)


# ----------------------------------------------------------------------------
# the service

class Endpoint:
    pass


class Config:
    """Everything one capture needs; built by a scenario from a seed."""
    def __init__(self, R):
        self.R = R
        self.n = int(loguniform(R, 3000, 20000))
        self.rate = loguniform(R, 5, 80)          # mixed traffic, requests/s
        self.diurnal = R.uniform(0, 0.5)          # amplitude of the rate's daily swing
        self.day0 = R.uniform(0, 86400)           # time of day the capture starts
        self.n_app = R.randint(4, 8)
        self.zipf_s = R.uniform(0.8, 1.3)
        self.probes = True
        self.topk = R.choice([10, 10, 10, 5])
        self.period = R.choice([25, 25, 15])
        self.static_mb = loguniform(R, 40, 400)
        self.gauss = loguniform(R, 0.002, 0.02)
        self.g0_kb = loguniform(R, 2, 30)          # gen0 cyclic garbage per request
        self.g0_p = R.uniform(1 / 30, 1 / 3)       # chance a collection runs after a request
        self.lat_scale = 1.0
        self.trans_scale = 1.0
        self.upload_ep = R.random() < 0.5          # one endpoint with big bodies
        self.sampling = None                       # ("every", N) | ("random", r, gaps:bool)
        self.keep = 10000                          # rotation: the profiler's default
        self.live = False                          # unflushed tails lost
        self.workers = 1
        self.leaks = []
        self.lru = None
        self.gen2 = None
        self.errdeque = None
        self.lazy = None
        self.ttl = None
        self.creep = None
        self.reload = None
        self.shared_leak_site = None
        self.ramp = None                           # (from, to) rate multiplier over the capture
        self.err_bursts = None                     # (ep, [(t0, t1, rate)])
        self.truth_extra = {}
        self.ids_at = os.environ.get("THIRDSIM_IDS", "arrival")   # the profiler: counter at arrival
        self.fullsnap = False                      # every record: gc + top consumers
        self.cyc = None

    def build_endpoints(self):
        R = self.R
        eps = []
        picks = R.sample(APP_EPS, self.n_app)
        ranks = list(range(1, self.n_app + 1))
        R.shuffle(ranks)
        for (name, method), rank in zip(picks, ranks):
            e = Endpoint()
            e.name, e.method, e.probe = name, method, None
            e.weight = 1.0 / rank ** self.zipf_s
            e.lat_med = loguniform(R, 0.004, 0.4) * self.lat_scale
            e.lat_sig = R.uniform(0.4, 1.0)
            e.err = loguniform(R, 0.001, 0.03)
            e.trans_med = loguniform(R, 0.005, 0.4) * self.trans_scale
            e.trans_sig = R.uniform(0.5, 1.2)
            e.trans_site = R.choice(TRANS_SITES)
            e.wu_mb = loguniform(R, 0.05, 3)
            e.wu_tau = loguniform(R, 5, 200)
            e.wu_site = R.choice(WARM_SITES)
            e.mix_a = R.uniform(0, 0.5)
            e.mix_phi = R.uniform(0, 2 * math.pi)
            e.src_files = ["/srv/app/routers/%s.py" % sanitize(name).split("_")[-1],
                           "/srv/app/services/%s.py" % R.choice(["db", "upstream", "auth", "cache"])]
            eps.append(e)
        if self.upload_ep:
            e = R.choice(eps)
            e.trans_med = loguniform(R, 1, 8) * self.trans_scale
            e.trans_site = TRANS_SITES[1]
        if self.probes:
            for name, period, streams in (("/health", 10.0, 2), ("/metrics", 15.0, 1)):
                e = Endpoint()
                e.name, e.method, e.probe = name, "GET", (period, streams)
                e.weight = 0
                e.lat_med = 0.0015 if name == "/health" else 0.02
                e.lat_sig = 0.3
                e.err = 0.0002
                e.trans_med = 0.001 if name == "/health" else 0.3
                e.trans_sig = 0.2
                e.trans_site = TRANS_SITES[3]
                e.wu_mb, e.wu_tau, e.wu_site = 0.02, 3, WARM_SITES[2]
                e.mix_a, e.mix_phi = 0, 0
                e.src_files = ["/srv/app/routers/health.py"]
                eps.append(e)
        self.eps = eps
        return eps

    def static_sites(self):
        R = self.R
        sizes = sorted((loguniform(R, 0.3, 30) for _ in STATIC_NAMES[1:]), reverse=True)
        tot = sum(sizes)
        first = self.static_mb * R.uniform(0.3, 0.45)
        scale = (self.static_mb - first) / tot
        d = {STATIC_NAMES[0]: first}
        names = STATIC_NAMES[1:]
        R.shuffle(names)
        for nm, s in zip(names, sizes):
            d[nm] = d.get(nm, 0) + s * scale
        return d

    def app_eps(self):
        if not hasattr(self, "eps"):
            self.build_endpoints()
        return [i for i, e in enumerate(self.eps) if e.probe is None]

    def ep_index(self, name):
        for i, e in enumerate(self.eps):
            if e.name == name:
                return i
        raise KeyError(name)


# ----------------------------------------------------------------------------
# scenarios: each takes (Config) and sets it up; truth labels go in cfg.leaks

def leak_spec(cfg, ep, kb, kind="const", **kw):
    R = cfg.R
    site = kw.pop("site", None) or R.choice([
        "/srv/app/services/session_store.py:58", "/srv/app/routers/handlers.py:212",
        "/srv/app/middleware/audit.py:73", "/srv/app/services/upstream.py:144",
        "/srv/app/models/cache.py:31"])
    d = dict(ep=ep, kb=kb, kind=kind, site=site, on="success", sigma=0.0, frac=1.0,
             onset=0.0, drift=None)
    d.update(kw)
    cfg.leaks.append(d)
    return d


def pick_leaker(cfg, min_share=0.03):
    """An application endpoint to leak, any rank; not one so rare it has
    almost no requests."""
    R = cfg.R
    app = cfg.app_eps()
    w = sum(cfg.eps[i].weight for i in app)
    ok = [i for i in app if cfg.eps[i].weight / w >= min_share] or app
    return R.choice(ok)


def sc_none(cfg):
    pass


def sc_lognormal(cfg):
    R = cfg.R
    e = pick_leaker(cfg)
    leak_spec(cfg, e, R.choice([2, 5, 10, 20]), "lognormal", sigma=R.uniform(1.0, 1.8))


def sc_drift(cfg):
    R = cfg.R
    e = pick_leaker(cfg)
    shape = R.choice(["up", "down", "wave"])
    leak_spec(cfg, e, R.choice([2, 5, 10, 20]), "lognormal", sigma=0.6, drift=shape)
    cfg.truth_extra["drift"] = shape


def sc_fraction(cfg):
    R = cfg.R
    e = pick_leaker(cfg)
    frac = R.choice([0.2, 0.05])
    per_hit = R.choice([20, 50, 100, 200]) if frac == 0.2 else R.choice([50, 100, 200, 400])
    leak_spec(cfg, e, per_hit, "lognormal", sigma=0.5, frac=frac)
    cfg.truth_extra["frac"] = frac


def sc_lru_full(cfg):
    R = cfg.R
    e = pick_leaker(cfg, 0.08)
    cfg.lru = dict(ep=e, entry_kb=loguniform(R, 2, 20), fill_at=R.uniform(0.25, 0.6),
                   space_mult=R.uniform(3, 20), site="/srv/app/services/pricing.py:88", cap=None)
    cfg.truth_extra["lru_fill_at"] = cfg.lru["fill_at"]


def sc_lru_unfilled(cfg):
    R = cfg.R
    e = pick_leaker(cfg, 0.08)
    cfg.lru = dict(ep=e, entry_kb=loguniform(R, 2, 20), fill_at=None, space_ratio=loguniform(R, 0.3, 3),
                   site="/srv/app/services/pricing.py:88", cap=None)
    cfg.truth_extra["lru_space_ratio"] = cfg.lru["space_ratio"]
    cfg.truth_extra["ambiguous_ep"] = e


def sc_concurrency(cfg):
    R = cfg.R
    cfg.rate = loguniform(R, 40, 250)
    cfg.lat_scale = loguniform(R, 5, 30)        # upstream calls: seconds
    cfg.trans_scale = loguniform(R, 1, 4)
    cfg.n = int(loguniform(R, 5000, 30000))
    if R.random() < 0.6:
        e = pick_leaker(cfg)
        leak_spec(cfg, e, R.choice([2, 5, 10, 30]), "lognormal", sigma=0.8)


def sc_late(cfg):
    R = cfg.R
    e = pick_leaker(cfg)
    at = R.uniform(0.4, 0.8)
    leak_spec(cfg, e, R.choice([2, 5, 10, 30]), "const", onset=at)
    cfg.reload = dict(at=at, mb=R.uniform(0.5, 5), free_after=R.uniform(0.02, 0.1))
    cfg.truth_extra["onset"] = at


def sc_long_small(cfg):
    R = cfg.R
    cfg.n = int(loguniform(R, 50000, 200000))
    cfg.rate = loguniform(R, 10, 120)
    e = pick_leaker(cfg, 0.05)
    leak_spec(cfg, e, R.choice([0.5, 1.0, 2.0]), "lognormal", sigma=0.8)
    cfg.keep = R.choice([10000, None])   # the profiler's default, or raised
    cfg.truth_extra["keep"] = cfg.keep


def sc_short(cfg):
    R = cfg.R
    cfg.n = R.randint(300, 800)
    e = pick_leaker(cfg, 0.1)
    leak_spec(cfg, e, R.choice([2, 5, 10, 30]), "lognormal", sigma=0.8)


def sc_zipf_many(cfg):
    R = cfg.R
    cfg.n_app = R.randint(10, 20)
    cfg.zipf_s = R.uniform(1.0, 1.4)
    cfg.n = int(loguniform(R, 10000, 40000))
    app = cfg.app_eps()
    k = R.choice([1, 2])
    for e in R.sample(app, k):
        leak_spec(cfg, e, R.choice([2, 5, 10, 20]), "lognormal", sigma=0.8)


def sc_sampled(cfg):
    R = cfg.R
    cfg.n = int(loguniform(R, 8000, 40000))
    e = pick_leaker(cfg)
    leak_spec(cfg, e, R.choice([2, 5, 10, 20]), "lognormal", sigma=0.8)
    # the profiler samples deterministically: counter % int(1/rate) == 0
    # (utils.should_sample_request); a third of the seeds use Bernoulli
    # sampling instead (another profiler, or othersim's DROP), for contrast
    mode = R.choice(["every", "every", "random"])
    if mode == "every":
        cfg.sampling = ("every", R.choice([2, 5, 10]))
    else:
        cfg.sampling = ("random", R.choice([0.5, 0.2, 0.1]), True)
    cfg.keep = R.choice([10000, R.choice([500, 1000, 2000, 3000])])
    cfg.truth_extra.update(sampling=cfg.sampling, keep=cfg.keep)


def sc_creep(cfg):
    R = cfg.R
    cfg.rate = loguniform(R, 1, 8)
    cfg.n = int(loguniform(R, 10000, 40000))
    cfg.diurnal = R.uniform(0.3, 0.7)
    cfg.creep = dict(mb=loguniform(R, 3, 30), sites=R.randint(150, 300), by=R.choice(["time", "time", "request"]))
    cfg.truth_extra["creep"] = cfg.creep


def sc_cycgarbage(cfg):
    R = cfg.R
    e = pick_leaker(cfg, 0.08)
    cfg.cyc = dict(ep=e, kb=loguniform(R, 50, 500))


def sc_fullsnap(cfg):
    R = cfg.R
    cfg.fullsnap = True
    if R.random() < 0.6:
        e = pick_leaker(cfg)
        leak_spec(cfg, e, R.choice([2, 5, 10, 20]), "lognormal", sigma=0.8)


def sc_shared_site(cfg):
    R = cfg.R
    e = pick_leaker(cfg)
    for x in cfg.eps:
        if x.probe is None and R.random() < 0.7:
            x.trans_site = TRANS_SITES[0]
    cfg.eps[e].trans_site = TRANS_SITES[0]
    leak_spec(cfg, e, R.choice([2, 5, 10, 20]), "lognormal", sigma=0.8, site=TRANS_SITES[0])


def sc_errdeque(cfg):
    R = cfg.R
    e = pick_leaker(cfg, 0.05)
    cfg.eps[e].err = R.uniform(0.03, 0.1)
    cfg.errdeque = dict(kb=loguniform(R, 50, 500), fill_at=R.uniform(0.2, 0.6),
                        site="/srv/app/middleware/error_log.py:44")


def sc_errburst(cfg):
    R = cfg.R
    e = pick_leaker(cfg, 0.05)
    cfg.eps[e].err = 0.003
    bursts = []
    for _ in range(R.randint(2, 5)):
        t0 = R.uniform(0.05, 0.95)
        bursts.append((t0, t0 + R.uniform(0.01, 0.04), R.uniform(0.2, 0.6)))
    cfg.err_bursts = (e, bursts)
    leak_spec(cfg, e, R.choice([100, 300, 1000]), "lognormal", sigma=1.2, on="error",
              site="/srv/app/services/upstream.py:201")


def sc_lazy(cfg):
    R = cfg.R
    # a rare endpoint whose first call imports a big library mid-capture
    app = cfg.app_eps()
    e = min(app, key=lambda i: cfg.eps[i].weight)
    cfg.lazy = dict(ep=e, mb=loguniform(R, 10, 60), delay=R.uniform(0.2, 0.7))


def sc_ttl(cfg):
    R = cfg.R
    e = pick_leaker(cfg, 0.08)
    ttl = R.choice([300, 600, 1200])
    cfg.rate = loguniform(R, 3, 15)
    dur = ttl * R.uniform(3, 8)
    cfg.n = int(cfg.rate * dur * 2)             # the ramp doubles the rate on average
    cfg.ramp = R.choice([(1, 3), (3, 1)])
    cfg.ttl = dict(ep=e, kb=loguniform(R, 2, 20), ttl=ttl, site="/srv/app/services/ratelimit.py:52")
    cfg.truth_extra["ramp"] = cfg.ramp


def sc_multiworker(cfg):
    R = cfg.R
    cfg.workers = R.randint(2, 4)
    cfg.n = int(loguniform(R, 6000, 30000))
    if R.random() < 0.5:
        e = pick_leaker(cfg)
        leak_spec(cfg, e, R.choice([5, 10, 20]), "lognormal", sigma=0.8)


def sc_liveread(cfg):
    R = cfg.R
    cfg.live = True
    if R.random() < 0.6:
        e = pick_leaker(cfg)
        leak_spec(cfg, e, R.choice([2, 5, 10, 20]), "lognormal", sigma=0.8)


def sc_mixleak(cfg):
    """A const leak, realistic baseline, for comparison with the others."""
    R = cfg.R
    e = pick_leaker(cfg)
    leak_spec(cfg, e, R.choice([2, 5, 10, 20]), "const")


SCENARIOS = {
    "none": (sc_none, "realistic service, no leak"),
    "constleak": (sc_mixleak, "constant-size leak 2-20 KB/req (control)"),
    "lognormal": (sc_lognormal, "leak with lognormal sizes sigma 1.0-1.8, mean 2-20 KB"),
    "drift": (sc_drift, "leak whose mean drifts +-30% (up, down, wave)"),
    "fraction": (sc_fraction, "leak on 1 in 5 or 1 in 20 requests, 20-400 KB per hit"),
    "lru_full": (sc_lru_full, "LRU cache reaching its cap at 25-60% (no leak)"),
    "lru_unfilled": (sc_lru_unfilled, "unbounded-so-far LRU, uniform keys (ambiguous)"),
    "concurrency": (sc_concurrency, "40-250 rps, second-long upstream calls, ids at arrival"),
    "late": (sc_late, "leak starting after a config reload at 40-80%"),
    "long_small": (sc_long_small, "50k-200k requests, 0.5-2 KB/req, rotation 10k or none"),
    "short": (sc_short, "300-800 requests, 2-30 KB/req"),
    "zipf_many": (sc_zipf_many, "10-20 endpoints, Zipf, 1-2 leakers"),
    "sampled": (sc_sampled, "sampling every N / random, rotation 500-3000"),
    "creep": (sc_creep, "time-driven creep over 150-300 small unlisted sites (no leak)"),
    "cycgarbage": (sc_cycgarbage, "one endpoint's 50-500 KB/req cyclic garbage, freed only by the profiler's gc at detailed records (no leak)"),
    "fullsnap": (sc_fullsnap, "profiler default lightweight=False: gc + top consumers on every record"),
    "shared_site": (sc_shared_site, "leak at json/decoder.py:353 that also holds in-flight bodies"),
    "errdeque": (sc_errdeque, "bounded deque of error tracebacks fills mid-capture (no leak)"),
    "errburst": (sc_errburst, "error-path leak, lognormal sizes, errors in outage bursts"),
    "lazy": (sc_lazy, "rare endpoint's first call imports 10-60 MB mid-capture (no leak)"),
    "ttl": (sc_ttl, "TTL cache during a traffic ramp up/down (no leak)"),
    "multiworker": (sc_multiworker, "2-4 worker processes writing the same files"),
    "liveread": (sc_liveread, "files read mid-run: unflushed tails lost"),
}


def make_config(scenario, seed):
    R = random.Random(zlib.crc32(scenario.encode()) * 100003 + seed)
    cfg = Config(R)
    cfg.scenario, cfg.seed = scenario, seed
    SCENARIOS[scenario][0](cfg)
    cfg.app_eps()     # builds the endpoints if the scenario did not
    return cfg


# ----------------------------------------------------------------------------
# one worker process

def arrivals(cfg, R, n, rate):
    """[(time, ep index)] of n requests, probes included, in time order."""
    eps = cfg.eps
    app = cfg.app_eps()
    day = 86400.0
    out = []
    t = 0.0
    cum = None
    ramp = cfg.ramp
    dur_guess = n / rate / ((ramp[0] + ramp[1]) / 2 if cfg.ramp else 1)
    k = 0
    while len(out) < n:
        if k % 200 == 0:
            tod = cfg.day0 + t
            ws = [eps[i].weight * (1 + eps[i].mix_a * math.sin(2 * math.pi * tod / day + eps[i].mix_phi)) for i in app]
            cum = list(ws)
            for j in range(1, len(cum)):
                cum[j] += cum[j - 1]
            lam = rate * (1 + cfg.diurnal * math.sin(2 * math.pi * tod / day))
            if ramp:
                x = min(1.0, t / (dur_guess * 1.0))
                lam *= ramp[0] + (ramp[1] - ramp[0]) * x
            lam = max(lam, 0.05 * rate)
        k += 1
        t += R.expovariate(lam)
        j = bisect.bisect_right(cum, R.random() * cum[-1])
        out.append((t, app[min(j, len(app) - 1)]))
    tend = out[-1][0]
    for i, e in enumerate(eps):
        if e.probe:
            period, streams = e.probe
            for s in range(streams):
                tt = R.uniform(0, period)
                while tt < tend:
                    out.append((tt + R.gauss(0, 0.02), i))
                    tt += period
    out.sort()
    return out[:n]


def run_worker(cfg, wid, n, rate, stat):
    """Simulate one worker process. Returns per-endpoint lists of
    (completion_time, record) in completion order, plus truth stats."""
    R = random.Random(cfg.R.random())
    eps = cfg.eps
    E = len(eps)
    arr = arrivals(cfg, R, n, rate)
    t_end_guess = arr[-1][0]
    # per-request draws
    N = len(arr)
    lat = [0.0] * N
    err = [False] * N
    for i, (t, e) in enumerate(arr):
        ep = eps[e]
        er = ep.err
        if cfg.err_bursts and cfg.err_bursts[0] == e:
            x = t / t_end_guess
            for (a, b, r) in cfg.err_bursts[1]:
                if a <= x < b:
                    er = r
        err[i] = R.random() < er
        l = ep.lat_med * math.exp(R.gauss(0, ep.lat_sig))
        if err[i] and R.random() < 0.15:
            l = R.choice([5.0, 30.0, 60.0]) * R.uniform(0.98, 1.02)
        lat[i] = l
    # request ids: the process counter at arrival; sampling decided at arrival
    ids = [0] * N
    keep_rec = [True] * N
    ctr = 0
    smp = cfg.sampling
    order = range(N)
    if cfg.ids_at == "completion":     # control: as if the counter were taken at the end
        order = sorted(range(N), key=lambda i: arr[i][0] + lat[i])
    for i in order:
        if smp and smp[0] == "random":
            keep_rec[i] = R.random() < smp[1]
            if smp[2]:               # counter counts every request: gaps
                ctr += 1
            elif keep_rec[i]:        # counter counts recorded requests only
                ctr += 1
        else:
            ctr += 1
            if smp and smp[0] == "every":
                keep_rec[i] = ctr % smp[1] == 0
        ids[i] = ctr
    # events
    ev = []
    for i, (t, e) in enumerate(arr):
        ev.append((t, 1, i))
        ev.append((t + lat[i], 0, i))   # completions before arrivals at equal time
    ev.sort()
    trans_sz = [0.0] * N

    # state
    sites = dict(cfg.static)
    if wid > 0:  # another worker: same imports, a little different
        for k in sites:
            sites[k] *= R.uniform(0.97, 1.03)
    heap = [sum(sites.values())]

    def add(site, mb):
        sites[site] = sites.get(site, 0.0) + mb
        heap[0] += mb

    trans = collections.defaultdict(float)
    trans_tot = 0.0
    garbage0 = 0.0
    gen2g = 0.0
    k_ep = [0] * E
    err_files_seen = set()
    leaked = collections.defaultdict(float)   # truth: MB leaked per endpoint
    leak_first_kb = {}
    peak = 0.0
    last_detail = [None] * E
    recs = [[] for _ in range(E)]
    buf_n = [0] * E
    buf_mb = [0.0] * E
    last_flush = [0.0] * E
    flushed_upto = [0] * E                   # records flushed (for live reads)
    t0 = arr[0][0]
    dur = max(arr[-1][0] + 1e-9 - t0, 1.0)
    done = 0
    first_done = True
    # LRU
    lru = None
    if cfg.lru:
        L = cfg.lru
        share = eps[L["ep"]].weight / sum(eps[i].weight for i in cfg.app_eps())
        ne = max(50, share * n)
        if L.get("fill_at"):
            cap = max(20, int(ne * L["fill_at"]))
            space = int(cap * L["space_mult"])
        else:
            space = max(50, int(ne * L["space_ratio"]))
            cap = 10 ** 9
        lru = (collections.OrderedDict(), cap, space)
        stat["lru_cap"], stat["lru_space"] = cap, space
    # gen2
    g2thr = None
    if cfg.gen2:
        G = cfg.gen2
        share = eps[G["ep"]].weight / sum(eps[i].weight for i in cfg.app_eps())
        g2thr = share * n * G["kb"] / 1024 / G["cycles"]
        stat["gen2_threshold_mb"] = g2thr
    # error deque
    edq = None
    if cfg.errdeque:
        exp_err = sum(1 for x in err if x)
        edq = (collections.deque(), max(5, int(exp_err * cfg.errdeque["fill_at"])))
        stat["errdeque_len"] = edq[1]
    ttlq = collections.deque() if cfg.ttl else None
    lazy_done = False
    reload_done = reload_freed = False
    creep_w = None
    if cfg.creep:
        C = cfg.creep
        ws = [R.expovariate(1) for _ in range(C["sites"])]
        s = sum(ws)
        kth = sorted(cfg.static.values(), reverse=True)[cfg.topk - 1]
        # no creep site may reach the top K: clip the total if one would
        mx = max(ws) / s * C["mb"]
        if mx > 0.5 * kth:
            C["mb"] *= 0.5 * kth / mx
        creep_w = [(f"/srv/app/.venv/lib/python3.12/site-packages/{R.choice(['aiohttp','anyio','h11','idna','orjson','attrs','multidict','yarl'])}/m{j}.py:{R.randint(10, 900)}", w / s) for j, w in enumerate(ws)]
        stat["creep_mb"] = C["mb"]
    creep_now = 0.0
    cycg = 0.0
    for (t, kind, i) in ev:
        e = arr[i][1]
        ep = eps[e]
        if kind == 1:        # arrival: its transient is in flight
            sz = ep.trans_med * math.exp(R.gauss(0, ep.trans_sig))
            if cfg.leaks and cfg.leaks[0].get("drift") and cfg.leaks[0]["ep"] == e:
                sz *= drift_mult(cfg.leaks[0]["drift"], (t - t0) / dur)
            trans_sz[i] = sz
            trans[ep.trans_site] += sz
            trans_tot += sz
            continue
        # completion of request i
        trans[ep.trans_site] -= trans_sz[i]
        trans_tot -= trans_sz[i]
        done += 1
        k_ep[e] += 1
        x = (t - t0) / dur                   # time fraction
        xr = done / N                         # request fraction
        # warm-up
        k = k_ep[e]
        add(ep.wu_site, ep.wu_mb * (math.exp(-(k - 1) / ep.wu_tau) - math.exp(-k / ep.wu_tau)))
        # leaks
        for L in cfg.leaks:
            if L["ep"] != e:
                continue
            if (L["on"] == "error") != err[i]:
                continue
            if xr < L["onset"]:
                continue
            if L["frac"] < 1 and R.random() >= L["frac"]:
                continue
            if L["kind"] == "lognormal":
                kb = L["kb"] * lognorm_mean1(R, L["sigma"])
            else:
                kb = L["kb"] * R.gammavariate(20, 1 / 20)
            if L["drift"]:
                kb *= drift_mult(L["drift"], x)
            add(L["site"], kb / 1024)
            leaked[e] += kb / 1024
        # LRU
        if lru and e == cfg.lru["ep"]:
            od, cap, space = lru
            key = R.randrange(space)
            if key in od:
                od.move_to_end(key)
            else:
                kb = cfg.lru["entry_kb"] * math.exp(random.Random(key * 7919 + cfg.seed).gauss(0, 0.7) - 0.245)
                od[key] = kb
                add(cfg.lru["site"], kb / 1024)
                if len(od) > cap:
                    _, old = od.popitem(last=False)
                    add(cfg.lru["site"], -old / 1024)
                if len(od) == cap and "lru_full_at" not in stat:
                    stat["lru_full_at"] = xr
        # gen2 sawtooth
        if g2thr and e == cfg.gen2["ep"]:
            g = cfg.gen2["kb"] * lognorm_mean1(R, 0.5) / 1024
            add(cfg.gen2["site"], g)
            gen2g += g
            if gen2g > g2thr:
                add(cfg.gen2["site"], -gen2g)
                gen2g = 0.0
                stat["gen2_collections"] = stat.get("gen2_collections", 0) + 1
        # bounded error deque (every endpoint's errors)
        if edq and err[i]:
            dq, mx = edq
            kb = cfg.errdeque["kb"] * lognorm_mean1(R, 0.6)
            dq.append(kb)
            add(cfg.errdeque["site"], kb / 1024)
            if len(dq) > mx:
                add(cfg.errdeque["site"], -dq.popleft() / 1024)
                stat.setdefault("errdeque_full_at", xr)
        # TTL cache
        if ttlq is not None:
            while ttlq and ttlq[0][0] <= t:
                add(cfg.ttl["site"], -ttlq.popleft()[1])
            if e == cfg.ttl["ep"]:
                mb = cfg.ttl["kb"] * lognorm_mean1(R, 0.5) / 1024
                ttlq.append((t + cfg.ttl["ttl"], mb))
                add(cfg.ttl["site"], mb)
        # lazy import
        if cfg.lazy and e == cfg.lazy["ep"] and not lazy_done and xr >= cfg.lazy["delay"]:
            lazy_done = True
            tot = cfg.lazy["mb"]
            add(STATIC_NAMES[0], tot * 0.35)
            rest = tot * 0.65
            parts = [R.expovariate(1) for _ in range(8)]
            s = sum(parts)
            for j, p in enumerate(parts):
                add(f"/srv/app/.venv/lib/python3.12/site-packages/pandas/core/{['frame','series','generic','indexes/base','arrays/categorical','dtypes/dtypes','ops/common','internals/blocks'][j]}.py:{R.randint(20, 900)}", rest * p / s)
            stat["lazy_at"] = xr
        # config reload: a step, freed again a while later
        if cfg.reload:
            if not reload_done and xr >= cfg.reload["at"]:
                reload_done = True
                add("/srv/app/config/settings.py:88", cfg.reload["mb"])
            elif reload_done and not reload_freed and xr >= cfg.reload["at"] + cfg.reload["free_after"]:
                reload_freed = True
                add("/srv/app/config/settings.py:88", -cfg.reload["mb"] * 0.9)
        # creep
        if cfg.creep:
            frac = x if cfg.creep["by"] == "time" else xr
            new = cfg.creep["mb"] * frac
            heap[0] += new - creep_now
            creep_now = new
        # gen0 garbage
        garbage0 += R.expovariate(1) * cfg.g0_kb / 1024 * (3 if err[i] else 1)
        if R.random() < cfg.g0_p:
            garbage0 *= R.uniform(0, 0.2)
        # cycgarbage: big cyclic garbage of one endpoint, survives gen0
        if cfg.cyc and e == cfg.cyc["ep"]:
            g = cfg.cyc["kb"] * lognorm_mean1(R, 0.7) / 1024
            cycg += g
        gauss = R.gauss(0, cfg.gauss)
        light = heap[0] + trans_tot + garbage0 + cycg + gauss
        # the profiler's smart-capture decision is made on the lightweight
        # reading; a detailed capture runs gc.collect() three times first
        detail = keep_rec[i] and (cfg.fullsnap or ids[i] == 1 or err[i] or ids[i] % cfg.period == 0 or
                                  (last_detail[e] is not None and light > last_detail[e] * 1.02))
        if detail:
            garbage0 = 0.0
            if cycg:
                cycg = 0.0
        cur = heap[0] + trans_tot + garbage0 + cycg + gauss
        noise = trans_tot + garbage0 + cycg + gauss
        peak = max(peak, cur + trans_sz[i] + R.uniform(0, 0.5))
        # profiler's buffer
        # record
        if not keep_rec[i]:
            continue
        st = 500 if err[i] else 200
        rec = {"request_id": f"req-{ids[i]}", "timestamp": round(1.79e9 + cfg.day0 + t, 6),
               "endpoint": ep.name, "method": ep.method, "status_code": st,
               "status_category": "server_error" if err[i] else "success",
               "latency": round(lat[i], 6), "had_error": err[i]}
        if err[i]:
            rec["error_message"] = R.choice(ERRMSG)
        mem = {"current_mb": round(cur, 3), "peak_mb": round(peak, 3), "tracking_enabled": True}
        if detail:
            last_detail[e] = cur
            allsites = list(sites.items())
            allsites.extend(trans.items())
            allsites.append((GARBAGE0, garbage0))
            allsites.append((PROFBUF, sum(buf_mb)))
            if creep_w:
                allsites.extend((nm, w * creep_now) for nm, w in creep_w)
            # merge duplicates (a transient site that is also static)
            agg = collections.defaultdict(float)
            for nm, s in allsites:
                agg[nm] += s
            top = heapq.nlargest(cfg.topk, agg.items(), key=lambda kv: kv[1])
            mem["top_consumers"] = [{"file": nm, "size_mb": round(max(s, 0.0), 3),
                                     "count": max(1, int(s * 1024 * 1024 / 180))} for nm, s in top]
        rec["memory"] = mem
        rec["detailed_snapshot"] = bool(detail)
        recs[e].append((t, rec, dict(leaked), noise))
        # the profiler's buffer and flush rule
        bsz = (3.0 if detail else 1.0) / 1024
        buf_n[e] += 1
        buf_mb[e] += bsz
        heap[0] += bsz
        if buf_n[e] >= 100 or t - last_flush[e] >= 60:
            heap[0] -= buf_mb[e]
            buf_n[e] = 0
            buf_mb[e] = 0.0
            last_flush[e] = t
            flushed_upto[e] = len(recs[e])
    stat["leaked_mb"] = {eps[k].name: v for k, v in leaked.items()}
    stat["duration_s"] = dur
    stat["static_mb"] = sum(cfg.static.values())
    return recs, flushed_upto


def drift_mult(shape, x):
    if shape == "up":
        return 0.7 + 0.6 * x
    if shape == "down":
        return 1.3 - 0.6 * x
    return 1 + 0.3 * math.sin(2 * math.pi * 1.5 * x)


def simulate(scenario, seed, out):
    cfg = make_config(scenario, seed)
    cfg.static = cfg.static_sites()
    os.makedirs(out, exist_ok=True)
    eps = cfg.eps
    stats = []
    per_file = collections.defaultdict(list)   # endpoint idx -> [(flush_time, [records])]
    for w in range(cfg.workers):
        st = {}
        n = cfg.n // cfg.workers
        recs, flushed = run_worker(cfg, w, n, cfg.rate / cfg.workers, st)
        stats.append(st)
        for e in range(len(eps)):
            rs = recs[e]
            if cfg.live:
                rs = rs[:flushed[e]]
            # chunks as flushed (100 records): interleaved with other workers'
            for c in range(0, len(rs), 100):
                chunk = rs[c:c + 100]
                per_file[e].append((chunk[-1][0], w, chunk))
    files = {}
    written = []
    for e, ep in enumerate(eps):
        chunks = sorted(per_file[e], key=lambda c: (c[0], c[1]))
        rs = [r for c in chunks for r in c[2]]
        if cfg.keep:
            rs = rs[-cfg.keep:]
        fn = sanitize(ep.name) + ".json"
        files[fn] = [r[1] for r in rs]
        written.extend(rs)
        if rs:
            with open(os.path.join(out, fn), "w") as f:
                json.dump(files[fn], f, separators=(",", ":"))
    # noise of the written readings (in-flight transients, garbage, jitter)
    nz = [r[3] for r in written]
    mean = sum(nz) / len(nz)
    noise_sd = math.sqrt(sum((v - mean) ** 2 for v in nz) / len(nz))
    written.sort(key=lambda r: r[0])
    # truth
    truth = {}
    for L in cfg.leaks:
        truth[eps[L["ep"]].name] = {"kind": "error" if L["on"] == "error" else "leak", "site": L["site"],
                                    "kb": L["kb"], "leak_kind": L["kind"], "sigma": L["sigma"],
                                    "frac": L["frac"], "onset": L["onset"], "drift": L["drift"]}
    # leak site listed in the written files?
    for name, tr in truth.items():
        fn = sanitize(name) + ".json"
        listed = 0
        for rs in files.values():
            for r in rs:
                for c in r["memory"].get("top_consumers", ()):
                    if c["file"] == tr["site"]:
                        listed += 1
                        break
        tr["site_listed_records"] = listed
        tr["leaked_mb_total"] = sum(s["leaked_mb"].get(name, 0) for s in stats)
        e = next(k for k, x in enumerate(eps) if x.name == name)
        mine = [r for r in written if r[1]["endpoint"] == name]
        tr["leaked_mb_in_window"] = (written[-1][2].get(e, 0) - written[0][2].get(e, 0)) if cfg.workers == 1 else None
        tr["leaked_mb_in_own_file_span"] = (mine[-1][2].get(e, 0) - mine[0][2].get(e, 0)) if mine and cfg.workers == 1 else None
        tr["requests_in_file"] = len(files.get(fn, []))
    extra = dict(cfg.truth_extra)
    if "ambiguous_ep" in extra:
        extra["ambiguous_ep"] = eps[extra["ambiguous_ep"]].name
    meta = {"scenario": scenario, "seed": seed, "ids_at": cfg.ids_at, "description": SCENARIOS[scenario][1],
            "n": cfg.n, "workers": cfg.workers, "rate": cfg.rate, "topk": cfg.topk, "period": cfg.period,
            "keep": cfg.keep, "sampling": cfg.sampling, "live": cfg.live,
            "endpoints": [{"name": e.name, "weight": e.weight, "probe": bool(e.probe),
                           "lat_med": e.lat_med, "err": e.err, "trans_med": e.trans_med} for e in eps],
            "truth": truth, "extra": extra,
            "noise_sd_mb": noise_sd, "stats": stats}
    with open(out.rstrip("/") + ".truth.json", "w") as f:
        json.dump(meta, f, indent=1, default=str)
    return meta


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "list":
        for k, v in SCENARIOS.items():
            print(f"{k:14s} {v[1]}")
        return
    if len(sys.argv) == 5 and sys.argv[1] == "gen":
        m = simulate(sys.argv[2], int(sys.argv[3]), sys.argv[4])
        print(json.dumps(m["truth"], default=str))
        return
    sys.exit(__doc__)


if __name__ == "__main__":
    main()
