// Package cox fits Cox proportional-hazards models as R's
// survival::coxph does: Newton–Raphson with step halving from beta = 0,
// stopping at a relative change of the log partial likelihood of 1e-9,
// Efron (default) or Breslow ties, case weights, strata, and the robust
// (sandwich) variance with optional clusters. A [Model] carries the
// summary.coxph numbers: coefficients, SEs, hazard ratios with confidence
// limits, Wald z and p, the likelihood-ratio, Wald and score tests and
// Harrell's concordance of the linear predictor.
//
// [FitColumns] and [Design] build the covariates from named numeric and
// categorical columns with treatment contrasts (R's names:
// "locationMiddle" for level "Middle" of "location"); [Screen] runs one
// univariate fit per covariate in one call.
//
// # Problems are reported, not hidden
//
// Constant or collinear covariates, and p >= n, are errors wrapping
// [ErrCollinear] (R would return NA coefficients). A coefficient whose
// estimate is infinite (monotone likelihood, separation) is flagged in
// Model.Infinite, reported as ±Inf with NaN SE and p, and explained in
// Model.Warnings, using coxph's own test; non-convergence within MaxIter
// iterations is a warning too. Penalised fits for p > n belong to
// core/elasticnet.
//
// # Numerical agreement with R
//
// The iterations are coxph's, so coefficients and SEs agree with R to
// ~1e-12 relative in practice (tests assert 1e-6). Covariates are centred
// at their weighted means except 0/1 covariates (survival 3.x), which
// fixes the linear predictors and baseline hazard R reports.
//
// References: Cox (1972); Efron (1977); Breslow (1974); Lin & Wei (1989)
// for the robust variance; Therneau & Grambsch, Modeling Survival Data
// (2000).
package cox
