// Package survival holds right-censored survival data and the
// non-parametric methods of survival analysis: Kaplan–Meier curves, the
// log-rank test family, concordance (Harrell's and Uno's C) and
// time-dependent ROC curves. Results match R's survival package and
// timeROC; each function's documentation names the R call it reproduces.
package survival
