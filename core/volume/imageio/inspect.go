package imageio

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"radgo/core/volume"
	"radgo/core/volume/dicom"
	"radgo/core/volume/nifti"
	"radgo/core/volume/nrrd"
	"radgo/core/volume/rtstruct"
	"radgo/core/volume/seg"
)

// Info describes what a file or folder holds, as printed by `radgo info`.
type Info struct {
	Path     string
	Kind     string
	Images   []ImageInfo
	Masks    []MaskInfo
	Problems []string // unreadable files and inconsistencies
}

// ImageInfo describes one image (a DICOM series or an image file).
type ImageInfo struct {
	Name             string // series UID or file name
	Modality         string
	Description      string
	Files            int
	Size             [3]int
	Geometry         volume.Geometry
	TransferSyntaxes []string
	Min, Max, Mean   float64
	Labels           map[int]int // voxel count per value, for integer label maps
	Warnings         []string
	Err              error
}

// MaskInfo describes one mask object (RTSTRUCT, SEG, .seg.nrrd).
type MaskInfo struct {
	Path                string
	Kind                string
	FrameOfReferenceUID string
	On                  string // the image the voxel counts refer to
	Regions             []Region
	Err                 error
}

// Region is one ROI or segment.
type Region struct {
	Name     string
	Number   int // ROI number, segment number or label value
	Contours int // RTSTRUCT only
	Voxels   int // -1 when unknown (no image to rasterise on)
	Note     string
}

// Inspect describes path. It reads pixels (to report value ranges and
// voxel counts) but never fails on a bad file: problems are listed in the
// result; the error is for an unreadable path only.
func Inspect(path string, opts ...Option) (*Info, error) {
	o := collect(opts)
	kind, err := Kind(path)
	if err != nil {
		return nil, err
	}
	info := &Info{Path: path, Kind: kind}
	switch kind {
	case KindNRRD, KindNIfTI:
		var v *volume.Volume
		if kind == KindNRRD {
			v, err = nrrd.ReadFile(path)
		} else {
			v, err = nifti.ReadFile(path)
		}
		ii := ImageInfo{Name: filepath.Base(path), Err: err}
		if err == nil {
			describeVolume(&ii, v)
		}
		info.Images = append(info.Images, ii)
	case KindSlicerSeg:
		mi := MaskInfo{Path: path, Kind: kind}
		s, err := nrrd.ReadSegmentation(path)
		if err != nil {
			mi.Err = err
		} else {
			ii := ImageInfo{Name: filepath.Base(path) + " (label layers)", Size: s.Layers[0].Size, Geometry: s.Layers[0].Geometry, Files: 1}
			info.Images = append(info.Images, ii)
			mi.On = "its own grid"
			for _, sg := range s.Segments {
				mi.Regions = append(mi.Regions, Region{Name: sg.Name, Number: sg.LabelValue, Voxels: s.Mask(sg).Count(1),
					Note: fmt.Sprintf("layer %d, ID %s", sg.Layer, sg.ID)})
			}
		}
		info.Masks = append(info.Masks, mi)
	case KindDICOMFolder, KindDICOMImage, KindRTStruct, KindSEG, KindDICOMUnknown:
		inspectDICOM(info, path, kind, o)
	}
	return info, nil
}

func describeVolume(ii *ImageInfo, v *volume.Volume) {
	ii.Size, ii.Geometry = v.Size, v.Geometry
	mn, mx, sum := math.Inf(1), math.Inf(-1), 0.0
	integer := true
	for _, x := range v.Voxels {
		mn, mx, sum = math.Min(mn, x), math.Max(mx, x), sum+x
		if integer && (x != math.Trunc(x) || x < 0 || x > 255) {
			integer = false
		}
	}
	ii.Min, ii.Max, ii.Mean = mn, mx, sum/float64(len(v.Voxels))
	if integer && len(v.Voxels) > 0 {
		var h [256]int
		for _, x := range v.Voxels {
			h[int(x)]++
		}
		ii.Labels = map[int]int{}
		for l, n := range h {
			if n > 0 {
				ii.Labels[l] = n
			}
		}
		if len(ii.Labels) > 32 {
			ii.Labels = nil // an 8-bit image, not a label map
		}
	}
}

