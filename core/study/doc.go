// Package study runs the radiogenomic workflow of Cui et al., Biomarker
// Research 2023, 11:44 — CT radiomics plus HRR pathway mutations predicting
// progression-free survival (PFS) after definitive chemoradiotherapy in
// oesophageal squamous cell carcinoma — on a cohort folder or on
// already-extracted PyRadiomics feature tables.
//
// # Steps
//
// Every step calls the project's conformance-tested implementation; the
// pipeline adds no second implementation of any method:
//
//  1. Inputs: clinical table (core/table) and the features of reader 1 and
//     reader 2, from radiomics.Extractor over each patient's CT and RTSTRUCTs
//     (851 features: original + 8 wavelet bands) or from PyRadiomics CSVs.
//  2. Seeded 7:3 split into training and validation sets; Table 1 with
//     chi-squared p-values (Fisher's exact test where an expected count is
//     below 5) (core/stats).
//  3. ICC(2,1) between the two readers, keeping features with ICC ≥ 0.8
//     (stats.ICCByFeature).
//  4. z-scores fitted on the training set and applied to both (stats.FitZScore).
//  5. LASSO with 10-fold cross-validation at the minimum CV error
//     (core/elasticnet). The paper says "LASSO ... 10-fold cross-validation
//     ... minimum MSE" without naming the response; the default here is the
//     Cox-LASSO (glmnet family "cox", partial-likelihood deviance), because
//     the outcome is censored PFS and a Gaussian LASSO on the progression
//     indicator ignores follow-up time. Options.LassoTarget selects the
//     Gaussian alternatives on the progression status or on PFS time.
//  6. Rad-score = Σ coefficient × z-scored feature; Youden-optimal cut-off
//     of the training ROC against progression status (stats.ROC).
//  7. Univariate Cox on every clinical and genomic variable and the
//     Rad-score group; multivariate Cox on those with p < 0.05
//     (core/survival/cox), as Table 3.
//  8. Three models — radiomics (Rad-score group), genomics (HRR) and
//     integrated (number of risk factors 0/1/2) — each with Kaplan–Meier
//     curves and the log-rank test, time-dependent AUC at 1, 2 and 3 years
//     (timeROC's marginal IPCW estimator) and Harrell's C with 95% CI
//     (rms rcorr.cens), in both sets (core/survival).
//
// Results are a Result value (with HTML() for notebooks), a self-contained
// HTML report, JSON, PNG/SVG figures and the selected-feature list.
package study
