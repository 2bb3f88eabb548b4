package study

import "fmt"

// Columns names the clinical table's columns. The zero value means the
// names written by radgo synth (DefaultColumns).
type Columns struct {
	ID       string // patient identifier, also the key of the feature tables
	Time     string // PFS in months
	Event    string // 1 = progressed, 0 = censored
	HRR      string // HRR pathway altered (1) or not (0)
	Genes    []string
	Clinical []Variable // Table 1 variables, in order
}

// Variable is a categorical clinical variable with its reference level (the
// first level of a univariate Cox model, as in the paper's Table 3).
type Variable struct {
	Column    string
	Label     string // as printed in the tables
	Reference string // "" means the first level in R's sort order
}

// DefaultColumns returns the columns of radgo synth's clinical.csv, with
// the paper's reference levels.
func DefaultColumns() Columns {
	return Columns{
		ID: "ID", Time: "PFS", Event: "Progression", HRR: "HRR",
		Genes: []string{"CHEK2", "NOTCH2"},
		Clinical: []Variable{
			{"Gender", "Gender", "Male"},
			{"Age", "Age", "<=65"},
			{"KPS", "KPS", "<=80"},
			{"Smoking", "Smoking status", "Never"},
			{"Alcohol", "Alcohol consumption", "Never"},
			{"Location", "Tumour location", "Cervical"},
			{"Stage", "Clinical stage", "II"},
			{"Dose", "Radiation dose", ">60"},
			{"Chemoradiotherapy", "Chemoradiotherapy", "SCRT"},
			{"RadiationTherapy", "Radiation therapy", "3D-CRT"},
		},
	}
}

// LassoTarget is the response of the LASSO feature selection.
type LassoTarget int

const (
	// CoxLasso penalises the Cox partial likelihood (glmnet family "cox")
	// and cross-validates its deviance: the default (see the package doc).
	CoxLasso LassoTarget = iota
	// StatusLasso is a Gaussian LASSO on the 0/1 progression status,
	// cross-validated by mean squared error.
	StatusLasso
	// TimeLasso is a Gaussian LASSO on PFS time, cross-validated by MSE.
	TimeLasso
)

func (t LassoTarget) String() string {
	switch t {
	case CoxLasso:
		return "cox"
	case StatusLasso:
		return "status"
	case TimeLasso:
		return "time"
	}
	return fmt.Sprintf("LassoTarget(%d)", int(t))
}

// ParseLassoTarget parses "cox", "status" or "time".
func ParseLassoTarget(s string) (LassoTarget, error) {
	for _, t := range []LassoTarget{CoxLasso, StatusLasso, TimeLasso} {
		if t.String() == s {
			return t, nil
		}
	}
	return 0, fmt.Errorf("study: LASSO target %q; want cox, status or time", s)
}

// Options configure the analysis. The zero value of each field means the
// study's setting, noted in its comment; Defaults fills them in.
type Options struct {
	Columns       Columns
	Seed          uint64      // seed of the split, the ICC subset and the CV folds; zero is a valid seed
	TrainFraction float64     // 0.7: stats.Split with validation fraction 0.3 (83/35 of 118; the paper has 82/36)
	ICCPatients   int         // patients whose two readings give the ICC: 20; -1 means all
	ICCThreshold  float64     // 0.8
	LassoTarget   LassoTarget // CoxLasso
	Folds         int         // 10
	Times         []float64   // time-dependent ROC horizons: 12, 24, 36 months
	Alpha         float64     // significance level for multivariate entry: 0.05
}

// Defaults returns o with its zero fields set to the study's settings.
func (o Options) Defaults() Options {
	if o.Columns.ID == "" {
		o.Columns = DefaultColumns()
	}
	if o.TrainFraction == 0 {
		o.TrainFraction = 0.7
	}
	if o.ICCPatients == 0 {
		o.ICCPatients = 20
	}
	if o.ICCThreshold == 0 {
		o.ICCThreshold = 0.8
	}
	if o.Folds == 0 {
		o.Folds = 10
	}
	if len(o.Times) == 0 {
		o.Times = []float64{12, 24, 36}
	}
	if o.Alpha == 0 {
		o.Alpha = 0.05
	}
	return o
}

func (o Options) validate() error {
	if !(o.TrainFraction > 0 && o.TrainFraction < 1) {
		return fmt.Errorf("study: training fraction %g; want between 0 and 1", o.TrainFraction)
	}
	if o.Folds < 3 {
		return fmt.Errorf("study: %d CV folds; want at least 3", o.Folds)
	}
	if !(o.ICCThreshold > 0 && o.ICCThreshold < 1) {
		return fmt.Errorf("study: ICC threshold %g; want between 0 and 1", o.ICCThreshold)
	}
	return nil
}