func inspectDICOM(info *Info, path, kind string, o *options) {
	var c *dicom.Catalog
	var err error
	root := path
	if kind == KindDICOMFolder {
		c, err = dicom.Scan(path)
	} else {
		c, err = dicom.ScanFiles([]string{path})
		if kind == KindRTStruct || kind == KindSEG {
			// Look for the images next to the mask object (its folder and the
			// parent folder, as in patient/ct + patient/rtstruct layouts).
			root = filepath.Dir(filepath.Dir(path))
			if cc, err := dicom.Scan(root); err == nil {
				c.Series = cc.Series
			}
		}
	}
	if err != nil {
		info.Problems = append(info.Problems, err.Error())
		return
	}
	for _, e := range c.Errors {
		info.Problems = append(info.Problems, e.Err.Error())
	}
	type loaded struct {
		s *dicom.Series
		v *volume.Volume
	}
	var series []loaded
	for _, s := range c.Series {
		if o.seriesUID != "" && s.UID != o.seriesUID {
			continue
		}
		ii := ImageInfo{Name: s.UID, Modality: s.Modality, Description: s.Description, Files: len(s.Instances)}
		ts := map[string]bool{}
		for _, in := range s.Instances {
			ts[in.TransferSyntax] = true
		}
		for t := range ts {
			ii.TransferSyntaxes = append(ii.TransferSyntaxes, syntaxName(t))
		}
		sort.Strings(ii.TransferSyntaxes)
		v, err := s.Load(o.dicomOptions()...)
		if err != nil {
			ii.Err = err
			info.Problems = append(info.Problems, err.Error())
		} else {
			describeVolume(&ii, v)
			ii.Labels = nil
			ii.Warnings = s.Warnings
			series = append(series, loaded{s, v})
		}
		info.Images = append(info.Images, ii)
	}
	pickSeries := func(frameOfRef string) (*dicom.Series, *volume.Volume) {
		var cand []loaded
		for _, l := range series {
			if frameOfRef == "" || l.s.FrameOfReferenceUID == frameOfRef {
				cand = append(cand, l)
			}
		}
		if len(cand) == 0 {
			return nil, nil
		}
		return cand[0].s, cand[0].v
	}
	for _, in := range c.RTStructs {
		mi := MaskInfo{Path: in.Path, Kind: KindRTStruct}
		ss, err := rtstruct.ReadFile(in.Path)
		if err != nil {
			mi.Err = err
			info.Problems = append(info.Problems, err.Error())
			info.Masks = append(info.Masks, mi)
			continue
		}
		mi.FrameOfReferenceUID = ss.FrameOfReferenceUID
		for _, roi := range ss.ROIs {
			fo := roi.FrameOfReferenceUID
			if fo == "" {
				fo = ss.FrameOfReferenceUID
			}
			r := Region{Name: roi.Name, Number: roi.Number, Contours: len(roi.Contours), Voxels: -1}
			s, v := pickSeries(fo)
			if s == nil {
				r.Note = "no image series with its FrameOfReferenceUID here"
			} else if len(roi.Contours) > 0 {
				mi.On = "series " + s.UID
				m, warn, err := roi.Mask(v.Geometry, v.Size, &rtstruct.Options{CombineOR: o.combineOR, Slices: s.SliceIndex(), FrameOfReferenceUID: s.FrameOfReferenceUID})
				if err != nil {
					r.Note = err.Error()
				} else {
					r.Voxels = m.Count(1)
					r.Note = strings.Join(warn, "; ")
				}
			}
			mi.Regions = append(mi.Regions, r)
		}
		info.Masks = append(info.Masks, mi)
	}
	for _, in := range c.SEGs {
		mi := MaskInfo{Path: in.Path, Kind: KindSEG, FrameOfReferenceUID: in.FrameOfReferenceUID}
		sg, err := seg.ReadFile(in.Path)
		if err != nil {
			mi.Err = err
			info.Problems = append(info.Problems, err.Error())
			info.Masks = append(info.Masks, mi)
			continue
		}
		s, v := pickSeries(sg.FrameOfReferenceUID)
		if s != nil {
			mi.On = "series " + s.UID
		} else {
			mi.On = "the SEG's own frames"
		}
		for _, segm := range sg.Segments {
			if segm.Number == 0 {
				continue
			}
			r := Region{Name: segm.Label, Number: segm.Number, Voxels: sg.Count(segm), Note: sg.Type}
			if v != nil {
				if m, err := sg.MaskOn(segm, v.Geometry, v.Size); err != nil {
					r.Note += "; not on the series grid: " + err.Error()
				} else {
					r.Voxels = m.Count(1)
				}
			}
			mi.Regions = append(mi.Regions, r)
		}
		info.Masks = append(info.Masks, mi)
	}
	if len(c.Series) == 0 && len(c.RTStructs) == 0 && len(c.SEGs) == 0 && len(c.Errors) == 0 {
		info.Problems = append(info.Problems, fmt.Sprintf("%s: no DICOM images, RTSTRUCT or SEG (%d other DICOM files, %d non-DICOM files)", path, len(c.Others), len(c.Skipped)))
	}
}

