package chart

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"radgo/core/table"
	"radgo/core/volume"
)

// goldenCharts builds one chart of each kind from fixed inputs.
func goldenCharts(t *testing.T) map[string]*Chart {
	t.Helper()
	out := map[string]*Chart{}
	must := func(name string, ch *Chart, err error) {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = ch
	}
	var bySex kmCase
	for _, c := range loadKM(t) {
		if c.ID == "lung_by_sex" {
			bySex = c
		}
	}
	ch, err := KaplanMeier(rSeries(bySex), &KMOptions{Title: "lung by sex", XLabel: "Time (days)", YLabel: "Survival probability",
		RiskTimes: []float64{0, 200, 400, 600, 800, 1000}, PValue: 0.0013})
	must("km", ch, err)

	lung, err := table.ReadFile("testdata/lung.csv")
	if err != nil {
		t.Fatal(err)
	}
	lung, _ = lung.DropNA("lp_cox", "ph.karno", "age", "wt.loss", "meal.cal")
	lp, _ := lung.Floats("lp_cox")
	ev, _ := lung.Floats("event")
	age, _ := lung.Floats("age")
	pos := make([]bool, len(ev))
	for i := range ev {
		pos[i] = ev[i] == 1
	}
	r1, err := EmpiricalROC("Cox LP", lp, pos)
	if err != nil {
		t.Fatal(err)
	}
	r2, _ := EmpiricalROC("Age", age, pos)
	ch, err = ROC([]ROCCurve{r1, r2}, &ROCOptions{Youden: true})
	must("roc", ch, err)

	var cv CVData
	var path PathData
	for k := range 30 {
		l := 0.2 * math.Pow(0.85, float64(k))
		x := math.Log(l)
		cv.Lambda = append(cv.Lambda, l)
		cv.Mean = append(cv.Mean, 10+0.25*(x+3)*(x+3))
		cv.SE = append(cv.SE, 0.3+0.01*float64(k))
		cv.NonZero = append(cv.NonZero, k/4)
		path.Lambda = append(path.Lambda, l)
	}
	cv.LambdaMin, cv.Lambda1SE = cv.Lambda[14], cv.Lambda[9]
	ch, err = CVCurve(cv, nil)
	must("cv", ch, err)
	for j := range 9 {
		c := make([]float64, len(path.Lambda))
		for k, l := range path.Lambda {
			c[k] = math.Max(0, -math.Log(l)-1.7-0.25*float64(j)) * float64(j%3-1) * 0.3
		}
		path.Coef = append(path.Coef, c)
		path.Names = append(path.Names, "f"+string(rune('1'+j)))
	}
	path.LambdaMin = cv.LambdaMin
	ch, err = CoefPaths(path, nil)
	must("paths", ch, err)

	ch, err = Forest([]HR{
		{Name: "Rad-score ≥ 0.36", HR: 1.85, Lower: 1.12, Upper: 3.05, P: 0.016},
		{Name: "HRR mutation", HR: 2.10, Lower: 1.20, Upper: 3.70, P: 0.009},
		{Name: "Age ≥ 65", HR: 0.90, Lower: 0.55, Upper: 1.45, P: 0.66},
	}, &ForestOptions{Title: "Multivariate Cox"})
	must("forest", ch, err)

	karno, _ := lung.Floats("ph.karno")
	ch, err = Histogram(karno, &HistOptions{XLabel: "Karnofsky score", Bins: 10, VLines: []float64{70}, VLineLabels: []string{"threshold 70"}})
	must("hist", ch, err)

	cols := []string{"age", "ph.karno", "wt.loss", "meal.cal", "lp_cox"}
	corr := mat.NewSymDense(len(cols), nil)
	for i, a := range cols {
		for j, b := range cols {
			x, _ := lung.Floats(a)
			y, _ := lung.Floats(b)
			corr.SetSym(i, j, stat.Correlation(x, y, nil))
		}
	}
	ch, err = Heatmap(corr, cols, &HeatmapOptions{Title: "Pearson correlation"})
	must("heatmap", ch, err)

	v, m := phantom()
	ch, err = Slice(v, m, Axial, -1, &SliceOptions{Crop: 10})
	must("slice_axial", ch, err)
	ch, err = Slice(v, m, Sagittal, -1, &SliceOptions{Window: Lung})
	must("slice_sagittal", ch, err)
	return out
}

// phantom is a small synthetic CT: a soft-tissue cylinder in air with a
// denser spherical "tumour" labelled 1, anisotropic voxels.
func phantom() (*volume.Volume, *volume.Mask) {
	v := volume.New([3]int{48, 40, 16}, volume.Identity([3]float64{0.9, 0.9, 2.5}))
	m := volume.NewMask(v.Size, v.Geometry)
	for k := range v.Size[2] {
		for j := range v.Size[1] {
			for i := range v.Size[0] {
				hu := -950.0
				if math.Hypot(float64(i-24)*0.9, float64(j-20)*0.9) < 15 {
					hu = 30 + 20*math.Sin(float64(i+j))
				}
				if math.Sqrt(math.Pow(float64(i-28)*0.9, 2)+math.Pow(float64(j-18)*0.9, 2)+math.Pow(float64(k-8)*2.5, 2)) < 6 {
					hu = 90
					m.Labels[m.Offset(i, j, k)] = 1
				}
				v.Set(i, j, k, hu)
			}
		}
	}
	return v, m
}

func TestGolden(t *testing.T) {
	for name, ch := range goldenCharts(t) {
		t.Run(name, func(t *testing.T) { checkGolden(t, name, ch) })
	}
}
