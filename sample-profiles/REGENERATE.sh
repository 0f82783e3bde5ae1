#!/bin/sh
# Regenerates sample-profiles/ byte for byte with lsgen (tests/gen/lsgen.c).
# Usage, from anywhere:  sample-profiles/REGENERATE.sh [path/to/lsgen]
# (default: $LSGEN, else tests/gen/lsgen in the source tree; build it with
# `make tests/gen/lsgen` in your build directory.)
#
# What the capture holds (TRUTH.txt states the exact figures):
#   /chat/completions      leaks ~6 KB per successful request (routers/chat.py:412)
#   /files/upload          leaks ~384 KB per failed upload (routers/files.py:233)
#   /v1/models             warm-up cache that fills and plateaus (not a leak)
#   /images/generations    GC sawtooth (not a leak)
#   /audio/transcriptions  transient spikes on errors, freed at once (not a leak)
#   /embeddings, /health   stable
#   memory_snapshots/test_chat_completion_memory.json
#                          a memory test whose session store leaks ~6 KB/request
#
# SAMPLE_TOP=DIR writes DIR/sample-profiles/ instead (tests/gen/check_samples.sh
# uses it to prove the committed files are still what lsgen produces).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
lsgen=${1:-${LSGEN:-$top/tests/gen/lsgen}}
case $lsgen in /*) ;; *) lsgen=$(pwd)/$lsgen ;; esac
cd "${SAMPLE_TOP:-$top}"
rm -rf sample-profiles/endpoint_profiles sample-profiles/memory_snapshots
mkdir -p sample-profiles/memory_snapshots
"$lsgen" process sample-profiles/endpoint_profiles --seed 2026 --requests 4200 \
	--heap 185 --noise 0.6 --top 10 --period 15 --rate 6 --pool 40 --bursts 2 --burst-mb 4 \
	--truth sample-profiles/TRUTH.txt --endpoints \
	/chat/completions:leak:6kb:weight=3:site=/srv/app/routers/chat.py:412 \
	/embeddings:stable:weight=2 \
	/v1/models:warmup:48kb:cap=6mb:weight=1.5:site=/srv/app/services/model_registry.py:158 \
	/files/upload:errleak:384kb:err=0.1:weight=0.8:site=/srv/app/routers/files.py:233 \
	/health:stable:weight=4 \
	/images/generations:sawtooth:200kb:gc=25:weight=0.6:site=/srv/app/services/image_pipeline.py:97 \
	/audio/transcriptions:errspike:spike=60mb:hold=1:err=0.05:weight=0.6:site=/srv/app/routers/audio.py:301
"$lsgen" snapshot sample-profiles/memory_snapshots/test_chat_completion_memory.json \
	--seed 7 --batches 6 --batch-size 50 --leak-site /srv/app/services/session_store.py:88 \
	--leak-kb 6 --test test_chat_completion_memory
