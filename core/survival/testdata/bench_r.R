## bench_r.R -- times R on the workloads of the Go benchmarks
## (core/survival and core/survival/cox bench_test.go), same sizes and the
## same data-generating model (not the same random numbers). Run by hand:
##   Rscript core/survival/testdata/bench_r.R
##   go test -run XXX -bench . -benchtime 3x ./core/survival/...
## Needs r-cran-survival; times timeROC too when it is installed
## (TIMEROC_LIB as in shared/reference/survival/README.md).
if (nzchar(Sys.getenv("TIMEROC_LIB"))) .libPaths(c(Sys.getenv("TIMEROC_LIB"), .libPaths()))
suppressPackageStartupMessages(library(survival))
set.seed(1)
synth <- function(n) {
  risk <- rnorm(n)
  ev <- rexp(n) * 365 / (1 + 0.5 * (seq_len(n) %% 2)) * exp(-0.5 * risk)
  ce <- runif(n) * 1500
  data.frame(time = floor(pmin(ev, ce)) + 1, event = as.integer(ev <= ce), risk = risk, g = seq_len(n) %% 2)
}
synth_cox <- function(n, p) {
  X <- matrix(rnorm(n * p), n, p, dimnames = list(NULL, paste0("x", 1:p)))
  eta <- drop(X[, 1:min(5, p), drop = FALSE] %*% rep(0.3, min(5, p)))
  ev <- rexp(n) * 365 * exp(-eta); ce <- runif(n) * 1500
  list(y = Surv(floor(pmin(ev, ce)) + 1, as.integer(ev <= ce)), X = X)
}
tm <- function(label, expr, reps = 3) {
  e <- substitute(expr); pf <- parent.frame()
  t <- system.time(for (i in seq_len(reps)) eval(e, pf))[["elapsed"]] / reps
  cat(sprintf("%-40s %10.2f ms/op\n", label, 1000 * t))
}
for (n in c(1000, 100000)) {
  d <- synth(n)
  tm(sprintf("survfit n=%d", n), survfit(Surv(time, event) ~ 1, data = d))
  tm(sprintf("survdiff n=%d", n), survdiff(Surv(time, event) ~ g, data = d))
  tm(sprintf("concordance n=%d", n), concordance(Surv(time, event) ~ risk, data = d, reverse = TRUE))
}
for (sz in list(c(100, 5), c(1000, 5), c(10000, 20), c(10000, 50))) {
  s <- synth_cox(sz[1], sz[2])
  tm(sprintf("coxph n=%d p=%d", sz[1], sz[2]), coxph(s$y ~ s$X))
}
s <- synth_cox(118, 638)
tm("638 univariate coxph n=118", for (j in 1:638) coxph(s$y ~ s$X[, j]), reps = 1)
if (requireNamespace("timeROC", quietly = TRUE)) {
  d <- synth(2000)
  tm("timeROC iid n=2000 3 times", timeROC::timeROC(d$time, d$event, d$risk, cause = 1,
     weighting = "marginal", times = c(180, 365, 730), iid = TRUE), reps = 1)
} else cat("timeROC not installed: skipped\n")
