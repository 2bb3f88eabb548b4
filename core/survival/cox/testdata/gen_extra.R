## gen_extra.R -- extra Cox reference values for radgo core/survival/cox
## (robust SE, clusters, weights, strata, baseline hazard, categorical
## covariates, separation) that the shared reference set does not cover.
## Run from core/survival/cox:  Rscript testdata/gen_extra.R
## Writes testdata/lung_w.csv and testdata/cox_extra.json.
## Needs R >= 4.2 with r-cran-survival (3.5-3 here) and r-cran-jsonlite.
suppressPackageStartupMessages(library(survival))
d <- read.csv("testdata/lung.csv")
d$w <- 1 + 0.5 * (d$row %% 3)          # deterministic case weights
write.csv(d, "testdata/lung_w.csv", row.names = FALSE, na = "NA")
v <- read.csv("testdata/veteran.csv")
num <- function(x) unname(as.numeric(x))
cases <- list()
add <- function(id, data, call, covariates, ties, weights = NA, strata = NA, cluster = NA,
                robust = FALSE, factors = list()) {
  dd <- if (data == "lung_w.csv") d else v
  f <- eval(parse(text = call), list(d = dd))
  bh <- basehaz(f, centered = TRUE)
  ## coxph's own concordance uses fit$linear.predictors, computed by BLAS
  ## (x %*% coef), and BLAS rounds the tail rows of the matrix differently, so
  ## identical covariate rows can get linear predictors 1 ulp apart and lose
  ## their tie (seen in the stratified lung fits; predict(type = "lp") has the
  ## same problem). The reference is therefore recomputed with concordance() on
  ## a linear predictor summed elementwise, where identical rows stay tied.
  X <- model.matrix(f)
  b <- coef(f)
  lp <- Reduce(`+`, lapply(seq_along(b), function(j) X[, j] * b[[j]]))
  keep <- setdiff(seq_len(nrow(dd)), as.integer(f$na.action))
  cd <- dd[keep, ]; cd$lp <- unname(lp)
  cc <- concordance(as.formula(paste("Surv(time, event) ~ lp", if (is.na(strata)) "" else sprintf("+ strata(%s)", strata))),
                    data = cd, weights = if (is.na(weights)) NULL else cd[[weights]], reverse = TRUE)
  cases[[length(cases) + 1]] <<- list(
    id = id, data = data, call = call, covariates = covariates, ties = ties,
    weights = weights, strata = strata, cluster = cluster, robust = robust, factors = factors,
    expected = list(names = names(coef(f)), coef = num(coef(f)), se = num(sqrt(diag(f$var))),
      naive_se = if (!is.null(f$naive.var)) num(sqrt(diag(f$naive.var))) else NA,
      var = unname(f$var), loglik = num(f$loglik), wald = num(f$wald.test), score = num(f$score),
      robust_score = if (!is.null(f$rscore)) num(f$rscore) else NA,
      n = f$n, nevent = f$nevent,
      concordance = num(f$concordance["concordance"]),
      concordance_lp = num(cc$concordance), concordance_lp_var = num(cc$var),
      basehaz = list(time = num(bh$time), hazard = num(bh$hazard),
                     strata = if (is.null(bh$strata)) NA else as.character(bh$strata))))
}
add("lung_efron_robust", "lung_w.csv", "coxph(Surv(time, event) ~ age + sex + ph.ecog, data = d, robust = TRUE)",
    c("age", "sex", "ph.ecog"), "efron", robust = TRUE)
add("lung_breslow_robust", "lung_w.csv", "coxph(Surv(time, event) ~ age + sex + ph.ecog, data = d, ties = \"breslow\", robust = TRUE)",
    c("age", "sex", "ph.ecog"), "breslow", robust = TRUE)
add("lung_efron_cluster_inst", "lung_w.csv", "coxph(Surv(time, event) ~ age + sex + ph.ecog, data = d, cluster = inst)",
    c("age", "sex", "ph.ecog"), "efron", cluster = "inst", robust = TRUE)
add("lung_efron_weights", "lung_w.csv", "coxph(Surv(time, event) ~ age + sex + ph.ecog, data = d, weights = w)",
    c("age", "sex", "ph.ecog"), "efron", weights = "w")
add("lung_breslow_weights_robust", "lung_w.csv", "coxph(Surv(time, event) ~ age + sex + ph.ecog, data = d, weights = w, ties = \"breslow\", robust = TRUE)",
    c("age", "sex", "ph.ecog"), "breslow", weights = "w", robust = TRUE)
add("lung_efron_strata_sex", "lung_w.csv", "coxph(Surv(time, event) ~ age + ph.ecog + strata(sex), data = d)",
    c("age", "ph.ecog"), "efron", strata = "sex")
add("lung_efron_weights_strata_robust", "lung_w.csv", "coxph(Surv(time, event) ~ age + ph.ecog + strata(sex), data = d, weights = w, robust = TRUE)",
    c("age", "ph.ecog"), "efron", weights = "w", strata = "sex", robust = TRUE)
add("veteran_factor_celltype", "veteran.csv", "coxph(Surv(time, event) ~ karno + factor(celltype), data = d)",
    c("karno", "celltype"), "efron", factors = list(celltype = "adeno"))
add("veteran_relevel_celltype", "veteran.csv", "coxph(Surv(time, event) ~ karno + relevel(factor(celltype), ref = \"squamous\"), data = d)",
    c("karno", "celltype"), "efron", factors = list(celltype = "squamous"))
out <- list(provenance = list(R = R.version.string, survival = as.character(packageVersion("survival"))), cases = cases)
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = I(15), na = "null", pretty = TRUE), "testdata/cox_extra.json")
