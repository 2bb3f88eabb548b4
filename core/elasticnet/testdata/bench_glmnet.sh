#!/bin/sh
# bench_glmnet.sh -- times R glmnet and the Go package on the same data in
# one run. Run by hand from core/elasticnet:  sh testdata/bench_glmnet.sh
# Needs Rscript with glmnet and survival; skips R when absent. Data are
# generated into a temporary directory (never committed).
# BENCH_SMALL=1 restricts both sides to the study-sized cohort (n=118, p=638).
set -e
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
RADGO_BENCH_DIR=$dir go test -count=1 -run TestWriteBenchData . >/dev/null
pattern='FitCox|CrossValidateCox|FitGaussian'
if [ -n "$BENCH_SMALL" ]; then
  rm -f "$dir"/cox_n1000_*.csv
  pattern='(FitCox|CrossValidateCox|FitGaussian)/n=118'
fi
if command -v Rscript >/dev/null 2>&1; then
cat > "$dir/bench.R" <<'RS'
suppressMessages({library(glmnet); library(survival)})
args <- commandArgs(TRUE)
for (f in list.files(args[1], pattern = "^cox_.*csv$", full.names = TRUE)) {
  d <- read.csv(f); X <- as.matrix(d[, -(1:3)]); y <- Surv(d$time, d$event)
  tm <- function(e) { t <- system.time(v <- eval.parent(substitute(e))); list(t = t[["elapsed"]], v = v) }
  r <- tm(glmnet(X, y, family = "cox"))
  cat(sprintf("R glmnet %s: cox path %.3f s (npasses %d)\n", basename(f), r$t, r$v$npasses))
  r <- tm(glmnet(X, d$time, family = "gaussian"))
  cat(sprintf("R glmnet %s: gaussian path %.3f s (npasses %d)\n", basename(f), r$t, r$v$npasses))
  if (ncol(X) <= 1000) { # the 10-fold CV of the large cohort takes R tens of minutes
    r <- tm(cv.glmnet(X, y, family = "cox", foldid = d$fold))
    cat(sprintf("R glmnet %s: cv.glmnet cox 10-fold %.3f s\n", basename(f), r$t))
  }
}
RS
Rscript "$dir/bench.R" "$dir"
else
  echo "Rscript not found: R timings skipped"
fi
go test -run XXX -bench "$pattern" -benchtime 3x .
