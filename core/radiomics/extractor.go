package radiomics

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"

	"radgo/core/radiomics/discretize"
	"radgo/core/radiomics/shape"
	"radgo/core/radiomics/shape2d"
	"radgo/core/resample"
	"radgo/core/volume"
)

// ImageType is an enabled image type with its own setting overrides
// (PyRadiomics "imageType" section: Original, Wavelet, LoG, ...).
type ImageType struct {
	Name     string         // PyRadiomics name, e.g. "Wavelet"
	Settings map[string]any // custom settings for this image type (may be nil)
}

// ClassSelection enables a feature class; a nil Features list means all
// non-deprecated features.
type ClassSelection struct {
	Class    string
	Features []string
}

// Extractor extracts PyRadiomics features. The zero value is not useful:
// start from [NewExtractor] (PyRadiomics defaults) or [ReadParams].
type Extractor struct {
	Settings   Settings
	ImageTypes []ImageType      // in extraction order; default Original only
	Classes    []ClassSelection // in output order; default all classes but shape2D

	// PixelType is the image's stored pixel type, which PyRadiomics keeps:
	// integer images are truncated when resampled, float32 images get a
	// float32 wavelet transform. The zero value, resample.Float64, treats
	// the voxels as float64. [Case.Load] sets it from the file header.
	PixelType resample.PixelType

	// PixelTypeKnown says PixelType was read from the file (it enables
	// diagnostics_Image-original_Hash, which depends on the stored type).
	PixelTypeKnown bool

	// Workers bounds the derived images processed concurrently within one
	// case; 0 means GOMAXPROCS, 1 is single-threaded (batch runs with
	// several jobs use 1).
	Workers int
}

// NewExtractor returns an extractor with PyRadiomics' defaults: image type
// Original, all feature classes except shape2D, all non-deprecated features.
func NewExtractor() *Extractor {
	e := &Extractor{Settings: DefaultSettings(), ImageTypes: []ImageType{{Name: "Original"}}}
	for _, c := range classList {
		if c.Name != "shape2D" {
			e.Classes = append(e.Classes, ClassSelection{Class: c.Name})
		}
	}
	return e
}

// EnableImageType adds an image type (with optional custom settings).
func (e *Extractor) EnableImageType(name string, settings map[string]any) error {
	if _, ok := imageTypes[name]; !ok {
		return fmt.Errorf("radiomics: unknown image type %q (known: %s)", name, strings.Join(ImageTypeNames(), ", "))
	}
	for i, t := range e.ImageTypes {
		if t.Name == name {
			e.ImageTypes[i].Settings = settings
			return nil
		}
	}
	e.ImageTypes = append(e.ImageTypes, ImageType{Name: name, Settings: settings})
	return nil
}

// InputError reports a problem with the image, mask or settings of a case.
type InputError struct {
	Msg string
}

func (e *InputError) Error() string { return "radiomics: " + e.Msg }

func inputErr(format string, a ...any) error { return &InputError{Msg: fmt.Sprintf(format, a...)} }

// box is a cropped region of the image grid.
type box struct {
	lo, hi [3]int // inclusive bounds
}

func (b box) size() [3]int {
	return [3]int{b.hi[0] - b.lo[0] + 1, b.hi[1] - b.lo[1] + 1, b.hi[2] - b.lo[2] + 1}
}

