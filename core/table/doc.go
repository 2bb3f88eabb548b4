// Package table is a column-oriented data table for clinical and radiomics
// feature data: the spreadsheet a notebook cell loads, joins, filters and
// hands to a model.
//
// # Columns and kinds
//
// A [Table] is an ordered list of equally long named [Column]s. Each column
// has one [Kind]:
//
//   - [Float]: float64, missing values are NaN;
//   - [Int]: int64 with a missing-value mask;
//   - [Bool]: bool with a missing-value mask;
//   - [String]: free text with a missing-value mask;
//   - [Categorical]: a factor, stored as integer codes into an ordered list
//     of levels; code -1 is missing. The first level is the reference level
//     used by [Table.Dummies] (R's treatment contrasts), and can be changed
//     with [Table.SetReference].
//
// # Reading CSV
//
// [ReadFile] reads CSV, TSV (by the ".tsv" or ".tab" extension) and their
// gzip-compressed forms (".gz"). Column kinds are inferred from the text:
// a column whose non-missing cells all parse as integers is [Int], else as
// numbers [Float], else as true/false [Bool], else [String]. The cells "",
// "NA", "NaN", "nan", "N/A" and "NULL" are missing by default ([WithNA]
// changes the set); [WithType] overrides the inferred kind of a column, for
// example to keep zero-padded patient IDs ("007") as text. Errors name the
// file, line and column ([ParseError]).
//
// # Operations
//
// Operations return new tables and never modify their receiver, except the
// few methods documented to do so. Column data is shared between tables
// where it is not changed, so selecting columns is cheap.
//
//   - [Table.Select], [Table.Drop], [Table.Rename]: choose columns;
//   - [Table.Filter], [Table.Rows], [Table.Head], [Table.Tail]: choose rows;
//   - [Table.Sort]: order rows by one or more keys;
//   - [Table.DeriveFloat], [Table.DeriveString], [Table.With]: add columns;
//   - [Table.Join]: inner or left join on a key column (patient ID);
//     duplicated keys are an error, never a silent row multiplication;
//   - [Table.GroupBy] and [Grouped.Summarise]: grouped summaries;
//   - [Table.Wider], [Table.Longer], [Table.Transpose]: pivot between the
//     long (case, feature, value) layout of a single-case PyRadiomics CSV,
//     the wide one-row-per-case layout of batch output, and the
//     feature-per-row layout of PyRadiomics baselines;
//   - [Table.Matrix]: chosen numeric columns as a gonum *mat.Dense;
//   - [Table.Dummies]: treatment (dummy) coding of categorical columns, with
//     columns named like "location_Middle";
//   - [Table.Surv]: the (time, event) pair as a survival.Data, so a model
//     call cannot mix the two up.
//
// # Display
//
// [Table.String] renders aligned text (for a terminal or radgo run) and
// [Table.HTML] an HTML table for notebooks; tables longer than
// [DisplayRows] rows show their head and tail and the shape.
package table
