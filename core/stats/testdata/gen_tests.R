## gen_tests.R -- reference values for stats.TTest and stats.MannWhitney.
## Run from core/stats/testdata:  Rscript gen_tests.R  (R >= 4.1, jsonlite)
## Writes tests.json. Not run by go test.
suppressMessages(library(jsonlite))
d <- read.csv("lung.csv", na.strings = "NA")
cases <- list()
add <- function(id, x, y) {
  x <- x[!is.na(x)]; y <- y[!is.na(y)]
  w <- t.test(x, y)
  p <- t.test(x, y, var.equal = TRUE)
  u <- suppressWarnings(wilcox.test(x, y))
  cases[[length(cases) + 1]] <<- list(id = id, x = x, y = y,
    welch = list(call = "t.test(x, y)", t = unname(w$statistic), df = unname(w$parameter), p = w$p.value,
                 conf_int = as.vector(w$conf.int), mean_x = unname(w$estimate[1]), mean_y = unname(w$estimate[2]), stderr = w$stderr),
    pooled = list(call = "t.test(x, y, var.equal = TRUE)", t = unname(p$statistic), df = unname(p$parameter), p = p$p.value,
                  conf_int = as.vector(p$conf.int), stderr = p$stderr),
    wilcox = list(call = "wilcox.test(x, y)", W = unname(u$statistic), p = u$p.value, method = u$method))
}
add("lung_age_by_sex", d$age[d$sex == 1], d$age[d$sex == 2])
add("lung_meal.cal_by_sex", d$meal.cal[d$sex == 1], d$meal.cal[d$sex == 2])
add("lung_wt.loss_by_event", d$wt.loss[d$status == 1], d$wt.loss[d$status == 2])
add("small_exact_no_ties", c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30), c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29) + 0.001)
add("small_ties", c(1, 2, 2, 3, 5, 8), c(2, 3, 3, 4, 9, 9, 10))
add("small_exact_large_w", c(10.1, 11.3, 12.5, 13.2, 9.8), c(1.1, 2.2, 3.3, 4.4, 5.5, 6.6))
out <- list(provenance = list(R = R.version.string, generated = format(Sys.Date())), cases = cases)
writeLines(toJSON(out, auto_unbox = TRUE, digits = I(17), pretty = TRUE), "tests.json")
