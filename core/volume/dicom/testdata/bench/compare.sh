#!/usr/bin/env bash
# Run by hand from the repository root: core/volume/dicom/testdata/bench/compare.sh
# Times loading the same 120-slice 512x512 CT series into HU with radgo
# (go test -bench) and with DCMTK (dcmtk_load.cc, needs Debian libdcmtk-dev),
# 5 runs each, warm cache. Prints the medians and their ratio.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=${RADGO_BENCH_DIR:-$(mktemp -d)}
export RADGO_BENCH_DIR=$dir
bin=$(mktemp -d)
g++ -O2 -o "$bin/dcmtk_load" "$here/dcmtk_load.cc" -ldcmdata -loflog -lofstd
go test -run XXX -bench 'BenchmarkLoadSeries' -benchtime 5x -count 1 ./core/volume/dicom/ | tee "$bin/go.txt"
for i in 1 2 3 4 5; do "$bin/dcmtk_load" "$dir"/*.dcm; done | tee "$bin/dcmtk.txt"
go_ms=$(awk '/workers=GOMAXPROCS/ {print $3/1e6}' "$bin/go.txt")
go1_ms=$(awk '/workers=1/ {print $3/1e6}' "$bin/go.txt")
dcmtk_ms=$(awk '{print $2}' "$bin/dcmtk.txt" | sort -n | sed -n 3p)
echo "radgo ${go_ms} ms (1 worker ${go1_ms} ms), DCMTK ${dcmtk_ms} ms (median of 5): ratio DCMTK/radgo = $(awk "BEGIN{printf \"%.2f\", $dcmtk_ms/$go_ms}")"
rm -rf "$bin"
