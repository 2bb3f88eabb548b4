package dicom

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"radgo/core/volume"
)

// Instance is what a folder scan learns about one DICOM file.
type Instance struct {
	Path                string
	SOPClassUID         string
	SOPInstanceUID      string
	StudyUID            string
	SeriesUID           string
	FrameOfReferenceUID string
	Modality            string
	SeriesDescription   string
	PatientID           string
	InstanceNumber      int
	TransferSyntax      string
	Rows, Columns       int
	Frames              int
	BitsStored          int
	PixelRepresentation int
	Size                int64 // file size in bytes
}

// Slice is one image plane of a series: a single-frame instance, or one
// frame of a multi-frame (enhanced) instance.
type Slice struct {
	Instance     *Instance
	Frame        int
	Position     [3]float64 // ImagePositionPatient, mm
	Orientation  [6]float64 // ImageOrientationPatient
	PixelSpacing [2]float64 // row spacing, column spacing (mm)
	Slope        float64
	Intercept    float64
	hasPos       bool
	hasOrient    bool
}

// Series is one image series (same SeriesInstanceUID).
type Series struct {
	UID                 string
	Modality            string
	Description         string
	FrameOfReferenceUID string
	PatientID           string
	StudyUID            string
	Instances           []*Instance
	// Slices are sorted along the slice normal by Geometry (and Load).
	Slices []Slice
	// Positions holds each sorted slice's position along the normal (mm),
	// set by Geometry.
	Positions []float64
	// Warnings lists accepted irregularities (uneven spacing when allowed).
	Warnings []string
}

// FileError is a file that could not be read.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Err.Error() }

// Catalog is the content of a scanned folder.
type Catalog struct {
	Series    []*Series
	RTStructs []*Instance
	SEGs      []*Instance
	Others    []*Instance  // other DICOM objects (SR, presentation states, ...)
	Errors    []*FileError // DICOM files that could not be parsed
	Skipped   []string     // files that are not DICOM
}

// ErrNotDICOM marks a file without the DICM marker or a recognisable data element.
var ErrNotDICOM = errors.New("not a DICOM file")

// Option adjusts series loading.
type Option func(*options)

type options struct {
	seriesUID string
	uneven    bool
	workers   int
}

// WithSeriesUID selects one series when a folder holds several.
func WithSeriesUID(uid string) Option { return func(o *options) { o.seriesUID = uid } }

// AllowUnevenSpacing accepts slices whose spacing varies; the volume then
// uses the mean spacing (first to last position over n−1) and the series
// records a warning. Duplicate positions are still refused.
func AllowUnevenSpacing() Option { return func(o *options) { o.uneven = true } }

// Workers sets the number of goroutines decoding pixels (default
// GOMAXPROCS).
func Workers(n int) Option { return func(o *options) { o.workers = n } }

func collect(opts []Option) *options {
	o := &options{workers: runtime.GOMAXPROCS(0)}
	for _, f := range opts {
		f(o)
	}
	if o.workers < 1 {
		o.workers = 1
	}
	return o
}

// Scan reads the headers of every file under root (recursively) and groups
// image files into series.
func Scan(root string) (*Catalog, error) {
	var paths []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") || d.Name() == "DICOMDIR" {
			return nil
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ScanFiles(paths)
}