// Extract computes the enabled features of img inside the voxels of mask
// that carry the configured label. It checks ctx between feature classes and
// image types. Errors describing bad input are *InputError.
func (e *Extractor) Extract(ctx context.Context, img *volume.Volume, mask *volume.Mask) (*Result, error) {
	if img == nil || mask == nil {
		return nil, inputErr("missing image or mask")
	}
	s := e.Settings
	if err := validateSettings(&s); err != nil {
		return nil, err
	}
	if len(img.Voxels) != img.Size[0]*img.Size[1]*img.Size[2] {
		return nil, inputErr("image has %d voxels for size %v", len(img.Voxels), img.Size)
	}
	if len(mask.Labels) != mask.Size[0]*mask.Size[1]*mask.Size[2] {
		return nil, inputErr("mask has %d voxels for size %v", len(mask.Labels), mask.Size)
	}
	res := &Result{}
	if s.AdditionalInfo {
		res.addDiag("diagnostics_Configuration_Settings", e.settingsString())
		res.addDiag("diagnostics_Configuration_EnabledImageTypes", e.imageTypesString())
		if e.PixelTypeKnown {
			res.addDiag("diagnostics_Image-original_Hash", imageHash(img.Voxels, e.PixelType))
		}
		imageDiagnostics(res, img)
	}
	if err := checkGeometry(img, mask, s.GeometryTolerance); err != nil {
		if !s.CorrectMask {
			return nil, err
		}
		mask = volume.ResampleNearest(mask, img.Size, img.Geometry)
	}
	if s.Label < 1 || s.Label > 255 {
		return nil, inputErr("label %d outside 1..255", s.Label)
	}
	label := uint8(s.Label)
	lo, hi, ok := mask.Bounds(label)
	if !ok {
		if mask.Count(0) == len(mask.Labels) {
			return nil, inputErr("mask is empty (no labels found, nothing is segmented)")
		}
		return nil, inputErr("label %d not present in mask (labels present: %v)", s.Label, labelsPresent(mask))
	}
	if s.AdditionalInfo {
		maskDiagnostics(res, mask, label, lo, hi)
	}
	bb := box{lo, hi}
	if err := checkROI(bb, mask.Count(label), s); err != nil {
		return nil, err
	}
	pixelType := e.PixelType
	if s.Normalize {
		img = normalize(img, s.NormalizeScale, s.RemoveOutliers)
		pixelType = resample.Float64 // SimpleITK's Normalize returns a float64 image
	}
	if len(s.ResampledPixelSpacing) > 0 {
		var err error
		img, mask, err = resampleCase(img, mask, label, s, pixelType)
		if err != nil {
			return nil, err
		}
		lo, hi, ok = mask.Bounds(label)
		if !ok {
			return nil, inputErr("label %d lost when resampling to %v mm", s.Label, s.ResampledPixelSpacing)
		}
		bb = box{lo, hi}
	}
	if s.PreCrop && len(s.ResampledPixelSpacing) == 0 {
		// PyRadiomics crops image and mask to the padded bounding box before
		// any filter, so filters see only that region.
		cb := padBox(bb, s.PadDistance, img.Size)
		img, mask = cropVolume(img, cb), cropMask(mask, cb)
		bb = box{sub3(bb.lo, cb.lo), sub3(bb.hi, cb.lo)}
	}
	// NaN voxels inside the ROI make every grey-value feature meaningless.
	roi := roiFlags(mask, label)
	for i, in := range roi {
		if in && math.IsNaN(img.Voxels[i]) {
			x, y, z := i%img.Size[0], (i/img.Size[0])%img.Size[1], i/(img.Size[0]*img.Size[1])
			return nil, inputErr("image has a NaN voxel inside the ROI at index (%d, %d, %d)", x, y, z)
		}
	}
	shapeROI := roi
	if len(s.ResegmentRange) > 0 {
		rs, err := resegment(img, roi, bb, s)
		if err != nil {
			return nil, err
		}
		roi = rs
		nlo, nhi, n := flagBounds(roi, img.Size)
		if n == 0 {
			return nil, inputErr("resegmentRange %v leaves no voxel in the ROI", s.ResegmentRange)
		}
		bb = box{nlo, nhi}
		if err := checkROI(bb, n, s); err != nil {
			return nil, err
		}
		if s.ResegmentShape {
			shapeROI = roi
		}
	}

	// Shape classes (original mask only).
	for _, cs := range e.Classes {
		c := ClassByName(cs.Class)
		if c == nil || !c.Shape {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sel, err := c.selection(cs.Features)
		if err != nil {
			return nil, err
		}
		vals, err := e.shapeValues(c.Name, img, shapeROI, bb)
		if err != nil {
			return nil, err
		}
		for _, i := range sel {
			res.Features = append(res.Features, Feature{ImageType: "original", Class: c.Name, Name: c.Features[i], Value: vals[i]})
		}
	}

	type job struct {
		d derived
		s Settings
	}
	var jobs []job
	for _, it := range e.ImageTypes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		f := imageTypes[it.Name]
		if f == nil {
			return nil, inputErr("unknown image type %q", it.Name)
		}
		ts, err := e.typeSettings(it)
		if err != nil {
			return nil, err
		}
		ts.pixelType = pixelType
		images, err := f(ctx, img, roi, bb, ts)
		if err != nil {
			return nil, fmt.Errorf("radiomics: image type %s: %w", it.Name, err)
		}
		for _, d := range images {
			jobs = append(jobs, job{d, ts})
		}
	}
	workers := e.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([][]Feature, len(jobs))
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(jobs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], errs[i] = e.classesOn(ctx, jobs[i].d, roi, bb, img.Size, img.Spacing, jobs[i].s)
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for i := range jobs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		res.Features = append(res.Features, out[i]...)
	}
	return res, nil
}

