// Package chart builds the figures of a radiomics survival study on
// gonum.org/v1/plot: Kaplan–Meier curves with censor marks, confidence
// bands, a number-at-risk table and the log-rank p ([KaplanMeier]); ROC and
// time-dependent ROC curves with AUCs and the Youden point ([ROC]); the
// LASSO cross-validation curve and coefficient paths ([CVCurve],
// [CoefPaths]); a forest plot of hazard ratios ([Forest]); histograms with
// reference lines ([Histogram], the ICC distribution of Fig. 3 of Cui et al.
// 2023); a correlation heatmap ([Heatmap]); and a CT slice with its mask
// contour ([Slice]).
//
// # Charts
//
// Every builder returns a [*Chart]: the *plot.Plot (exported, so any gonum
// option can still be changed) plus a size and, for the Kaplan–Meier
// chart, the number-at-risk table drawn under the axis. A Chart never
// touches the disk unless asked: [Chart.PNG] and [Chart.SVG] return bytes
// and text for notebook display (the structural interfaces PNG() []byte
// and SVG() string, so the kernel needs no import of this package), and
// [Chart.Save] writes a file whose format follows its extension.
//
// # Inputs
//
// Builders take plain input structs ([KMSeries], [ROCCurve], [CVData],
// [PathData], [HR]) holding the numbers to draw, so this package depends on
// no model package; the survival and elastic-net packages provide
// conversions to them. Options structs are optional (nil means defaults);
// zero fields take the documented defaults.
//
// # Style
//
// Defaults aim at a publication figure: Liberation fonts (embedded in
// gonum/plot, so images are the same on every machine) at 11 pt for axis
// labels, the Okabe–Ito colour-blind-safe palette, axis labels with units.
package chart