// ScanFiles is Scan for an explicit list of files.
func ScanFiles(paths []string) (*Catalog, error) {
	type result struct {
		inst   *Instance
		slices []Slice
		err    error
	}
	res := make([]result, len(paths))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				ds, err := ParseFile(paths[i], HeaderOnly())
				if err != nil {
					res[i].err = err
					continue
				}
				res[i].inst, res[i].slices, res[i].err = describe(paths[i], ds)
				if st, err := os.Stat(paths[i]); err == nil && res[i].inst != nil {
					res[i].inst.Size = st.Size()
				}
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	c := &Catalog{}
	byUID := map[string]*Series{}
	for i, r := range res {
		if r.err != nil {
			var fe *FormatError
			if errors.As(r.err, &fe) && strings.Contains(fe.Msg, "not a DICOM file") {
				c.Skipped = append(c.Skipped, paths[i])
				continue
			}
			c.Errors = append(c.Errors, &FileError{Path: paths[i], Err: r.err})
			continue
		}
		in := r.inst
		switch {
		case in.Modality == "RTSTRUCT":
			c.RTStructs = append(c.RTStructs, in)
		case in.Modality == "SEG" || in.SOPClassUID == "1.2.840.10008.5.1.4.1.1.66.4" || in.SOPClassUID == "1.2.840.10008.5.1.4.1.1.66.7":
			c.SEGs = append(c.SEGs, in)
		case len(r.slices) == 0:
			c.Others = append(c.Others, in)
		default:
			s := byUID[in.SeriesUID]
			if s == nil {
				s = &Series{UID: in.SeriesUID, Modality: in.Modality, Description: in.SeriesDescription,
					FrameOfReferenceUID: in.FrameOfReferenceUID, PatientID: in.PatientID, StudyUID: in.StudyUID}
				byUID[in.SeriesUID] = s
				c.Series = append(c.Series, s)
			}
			s.Instances = append(s.Instances, in)
			s.Slices = append(s.Slices, r.slices...)
		}
	}
	return c, nil
}

// describe extracts the instance and its slices from a header.
func describe(path string, ds *Dataset) (*Instance, []Slice, error) {
	in := &Instance{
		Path: path, SOPClassUID: ds.String(TagSOPClassUID), SOPInstanceUID: ds.String(TagSOPInstanceUID),
		StudyUID: ds.String(TagStudyInstanceUID), SeriesUID: ds.String(TagSeriesInstanceUID),
		FrameOfReferenceUID: ds.String(TagFrameOfReferenceUID), Modality: ds.Modality(),
		SeriesDescription: ds.String(TagSeriesDescription), PatientID: ds.String(TagPatientID),
		InstanceNumber: ds.Int(TagInstanceNumber, 0), TransferSyntax: ds.TransferSyntax,
		Rows: ds.Int(TagRows, 0), Columns: ds.Int(TagColumns, 0), Frames: ds.Int(TagNumberOfFrames, 1),
		BitsStored: ds.Int(TagBitsStored, ds.Int(TagBitsAllocated, 16)), PixelRepresentation: ds.Int(TagPixelRepresentation, 0),
	}
	if in.TransferSyntax == "" {
		in.TransferSyntax = ImplicitVRLittleEndian
	}
	if in.Modality == "RTSTRUCT" || in.Modality == "SEG" || !ds.HasPixelData() {
		return in, nil, nil
	}
	if in.Frames < 1 {
		in.Frames = 1
	}
	if in.Frames > 1<<16 {
		return nil, nil, &FormatError{Msg: fmt.Sprintf("NumberOfFrames %d", in.Frames)}
	}
	shared := ds.Item(TagSharedFG, 0)
	perFrame := ds.Seq(TagPerFrameFG)
	// RT Dose and other classic multi-frame images: frame f lies at
	// GridFrameOffsetVector[f] along the normal from ImagePositionPatient.
	gridOffsets, err := ds.Floats(tagGridFrameOffsets)
	if err != nil {
		return nil, nil, err
	}
	if len(perFrame) > 0 || in.Frames == 1 {
		gridOffsets = nil
	} else if len(gridOffsets) != in.Frames {
		return nil, nil, &FormatError{Msg: fmt.Sprintf("%d frames without per-frame positions (GridFrameOffsetVector has %d values)", in.Frames, len(gridOffsets))}
	}
	doseScaling, err := ds.Float(tagDoseGridScaling, 0)
	if err != nil {
		return nil, nil, err
	}
	slices := make([]Slice, in.Frames)
	for f := range slices {
		s := &slices[f]
		s.Instance, s.Frame = in, f
		var pf *Dataset
		if f < len(perFrame) {
			pf = perFrame[f]
		}
		// Attributes come from the per-frame group, then the shared group,
		// then the top level (classic single-frame images).
		look := func(seq Tag, t Tag) ([]float64, error) {
			for _, g := range []*Dataset{pf, shared} {
				if it := g.Item(seq, 0); it != nil {
					if v, err := it.Floats(t); len(v) > 0 || err != nil {
						return v, err
					}
				}
			}
			return ds.Floats(t)
		}
		pos, err := look(TagPlanePositionSeq, TagImagePosition)
		if err != nil {
			return nil, nil, err
		}
		if len(pos) >= 3 {
			copy(s.Position[:], pos)
			s.hasPos = true
		}
		ori, err := look(TagPlaneOrientationSeq, TagImageOrientation)
		if err != nil {
			return nil, nil, err
		}
		if len(ori) >= 6 {
			copy(s.Orientation[:], ori)
			s.hasOrient = true
		}
		ps, err := look(TagPixelMeasuresSeq, TagPixelSpacing)
		if err != nil {
			return nil, nil, err
		}
		if len(ps) >= 2 {
			copy(s.PixelSpacing[:], ps)
		}
		s.Slope, s.Intercept = 1, 0
		if v, err := look(TagPixelValueTransSeq, TagRescaleSlope); err != nil {
			return nil, nil, err
		} else if len(v) > 0 {
			s.Slope = v[0]
		}
		if v, err := look(TagPixelValueTransSeq, TagRescaleIntercept); err != nil {
			return nil, nil, err
		} else if len(v) > 0 {
			s.Intercept = v[0]
		}
		if doseScaling > 0 {
			s.Slope = doseScaling // RTDOSE: values in Gy
		}
		if gridOffsets != nil && s.hasPos && s.hasOrient {
			// Offsets are relative to the first frame when it is 0, else
			// absolute positions along the normal (PS3.3 C.8.8.3.2); both
			// forms reduce to IPP + (offset − offset₀ + first) · normal.
			n := cross([3]float64{s.Orientation[0], s.Orientation[1], s.Orientation[2]}, [3]float64{s.Orientation[3], s.Orientation[4], s.Orientation[5]})
			d := gridOffsets[f]
			if gridOffsets[0] != 0 {
				d -= gridOffsets[0]
			}
			for a := 0; a < 3; a++ {
				s.Position[a] += d * n[a]
			}
		}
		if s.Slope == 0 || math.IsNaN(s.Slope) || math.IsInf(s.Slope, 0) || math.IsNaN(s.Intercept) || math.IsInf(s.Intercept, 0) {
			return nil, nil, &FormatError{Msg: fmt.Sprintf("RescaleSlope %g, RescaleIntercept %g", s.Slope, s.Intercept)}
		}
	}
	return in, slices, nil
}