func (e *Extractor) shapeValues(name string, img *volume.Volume, roi []bool, bb box) ([]float64, error) {
	s := e.Settings
	// PyRadiomics crops the mask to the bounding box (no padDistance) before
	// the shape class pads it by one voxel. The frame matters: PyRadiomics'
	// mesh is not always closed (ambiguous faces are resolved per cube), so
	// its signed volume depends on the origin.
	cb := bb
	sz := cb.size()
	flags := cropFlags(roi, img.Size, cb)
	sp := img.Spacing
	switch name {
	case "shape":
		return shape.Compute(sz, flags, sp), nil
	case "shape2D":
		if !s.Force2D {
			return nil, inputErr("shape2D needs force2D: true")
		}
		dim := s.Force2DDimension // numpy axis: 0=z, 1=y, 2=x
		ax := 2 - dim
		if bb.hi[ax] != bb.lo[ax] {
			return nil, inputErr("shape2D needs a single-slice ROI along force2Ddimension %d, ROI spans %d slices", dim, bb.hi[ax]-bb.lo[ax]+1)
		}
		u, w := 0, 1
		switch ax {
		case 0:
			u, w = 1, 2
		case 1:
			u, w = 0, 2
		}
		two := make([]bool, sz[u]*sz[w])
		for k := 0; k < sz[2]; k++ {
			for j := 0; j < sz[1]; j++ {
				for i := 0; i < sz[0]; i++ {
					if flags[(k*sz[1]+j)*sz[0]+i] {
						p := [3]int{i, j, k}
						two[p[w]*sz[u]+p[u]] = true
					}
				}
			}
		}
		return shape2d.Compute([2]int{sz[u], sz[w]}, two, [2]float64{sp[u], sp[w]}), nil
	}
	return nil, fmt.Errorf("radiomics: %s is not a shape class", name)
}

// derived is one image produced by an image type: its name prefix in
// feature keys ("original", "wavelet-LLH") and the voxel values on the grid
// of box (values outside the box are never read).
type derived struct {
	Name   string
	Values []float64 // one per voxel of Box, x fastest
	Box    box       // region of the original grid covered by Values
}

func (e *Extractor) classesOn(ctx context.Context, d derived, roi []bool, bb box, grid [3]int, spacing [3]float64, s Settings) ([]Feature, error) {
	var feats []Feature
	sz := bb.size()
	n := sz[0] * sz[1] * sz[2]
	vals := make([]float64, n)
	flags := make([]bool, n)
	dsz := d.Box.size()
	roiVals := make([]float64, 0, n)
	for k := 0; k < sz[2]; k++ {
		for j := 0; j < sz[1]; j++ {
			gy, gz := bb.lo[1]+j, bb.lo[2]+k
			o := (k*sz[1] + j) * sz[0]
			drow := d.Values[((gz-d.Box.lo[2])*dsz[1]+(gy-d.Box.lo[1]))*dsz[0]+(bb.lo[0]-d.Box.lo[0]):][:sz[0]]
			rrow := roi[(gz*grid[1]+gy)*grid[0]+bb.lo[0]:][:sz[0]]
			vrow := vals[o : o+sz[0]]
			frow := flags[o : o+sz[0]]
			copy(vrow, drow)
			copy(frow, rrow)
			for i, in := range frow {
				if in {
					v := vrow[i]
					if math.IsNaN(v) {
						return nil, inputErr("image %s has a NaN voxel inside the ROI at (%d, %d, %d)", d.Name, bb.lo[0]+i, gy, gz)
					}
					roiVals = append(roiVals, v)
				}
			}
		}
	}
	var region *discretize.Region
	var nb *neighbourhood
	shared := 0
	for _, cs := range e.Classes {
		if cs.Class == "glcm" || cs.Class == "gldm" || cs.Class == "ngtdm" {
			shared++
		}
	}
	for _, cs := range e.Classes {
		c := ClassByName(cs.Class)
		if c == nil || c.Shape {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sel, err := c.selection(cs.Features)
		if err != nil {
			return nil, err
		}
		if region == nil {
			region, err = discretize.NewRegion(sz, spacing, vals, flags, s.BinWidth, s.BinCount)
			if err != nil {
				return nil, fmt.Errorf("radiomics: image %s: %w", d.Name, err)
			}
		}
		if nb == nil && shared >= 2 && (c.Name == "glcm" || c.Name == "gldm" || c.Name == "ngtdm") {
			nb = fusedNeighbourhood(region, &s)
		}
		out, err := texture(&s, c.Name, roiVals, region, spacing, nb)
		if err != nil {
			return nil, fmt.Errorf("radiomics: image %s, class %s: %w", d.Name, c.Name, err)
		}
		for _, i := range sel {
			feats = append(feats, Feature{ImageType: d.Name, Class: c.Name, Name: c.Features[i], Value: out[i]})
		}
	}
	return feats, nil
}
