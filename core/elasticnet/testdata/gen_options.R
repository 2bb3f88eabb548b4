## gen_options.R -- glmnet options not covered by the shared reference set:
## alpha < 1, penalty.factor, standardize = FALSE, lambda.min.ratio, nlambda,
## and cv.glmnet's C-index for Cox. Run from core/elasticnet/testdata:
##   Rscript gen_options.R   (R >= 4.1, glmnet 4.1-6, survival, jsonlite)
## Writes glmnet_options.json. Not run by go test.
suppressMessages({library(glmnet); library(survival); library(jsonlite)})
sparse_col <- function(b) { i <- which(b != 0); list(index_1based = I(i), value = I(unname(b[i]))) }
one <- function(id, family, file, xcols, alpha = 1, pf = NULL, standardize = TRUE,
                lmr = NULL, nlambda = 100, measure = "deviance") {
  d <- read.csv(file, na.strings = "NA")
  X <- as.matrix(d[, xcols])
  y <- switch(family, gaussian = d$time, binomial = d$event, cox = Surv(d$time, d$event))
  if (is.null(pf)) pf <- rep(1, ncol(X))
  args <- list(x = X, y = y, family = family, alpha = alpha, penalty.factor = pf,
               standardize = standardize, nlambda = nlambda)
  if (!is.null(lmr)) args$lambda.min.ratio <- lmr
  fit <- do.call(glmnet, args)
  cv <- do.call(cv.glmnet, c(args, list(foldid = d$fold, type.measure = measure)))
  B <- as.matrix(fit$beta)
  list(id = id, kind = paste0("glmnet_", family), data = file, x_columns = xcols,
       y_column = if (family == "binomial") "event" else "time", foldid_column = "fold",
       alpha = alpha, penalty_factor = I(pf), standardize = standardize,
       lambda_min_ratio = if (is.null(lmr)) 0 else lmr, nlambda = nlambda, measure = measure,
       call = deparse1(substitute(list(alpha = alpha, pf = pf, standardize = standardize, lmr = lmr, nlambda = nlambda, measure = measure))),
       expected = list(n = nrow(X), p = ncol(X), lambda = fit$lambda, df = I(fit$df), dev_ratio = fit$dev.ratio,
         nulldev = fit$nulldev, a0 = if (family == "cox") NULL else unname(fit$a0),
         path_coef_first = lapply(seq_len(min(20, ncol(B))), function(k) c(list(lambda = fit$lambda[k]), sparse_col(B[, k]))),
         cv = list(lambda = cv$lambda, cvm = cv$cvm, cvsd = cv$cvsd, nzero = I(unname(cv$nzero)),
                   lambda_min = cv$lambda.min, lambda_1se = cv$lambda.1se,
                   index_min_1based = cv$index[1], index_1se_1based = cv$index[2])))
}
zl <- c("z_age", "z_sex", "z_ph_ecog", "z_ph_karno", "z_pat_karno", "z_meal_cal", "z_wt_loss")
raw <- c("age", "sex", "ph.ecog", "ph.karno", "pat.karno", "meal.cal", "wt.loss")
rs <- read.csv("radsim_small_z.csv"); fx <- grep("^f[0-9]", names(rs), value = TRUE)
pf7 <- c(0, 1, 2, 1, 0.5, 1, 1)
## A wide cohort (p >= 500: glmnet switches to its "naive" Gaussian updates).
set.seed(11)
W <- matrix(round(rnorm(50 * 520), 3), 50, 520, dimnames = list(NULL, sprintf("w%03d", 1:520)))
wy <- round(drop(W[, 1:5] %*% c(2, -1.5, 1, 0.8, -0.6)) + rnorm(50), 3)
write.csv(data.frame(time = wy, fold = rep(1:5, length.out = 50), W), "wide.csv", row.names = FALSE)
cases <- list(
  one("gaussian_enet_pf", "gaussian", "lung_lasso.csv", zl, alpha = 0.3, pf = pf7),
  one("gaussian_raw_nostd", "gaussian", "lung_lasso.csv", raw, standardize = FALSE),
  one("gaussian_raw_std_lmr", "gaussian", "lung_lasso.csv", raw, lmr = 0.05, nlambda = 30, measure = "mae"),
  one("cox_enet_pf", "cox", "lung_lasso.csv", zl, alpha = 0.5, pf = pf7),
  one("cox_raw_nostd", "cox", "lung_lasso.csv", raw, standardize = FALSE),
  one("cox_cindex", "cox", "lung_lasso.csv", zl, measure = "C"),
  one("cox_radsim_ridgeish", "cox", "radsim_small_z.csv", fx, alpha = 0.1),
  one("gaussian_wide_naive", "gaussian", "wide.csv", colnames(W)),
  one("gaussian_wide_naive_enet", "gaussian", "wide.csv", colnames(W), alpha = 0.5, measure = "mse"),
  one("binomial_raw_pf", "binomial", "lung_lasso.csv", raw, alpha = 0.7, pf = pf7, measure = "class"))
out <- list(provenance = list(R = R.version.string, glmnet = as.character(packageVersion("glmnet")),
                              generated = format(Sys.Date())), cases = cases)
writeLines(toJSON(out, auto_unbox = TRUE, digits = I(17), pretty = FALSE, null = "null"), "glmnet_options.json")
