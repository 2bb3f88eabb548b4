// Package survival holds right-censored survival data and the
// non-parametric methods of survival analysis: Kaplan–Meier curves, the
// log-rank test family, concordance (Harrell's and Uno's C) and
// time-dependent ROC curves. Results match R's survival package, Hmisc
// and timeROC; each function's documentation names the R call it
// reproduces. Cox regression is in the subpackage cox.
//
// # Conventions
//
// A [Data] value holds one time and one event indicator per subject
// (Event true = observed, false = censored). Risk scores and markers
// follow the "higher = worse" convention: a higher value predicts an
// earlier event (survival::concordance with reverse = TRUE, timeROC's
// marker). Values R reports as NA (a median not reached, a confidence
// limit of a zero survival) are NaN.
//
// Bad input (mismatched lengths, NaN or negative times, non-finite
// scores, no events) is returned as an error, never a panic.
//
// # Ties
//
// At a time with both events and censorings, the censored subjects are
// still at risk (survfit, survdiff, coxph). For concordance, an event and
// a censoring at the same time form a comparable pair (the event first);
// two events at the same time do not (tied.y); equal risk scores count
// one half. timeROC's cases are events strictly before t and its controls
// subjects strictly after t; its censoring weights G come from a reverse
// Kaplan–Meier in which events precede censorings at tied times
// (prodlim), not survfit on 1 - status.
//
// Like R (timefix = TRUE), KaplanMeier, LogRank, HarrellC, UnoC and Cox
// fits first merge times that differ by less than 1.5e-8, absolutely or
// relative to the mean time, so floating-point noise in computed times
// (days/30.44) does not break ties; see [TimeFix].
//
// # Complexity
//
// Kaplan–Meier, log-rank, all concordance indices and TimeROC (including
// its influence-function standard errors, which timeROC builds from n×n
// matrices) run in O(n log n).
//
// # References
//
// Kaplan & Meier (1958); Greenwood (1926); Harrington & Fleming (1982)
// for the G-rho family; Harrell, Lee & Mark (1996) for C; Uno et al.
// (2011) for the IPCW C; Heagerty, Lumley & Pepe (2000) and Blanche,
// Dartigues & Jacqmin-Gadda (2013) for time-dependent ROC and its iid
// representation; Therneau & Grambsch (2000).
package survival
