#!/bin/sh
# bench_glmnet.sh -- times R glmnet and the Go package on the same data in
# one run. Run by hand from core/elasticnet:  sh testdata/bench_glmnet.sh
# Needs Rscript with glmnet and survival; skips R when absent. Data are
# generated into a temporary directory (never committed).
set -e
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
RADGO_BENCH_DIR=$dir go test -count=1 -run TestWriteBenchData . >/dev/null
if command -v Rscript >/dev/null 2>&1; then
cat > "$dir/bench.R" <<'RS'
suppressMessages({library(glmnet); library(survival)})
args <- commandArgs(TRUE)
for (f in list.files(args[1], pattern = "^cox_.*csv$", full.names = TRUE)) {
  d <- read.csv(f); X <- as.matrix(d[, -(1:3)]); y <- Surv(d$time, d$event)
  reps <- if (ncol(X) > 1000) 1 else 5
  t1 <- system.time(for (r in seq_len(reps)) fit <- glmnet(X, y, family = "cox"))[["elapsed"]] / reps
  t2 <- system.time(for (r in seq_len(reps)) cv <- cv.glmnet(X, y, family = "cox", foldid = d$fold))[["elapsed"]] / reps
  t3 <- system.time(for (r in seq_len(reps)) g <- glmnet(X, d$time, family = "gaussian"))[["elapsed"]] / reps
  cat(sprintf("R glmnet %s: cox path %.3f s (npasses %d), cv.glmnet cox 10-fold %.3f s, gaussian path %.3f s (npasses %d)\n",
      basename(f), t1, fit$npasses, t2, t3, g$npasses))
}
RS
Rscript "$dir/bench.R" "$dir"
else
  echo "Rscript not found: R timings skipped"
fi
go test -run XXX -bench 'FitCox|CrossValidateCox|FitGaussian' -benchtime 1x .