func syntaxName(ts string) string {
	names := map[string]string{
		dicom.ImplicitVRLittleEndian: "Implicit VR Little Endian", dicom.ExplicitVRLittleEndian: "Explicit VR Little Endian",
		dicom.ExplicitVRBigEndian: "Explicit VR Big Endian", dicom.DeflatedExplicitVRLE: "Deflated Explicit VR LE",
		dicom.RLELossless: "RLE Lossless", dicom.JPEGBaseline8Bit: "JPEG Baseline", dicom.JPEGExtended12Bit: "JPEG Extended",
		dicom.JPEGLosslessP14: "JPEG Lossless P14", dicom.JPEGLosslessSV1: "JPEG Lossless SV1", dicom.JPEGLSLossless: "JPEG-LS Lossless",
		dicom.JPEGLSNearLossless: "JPEG-LS Near-Lossless", dicom.JPEG2000Lossless: "JPEG 2000 Lossless", dicom.JPEG2000: "JPEG 2000",
	}
	if n, ok := names[ts]; ok {
		return n + " (" + ts + ")"
	}
	return ts
}

// WriteText prints info for people, one fact per line.
func (info *Info) WriteText(w io.Writer) {
	fmt.Fprintf(w, "%s: %s\n", info.Path, info.Kind)
	for _, ii := range info.Images {
		fmt.Fprintf(w, "\nimage %s\n", ii.Name)
		if ii.Modality != "" || ii.Description != "" {
			fmt.Fprintf(w, "  modality      %s  %q, %d files\n", ii.Modality, ii.Description, ii.Files)
		}
		if len(ii.TransferSyntaxes) > 0 {
			fmt.Fprintf(w, "  syntax        %s\n", strings.Join(ii.TransferSyntaxes, ", "))
		}
		if ii.Err != nil {
			fmt.Fprintf(w, "  ERROR         %v\n", ii.Err)
			continue
		}
		g := ii.Geometry
		fmt.Fprintf(w, "  size          %d × %d × %d voxels (i columns, j rows, k slices)\n", ii.Size[0], ii.Size[1], ii.Size[2])
		fmt.Fprintf(w, "  spacing       %.6g × %.6g × %.6g mm\n", g.Spacing[0], g.Spacing[1], g.Spacing[2])
		fmt.Fprintf(w, "  origin (LPS)  %.6g, %.6g, %.6g mm\n", g.Origin[0], g.Origin[1], g.Origin[2])
		fmt.Fprintf(w, "  direction     i (%.4g, %.4g, %.4g)  j (%.4g, %.4g, %.4g)  k (%.4g, %.4g, %.4g)\n",
			g.Direction[0][0], g.Direction[1][0], g.Direction[2][0], g.Direction[0][1], g.Direction[1][1], g.Direction[2][1], g.Direction[0][2], g.Direction[1][2], g.Direction[2][2])
		if ii.Mean != 0 || ii.Max != 0 || ii.Min != 0 {
			unit := ""
			if ii.Modality == "CT" {
				unit = " HU"
			}
			fmt.Fprintf(w, "  values        min %g, max %g, mean %.4f%s\n", ii.Min, ii.Max, ii.Mean, unit)
		}
		if len(ii.Labels) > 0 {
			var ls []int
			for l := range ii.Labels {
				ls = append(ls, l)
			}
			sort.Ints(ls)
			fmt.Fprintf(w, "  labels       ")
			for _, l := range ls {
				fmt.Fprintf(w, " %d: %d voxels;", l, ii.Labels[l])
			}
			fmt.Fprintln(w)
		}
		for _, wn := range ii.Warnings {
			fmt.Fprintf(w, "  warning       %s\n", wn)
		}
	}
	for _, mi := range info.Masks {
		fmt.Fprintf(w, "\n%s %s\n", mi.Kind, mi.Path)
		if mi.Err != nil {
			fmt.Fprintf(w, "  ERROR  %v\n", mi.Err)
			continue
		}
		if mi.FrameOfReferenceUID != "" {
			fmt.Fprintf(w, "  frame of reference %s\n", mi.FrameOfReferenceUID)
		}
		if mi.On != "" {
			fmt.Fprintf(w, "  voxel counts on %s\n", mi.On)
		}
		for _, r := range mi.Regions {
			vox := "voxels unknown"
			if r.Voxels >= 0 {
				vox = fmt.Sprintf("%d voxels", r.Voxels)
			}
			extra := ""
			if mi.Kind == KindRTStruct {
				extra = fmt.Sprintf(", %d contours", r.Contours)
			}
			fmt.Fprintf(w, "  %3d %-28q %s%s", r.Number, r.Name, vox, extra)
			if r.Note != "" {
				fmt.Fprintf(w, "  (%s)", r.Note)
			}
			fmt.Fprintln(w)
		}
	}
	if len(info.Problems) > 0 {
		fmt.Fprintf(w, "\n%d problem(s):\n", len(info.Problems))
		for i, p := range info.Problems {
			if i == 10 {
				fmt.Fprintf(w, "  ... and %d more\n", len(info.Problems)-10)
				break
			}
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
}

var _ = os.Stat
