// Package synth generates a synthetic oesophageal squamous cell carcinoma
// (ESCC) cohort shaped like the one of Cui et al., Biomarker Research 2023,
// 11:44: for each patient a contrast-enhanced thoracic CT series in DICOM,
// the primary tumour contoured by two readers as DICOM RTSTRUCTs, and a
// clinical table with the study's Table 1 variables, the CHEK2, NOTCH2 and
// HRR pathway mutation status, and progression-free survival.
//
// # The generating model
//
// Every patient has a latent tumour phenotype z ~ N(0, 1). z drives the
// texture of the tumour on CT (more heterogeneous, finer-grained texture and
// a hypodense necrotic core when z is high) and raises the hazard of
// progression. HRR pathway mutation raises the hazard too. Progression-free
// survival follows a promotion-time cure model, which has proportional
// hazards, so a Cox fit recovers the coefficients:
//
//	S(t | x) = exp(-θ · exp(lp) · F(t)),  θ = -log(CureFraction)
//	lp = BetaHRR·HRR + BetaLatent·z + BetaStage·[stage III]
//	F(t) = 1 - exp(-(t/Scale)^Shape)
//
// so that a patient with lp = 0 never progresses with probability
// CureFraction, and higher-risk patients are cured less often,
// with administrative censoring uniform over the accrual window. The
// coefficients are in Model and are written to model.json beside the
// cohort, so a teacher can show what an analysis should recover: a
// radiomics signature that tracks z, and HRR as an independent factor.
//
// Clinical margins are exact: for each Table 1 variable the number of
// patients in each category is the published count scaled to the cohort
// size (largest remainder), randomly assigned. Everything is deterministic
// for a seed and independent of GOMAXPROCS.
package synth