// SeriesError reports an inconsistent series; Problems name the files.
type SeriesError struct {
	UID      string
	Problems []string
}

func (e *SeriesError) Error() string {
	p := e.Problems
	more := ""
	if len(p) > 8 {
		more = fmt.Sprintf("; and %d more", len(p)-8)
		p = p[:8]
	}
	return fmt.Sprintf("dicom: series %s is inconsistent: %s%s", e.UID, strings.Join(p, "; "), more)
}

func sub(a, b [3]float64) [3]float64 { return [3]float64{a[0] - b[0], a[1] - b[1], a[2] - b[2]} }
func dot(a, b [3]float64) float64    { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }
func cross(a, b [3]float64) [3]float64 {
	return [3]float64{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}
func unit(a [3]float64) [3]float64 {
	n := math.Sqrt(dot(a, a))
	return [3]float64{a[0] / n, a[1] / n, a[2] / n}
}

func (sl *Slice) name() string {
	if sl.Instance.Frames > 1 {
		return fmt.Sprintf("%s frame %d", sl.Instance.Path, sl.Frame+1)
	}
	return sl.Instance.Path
}

// Geometry sorts the slices along the normal of their common orientation,
// checks the series is one regular grid, and returns its geometry and size
// (columns, rows, slices).
func (s *Series) Geometry(opts ...Option) (volume.Geometry, [3]int, error) {
	o := collect(opts)
	var g volume.Geometry
	var size [3]int
	if len(s.Slices) == 0 {
		return g, size, &SeriesError{UID: s.UID, Problems: []string{"no image slices"}}
	}
	var probs []string
	first := &s.Slices[0]
	if len(s.Slices) == 1 && (!first.hasPos || !first.hasOrient || first.PixelSpacing[0] <= 0 || first.PixelSpacing[1] <= 0) {
		// A lone 2-D image (CR, secondary capture): place it at the origin
		// with unit spacing where the geometry is missing, and say so.
		var miss []string
		if !first.hasPos {
			first.Position, first.hasPos = [3]float64{}, true
			miss = append(miss, "ImagePositionPatient")
		}
		if !first.hasOrient {
			first.Orientation, first.hasOrient = [6]float64{1, 0, 0, 0, 1, 0}, true
			miss = append(miss, "ImageOrientationPatient")
		}
		if first.PixelSpacing[0] <= 0 || first.PixelSpacing[1] <= 0 {
			first.PixelSpacing = [2]float64{1, 1}
			miss = append(miss, "PixelSpacing")
		}
		s.Warnings = append(s.Warnings, fmt.Sprintf("%s has no %s: a 2-D image placed at the origin with default geometry", first.name(), strings.Join(miss, ", ")))
	}
	for i := range s.Slices {
		sl := &s.Slices[i]
		switch {
		case !sl.hasPos:
			probs = append(probs, sl.name()+": no ImagePositionPatient")
		case !sl.hasOrient:
			probs = append(probs, sl.name()+": no ImageOrientationPatient")
		case sl.PixelSpacing[0] <= 0 || sl.PixelSpacing[1] <= 0:
			probs = append(probs, fmt.Sprintf("%s: PixelSpacing %v", sl.name(), sl.PixelSpacing))
		}
	}
	if len(probs) > 0 {
		if len(s.Instances) == 1 && len(s.Slices) > 1 && !first.hasPos {
			probs = []string{fmt.Sprintf("%s: %d frames without plane positions (a cine or time series, not a volume)", first.Instance.Path, len(s.Slices))}
		}
		return g, size, &SeriesError{UID: s.UID, Problems: probs}
	}
	for i := range s.Slices {
		sl := &s.Slices[i]
		if sl.Instance.Rows != first.Instance.Rows || sl.Instance.Columns != first.Instance.Columns {
			probs = append(probs, fmt.Sprintf("%s is %d×%d, %s is %d×%d", sl.name(), sl.Instance.Columns, sl.Instance.Rows, first.name(), first.Instance.Columns, first.Instance.Rows))
		}
		for j := 0; j < 6; j++ {
			if math.Abs(sl.Orientation[j]-first.Orientation[j]) > 1e-4 {
				probs = append(probs, fmt.Sprintf("mixed orientation: %s has %v, %s has %v", sl.name(), sl.Orientation, first.name(), first.Orientation))
				break
			}
		}
		if math.Abs(sl.PixelSpacing[0]-first.PixelSpacing[0]) > 1e-4 || math.Abs(sl.PixelSpacing[1]-first.PixelSpacing[1]) > 1e-4 {
			probs = append(probs, fmt.Sprintf("%s has PixelSpacing %v, %s has %v", sl.name(), sl.PixelSpacing, first.name(), first.PixelSpacing))
		}
		if sl.Instance.FrameOfReferenceUID != first.Instance.FrameOfReferenceUID {
			probs = append(probs, fmt.Sprintf("%s has FrameOfReferenceUID %s, %s has %s", sl.name(), sl.Instance.FrameOfReferenceUID, first.name(), first.Instance.FrameOfReferenceUID))
		}
	}
	if len(probs) > 0 {
		return g, size, &SeriesError{UID: s.UID, Problems: probs}
	}
	rowDir := unit([3]float64{first.Orientation[0], first.Orientation[1], first.Orientation[2]})
	colDir := unit([3]float64{first.Orientation[3], first.Orientation[4], first.Orientation[5]})
	if math.Abs(dot(rowDir, colDir)) > 1e-3 {
		return g, size, &SeriesError{UID: s.UID, Problems: []string{fmt.Sprintf("%s: ImageOrientationPatient %v is not orthogonal", first.name(), first.Orientation)}}
	}
	normal := unit(cross(rowDir, colDir))
	sort.SliceStable(s.Slices, func(a, b int) bool {
		return dot(s.Slices[a].Position, normal) < dot(s.Slices[b].Position, normal)
	})
	n := len(s.Slices)
	s.Positions = make([]float64, n)
	for i := range s.Slices {
		s.Positions[i] = dot(s.Slices[i].Position, normal)
	}
	spacing := 1.0
	if n == 1 {
		ds := 0.0
		if d, err := ParseFile(first.Instance.Path, HeaderOnly()); err == nil {
			ds, _ = d.Float(TagSpacingBetween, 0)
			if ds <= 0 {
				ds, _ = d.Float(TagSliceThickness, 0)
			}
		}
		if ds > 0 {
			spacing = ds
		}
	} else {
		spacing = (s.Positions[n-1] - s.Positions[0]) / float64(n-1)
		steps := make([]float64, n-1)
		for i := 1; i < n; i++ {
			steps[i-1] = s.Positions[i] - s.Positions[i-1]
		}
		sorted := append([]float64(nil), steps...)
		sort.Float64s(sorted)
		typical := sorted[len(sorted)/2]
		tol := math.Max(0.01, 1e-3*math.Abs(typical))
		var uneven []string
		for i, d := range steps {
			a, b := &s.Slices[i], &s.Slices[i+1]
			if d < 1e-3 {
				probs = append(probs, fmt.Sprintf("%s and %s are at the same position %.4g mm along the normal (duplicate slice or two acquisitions)", a.name(), b.name(), s.Positions[i]))
				continue
			}
			if math.Abs(d-typical) > tol {
				msg := fmt.Sprintf("%s → %s steps %.4g mm where the series steps %.4g mm", a.name(), b.name(), d, typical)
				if k := math.Round(d / typical); k >= 2 && math.Abs(d-k*typical) <= tol {
					msg += fmt.Sprintf(" (%d missing slices?)", int(k)-1)
				}
				uneven = append(uneven, msg)
			}
		}
		if len(probs) > 0 {
			return g, size, &SeriesError{UID: s.UID, Problems: probs}
		}
		if len(uneven) > 0 {
			if !o.uneven {
				return g, size, &SeriesError{UID: s.UID, Problems: append(uneven, "uneven slice spacing (use AllowUnevenSpacing / --allow-uneven-spacing to accept it with the mean spacing)")}
			}
			s.Warnings = append(s.Warnings, fmt.Sprintf("uneven slice spacing accepted; mean spacing %.4g mm used: %s", spacing, strings.Join(uneven, "; ")))
		}
		// Gantry tilt: positions must move along the normal.
		for i := 1; i < n; i++ {
			d := sub(s.Slices[i].Position, s.Slices[0].Position)
			along := dot(d, normal)
			off := sub(d, [3]float64{along * normal[0], along * normal[1], along * normal[2]})
			if math.Sqrt(dot(off, off)) > 0.01+1e-3*math.Abs(along) {
				tilt := math.Atan2(math.Sqrt(dot(off, off)), math.Abs(along)) * 180 / math.Pi
				return g, size, &SeriesError{UID: s.UID, Problems: []string{fmt.Sprintf(
					"slice positions do not follow the slice normal (%s is %.3g mm off-axis from %s): gantry tilt of about %.2g° or a sheared series; resample it first", s.Slices[i].name(), math.Sqrt(dot(off, off)), s.Slices[0].name(), tilt)}}
			}
		}
	}
	g.Spacing = [3]float64{first.PixelSpacing[1], first.PixelSpacing[0], spacing}
	g.Origin = s.Slices[0].Position
	for r := 0; r < 3; r++ {
		g.Direction[r] = [3]float64{rowDir[r], colDir[r], normal[r]}
	}
	size = [3]int{first.Instance.Columns, first.Instance.Rows, n}
	return g, size, nil
}

// SliceIndex maps each SOP Instance UID of a single-frame series to its
// slice index k (valid after Geometry or Load).
func (s *Series) SliceIndex() map[string]int {
	m := make(map[string]int, len(s.Slices))
	for k, sl := range s.Slices {
		if sl.Instance.Frames == 1 {
			m[sl.Instance.SOPInstanceUID] = k
		}
	}
	return m
}

// Load sorts and checks the series and decodes its pixels into a volume of
// rescaled values (Hounsfield units for CT).
func (s *Series) Load(opts ...Option) (*volume.Volume, error) {
	o := collect(opts)
	g, size, err := s.Geometry(opts...)
	if err != nil {
		return nil, err
	}
	// Headers are checked against the bytes the files hold before the
	// volume is allocated (no codec here expands more than 64:1).
	var bytesOnDisk int64
	for _, in := range s.Instances {
		bytesOnDisk += in.Size
	}
	if voxels := int64(size[0]) * int64(size[1]) * int64(size[2]); voxels > 64*bytesOnDisk+1<<20 {
		return nil, &SeriesError{UID: s.UID, Problems: []string{fmt.Sprintf("%d×%d×%d voxels declared in %d bytes of files", size[0], size[1], size[2], bytesOnDisk)}}
	}
	v := volume.New(size, g)
	plane := size[0] * size[1]
	// Group slices by file so each file is read and parsed once.
	byFile := map[*Instance][]int{}
	var order []*Instance
	for k, sl := range s.Slices {
		if _, ok := byFile[sl.Instance]; !ok {
			order = append(order, sl.Instance)
		}
		byFile[sl.Instance] = append(byFile[sl.Instance], k)
	}
	errs := make([]error, len(order))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(o.workers, len(order)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				in := order[i]
				errs[i] = func() (err error) {
					defer func() {
						if r := recover(); r != nil {
							err = fmt.Errorf("%s: internal decoder error: %v", in.Path, r)
						}
					}()
					ds, err := ParseFile(in.Path)
					if err != nil {
						return err
					}
					pi, err := ds.Pixels()
					if err != nil {
						return fmt.Errorf("%s: %w", in.Path, err)
					}
					if pi.Rows != size[1] || pi.Columns != size[0] {
						return fmt.Errorf("%s: %d×%d pixels, series is %d×%d", in.Path, pi.Columns, pi.Rows, size[0], size[1])
					}
					for _, k := range byFile[in] {
						sl := &s.Slices[k]
						if err := ds.DecodeFrame(pi, sl.Frame, v.Voxels[k*plane:(k+1)*plane], sl.Slope, sl.Intercept); err != nil {
							return fmt.Errorf("%s: %w", sl.name(), err)
						}
					}
					return nil
				}()
			}
		}()
	}
	for i := range order {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return v, nil
}

