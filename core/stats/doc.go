// Package stats holds the general statistics of a radiomics model-building
// workflow, each reproducing a named reference tool:
//
//   - FitZScore / ZScore.Apply: z-scores fitted on training rows and applied
//     to validation rows (scikit-learn StandardScaler; sample SD optional).
//   - ICC, ICCByFeature: intraclass correlation in the six Shrout–Fleiss /
//     McGraw–Wong forms with F tests and 95% CIs (R psych::ICC, lmer = FALSE).
//   - NewROC: ROC curve of a marker for a binary outcome, AUC with DeLong
//     CI and the Youden-optimal cut-off (R pROC); SklearnROC gives
//     scikit-learn's roc_curve thresholds and Youden index instead.
//   - ChiSquared, FisherExact: Pearson's chi-squared test for r×c tables
//     with Yates' correction for 2×2, Fisher's exact test for 2×2 with the
//     conditional MLE odds ratio and its CI (R chisq.test, fisher.test).
//   - TTest, MannWhitney: two-sample t-test (Welch or pooled) and the
//     Wilcoxon rank-sum test (R t.test, wilcox.test).
//   - Split: random or stratified train/validation split from an explicit
//     seed.
//   - Bootstrap: percentile bootstrap confidence interval of any statistic
//     of the rows (e.g. a C-index), from an explicit seed.
//
// Errors are returned for bad data (NaN, empty groups, wrong shapes); the
// package has no global random state.
package stats
