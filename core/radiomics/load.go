package radiomics

import (
	"context"
	"fmt"

	"radgo/core/volume"
	"radgo/core/volume/imageio"
	"radgo/core/volume/nifti"
	"radgo/core/volume/nrrd"
)

// Case names the inputs of one extraction.
type Case struct {
	ID    string // optional identifier
	Image string // image path: NRRD, NIfTI or a DICOM series folder/file
	Mask  string // mask path: label map (NRRD, NIfTI), .seg.nrrd, RTSTRUCT, SEG or a folder holding one
	ROI   string // ROI/segment name for RTSTRUCT, SEG and Slicer segmentations
	Label int    // label value; 0 uses the extractor's label setting
}

// Load reads the case's image and mask. Label maps (NRRD, NIfTI) are kept
// as they are, so the extractor applies PyRadiomics' geometry check and
// label selection; RTSTRUCT, SEG and Slicer segmentations are rasterised on
// the image grid as a binary mask (label 1). The returned label is the one
// to extract.
func (c Case) Load(defaultLabel int) (*volume.Volume, *volume.Mask, int, error) {
	label := c.Label
	if label == 0 {
		label = defaultLabel
	}
	kind, err := imageio.Kind(c.Mask)
	if err != nil {
		return nil, nil, 0, err
	}
	if (kind == imageio.KindNRRD || kind == imageio.KindNIfTI) && c.ROI == "" {
		img, err := imageio.ReadImage(c.Image)
		if err != nil {
			return nil, nil, 0, err
		}
		var m *volume.Mask
		if kind == imageio.KindNRRD {
			m, err = nrrd.ReadMask(c.Mask)
		} else {
			m, err = nifti.ReadMask(c.Mask)
		}
		if err != nil {
			return nil, nil, 0, err
		}
		return img, m, label, nil
	}
	opts := []imageio.Option{}
	if c.ROI != "" {
		opts = append(opts, imageio.ROI(c.ROI))
	}
	if c.Label != 0 {
		opts = append(opts, imageio.Label(c.Label))
	}
	img, m, err := imageio.ReadPair(c.Image, c.Mask, opts...)
	if err != nil {
		return nil, nil, 0, err
	}
	return img, m, 1, nil
}

// ExtractCase loads c and extracts its features; errors name the case.
func (e *Extractor) ExtractCase(ctx context.Context, c Case) (*Result, error) {
	img, m, label, err := c.Load(e.Settings.Label)
	if err != nil {
		return nil, fmt.Errorf("case %s: %w", c.name(), err)
	}
	ex := *e
	ex.Settings.Label = label
	if !ex.PixelTypeKnown {
		ex.PixelType, ex.PixelTypeKnown = StoredPixelType(c.Image)
	}
	res, err := ex.Extract(ctx, img, m)
	if err != nil {
		return nil, fmt.Errorf("case %s: %w", c.name(), err)
	}
	res.ID = c.ID
	return res, nil
}

func (c Case) name() string {
	if c.ID != "" {
		return c.ID
	}
	return c.Image + " + " + c.Mask
}

// ExtractFiles is the one-call form for notebooks and scripts: it reads the
// parameter file (PyRadiomics defaults when params is ""), the image and the
// mask, and extracts the features.
func ExtractFiles(ctx context.Context, image, mask, params string) (*Result, error) {
	e := NewExtractor()
	if params != "" {
		var err error
		if e, err = ReadParams(params); err != nil {
			return nil, err
		}
	}
	return e.ExtractCase(ctx, Case{Image: image, Mask: mask})
}