// ReadSeries reads the image series at path: a folder (searched
// recursively; RTSTRUCT, SEG and non-DICOM files are ignored) or one DICOM
// file. A folder with several series needs WithSeriesUID. Files that look
// like DICOM but cannot be parsed make the read fail, naming them, since
// they may be missing slices.
func ReadSeries(path string, opts ...Option) (*volume.Volume, *Series, error) {
	s, err := FindSeries(path, opts...)
	if err != nil {
		return nil, nil, err
	}
	v, err := s.Load(opts...)
	if err != nil {
		return nil, s, err
	}
	return v, s, nil
}

// ReadFiles reads the image series made of exactly the given files (for
// callers holding a file list, e.g. from a PACS export manifest).
func ReadFiles(paths []string, opts ...Option) (*volume.Volume, *Series, error) {
	o := collect(opts)
	c, err := ScanFiles(paths)
	if err != nil {
		return nil, nil, err
	}
	if len(c.Errors) > 0 {
		return nil, nil, c.Errors[0].Err
	}
	var cands []*Series
	for _, s := range c.Series {
		if o.seriesUID == "" || s.UID == o.seriesUID {
			cands = append(cands, s)
		}
	}
	if len(cands) != 1 {
		return nil, nil, fmt.Errorf("dicom: %d image series among %d files (%s)", len(cands), len(paths), listSeries(c.Series))
	}
	v, err := cands[0].Load(opts...)
	return v, cands[0], err
}

