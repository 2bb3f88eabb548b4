## gen_extra.R -- extra reference values for radgo core/survival that the
## shared reference set does not cover (Uno's C). Run from core/survival:
##   Rscript testdata/gen_extra.R > testdata/uno.json
## Needs R >= 4.2 with r-cran-survival (3.5-3 here) and r-cran-jsonlite.
suppressPackageStartupMessages(library(survival))
cases <- list()
add <- function(id, file, marker, tau) {
  d <- read.csv(file.path("testdata", file))
  d <- d[!is.na(d[[marker]]), ]
  call <- sprintf("concordance(Surv(time, event) ~ %s, data = d, reverse = TRUE, timewt = \"n/G2\"%s)",
                  marker, if (is.finite(tau)) sprintf(", ymax = %s", tau) else "")
  f <- eval(parse(text = call))
  cases[[length(cases) + 1]] <<- list(id = id, data = file, marker = marker,
    tau = if (is.finite(tau)) tau else NA, call = call,
    expected = list(C = unname(f$concordance), var = unname(f$var),
                    concordant = unname(f$count["concordant"]), discordant = unname(f$count["discordant"]),
                    tied_x = unname(f$count["tied.x"])))
}
add("lung_lp_cox_uno_all", "lung.csv", "lp_cox", Inf)
add("lung_lp_cox_uno_365", "lung.csv", "lp_cox", 365)
add("lung_ph.ecog_uno_500", "lung.csv", "ph.ecog", 500)
add("veteran_lp_cox_uno_180", "veteran.csv", "lp_cox", 180)
cat(jsonlite::toJSON(list(provenance = list(R = R.version.string, survival = as.character(packageVersion("survival"))),
                          cases = cases), auto_unbox = TRUE, digits = I(17), na = "null", pretty = TRUE))
