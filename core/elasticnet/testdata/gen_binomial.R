## gen_binomial.R -- reference values for elasticnet.FitBinomial and
## CrossValidateBinomial (the shared reference set has no binomial case).
## Run from core/elasticnet/testdata:  Rscript gen_binomial.R
## (R >= 4.1, glmnet 4.1-6, jsonlite). Writes glmnet_binomial.json. Not run by go test.
suppressMessages({library(glmnet); library(jsonlite)})
sparse_col <- function(b) { i <- which(b != 0); list(index_1based = I(i), value = I(unname(b[i]))) }
one <- function(id, file, xcols, ycol, alpha = 1) {
  d <- read.csv(file, na.strings = "NA")
  X <- as.matrix(d[, xcols]); y <- d[[ycol]]
  fit <- glmnet(X, y, family = "binomial", alpha = alpha)
  cv <- cv.glmnet(X, y, family = "binomial", alpha = alpha, foldid = d$fold, type.measure = "deviance")
  B <- as.matrix(fit$beta)
  list(id = id, data = file, x_columns = xcols, y_column = ycol, alpha = alpha, foldid_column = "fold",
       call = sprintf("glmnet(X, y, family = \"binomial\", alpha = %g)", alpha),
       call_cv = sprintf("cv.glmnet(X, y, family = \"binomial\", alpha = %g, foldid = d$fold, type.measure = \"deviance\")", alpha),
       expected = list(n = nrow(X), p = ncol(X), lambda = fit$lambda, df = fit$df, dev_ratio = fit$dev.ratio,
         nulldev = fit$nulldev, a0 = unname(fit$a0),
         path_coef_first = lapply(seq_len(min(20, ncol(B))), function(k) c(list(lambda = fit$lambda[k]), sparse_col(B[, k]))),
         cv = list(lambda = cv$lambda, cvm = cv$cvm, cvsd = cv$cvsd, nzero = unname(cv$nzero),
                   lambda_min = cv$lambda.min, lambda_1se = cv$lambda.1se,
                   index_min_1based = cv$index[1], index_1se_1based = cv$index[2])))
}
lung <- read.csv("lung_lasso.csv")
zl <- grep("^z_", names(lung), value = TRUE)
rs <- read.csv("radsim_small_z.csv")
fx <- grep("^f[0-9]", names(rs), value = TRUE)
cases <- list(
  one("lung_lasso_binomial_event", "lung_lasso.csv", zl, "event"),
  one("lung_lasso_binomial_event_enet", "lung_lasso.csv", zl, "event", alpha = 0.5),
  one("radsim_small_binomial_event", "radsim_small_z.csv", fx, "event"))
out <- list(provenance = list(R = R.version.string, glmnet = as.character(packageVersion("glmnet")),
                              generated = format(Sys.Date())), cases = cases)
writeLines(toJSON(out, auto_unbox = TRUE, digits = I(17), pretty = FALSE), "glmnet_binomial.json")