// FindSeries scans path and returns the one series it holds (or the one
// chosen by WithSeriesUID), without reading pixels.
func FindSeries(path string, opts ...Option) (*Series, error) {
	o := collect(opts)
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	var c *Catalog
	if st.IsDir() {
		c, err = Scan(path)
	} else {
		c, err = ScanFiles([]string{path})
	}
	if err != nil {
		return nil, err
	}
	if len(c.Errors) > 0 {
		var msgs []string
		for i, e := range c.Errors {
			if i == 3 {
				msgs = append(msgs, fmt.Sprintf("and %d more", len(c.Errors)-3))
				break
			}
			msgs = append(msgs, e.Err.Error())
		}
		return nil, fmt.Errorf("%s: %d DICOM file(s) cannot be read: %s", path, len(c.Errors), strings.Join(msgs, "; "))
	}
	var cands []*Series
	for _, s := range c.Series {
		if o.seriesUID == "" || s.UID == o.seriesUID {
			cands = append(cands, s)
		}
	}
	if o.seriesUID == "" && len(cands) > 1 {
		// A dose grid next to its CT is not the image a user means.
		var images []*Series
		for _, s := range cands {
			if s.Modality != "RTDOSE" {
				images = append(images, s)
			}
		}
		if len(images) > 0 {
			cands = images
		}
	}
	switch {
	case len(cands) == 1:
		return cands[0], nil
	case len(cands) == 0 && o.seriesUID != "":
		return nil, fmt.Errorf("%s: no series with SeriesInstanceUID %s (%s)", path, o.seriesUID, listSeries(c.Series))
	case len(cands) == 0:
		what := ""
		if len(c.RTStructs)+len(c.SEGs) > 0 {
			what = fmt.Sprintf(" (it holds %d RTSTRUCT and %d SEG files)", len(c.RTStructs), len(c.SEGs))
		}
		if st.IsDir() {
			return nil, fmt.Errorf("%s: no DICOM image series%s", path, what)
		}
		return nil, fmt.Errorf("%s: not a DICOM image%s", path, what)
	}
	return nil, fmt.Errorf("%s: %d series; choose one by SeriesInstanceUID (%s)", path, len(cands), listSeries(cands))
}

func listSeries(ss []*Series) string {
	var p []string
	for _, s := range ss {
		p = append(p, fmt.Sprintf("%s %s %q, %d slices", s.UID, s.Modality, s.Description, len(s.Slices)))
	}
	return strings.Join(p, "; ")
}

// RescaledRange returns the range of values the series can hold after
// rescaling (from BitsStored, PixelRepresentation and every slice's
// RescaleSlope/Intercept) and whether they are all integers. Readers such as
// GDCM/SimpleITK choose the voxel type from it (an int16 CT stays int16);
// callers that mimic them can do the same.
func (s *Series) RescaledRange() (lo, hi float64, integer bool) {
	lo, hi, integer = math.Inf(1), math.Inf(-1), true
	for _, sl := range s.Slices {
		bits := sl.Instance.BitsStored
		if bits < 1 || bits > 32 {
			bits = 16
		}
		smin, smax := 0.0, math.Ldexp(1, bits)-1
		if sl.Instance.PixelRepresentation == 1 {
			smin, smax = -math.Ldexp(1, bits-1), math.Ldexp(1, bits-1)-1
		}
		a, b := smin*sl.Slope+sl.Intercept, smax*sl.Slope+sl.Intercept
		lo, hi = math.Min(lo, math.Min(a, b)), math.Max(hi, math.Max(a, b))
		if sl.Slope != math.Trunc(sl.Slope) || sl.Intercept != math.Trunc(sl.Intercept) {
			integer = false
		}
	}
	return lo, hi, integer
}
