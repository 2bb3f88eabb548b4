package radiomics

import (
	"context"
	"errors"
	"sort"

	"radgo/core/filter"
	"radgo/core/resample"
	"radgo/core/volume"
)

// imageTypeFunc produces the derived images of one image type. roi and bb
// describe the (possibly resegmented) ROI on img's grid; an implementation
// may return values for bb only (Box = bb) or for the whole grid.
type imageTypeFunc func(ctx context.Context, img *volume.Volume, roi []bool, bb box, s Settings) ([]derived, error)

// imageTypes is the table of PyRadiomics image types; adding a filter is one
// entry here.
var imageTypes = map[string]imageTypeFunc{
	"Original": func(_ context.Context, img *volume.Volume, _ []bool, bb box, _ Settings) ([]derived, error) {
		return []derived{{Name: "original", Values: cropValues(img.Voxels, img.Size, bb), Box: bb}}, nil
	},
	"Wavelet": func(_ context.Context, img *volume.Volume, _ []bool, bb box, s Settings) ([]derived, error) {
		bands, err := filter.WaveletBox(img, bb.lo, bb.hi, filter.WaveletSettings{
			Wavelet: s.Wavelet, StartLevel: s.StartLevel, Level: s.Level,
			Force2D: s.Force2D, Force2DDimension: s.Force2DDimension, Float32: s.pixelType == resample.Float32})
		if err != nil {
			return nil, err
		}
		out := make([]derived, len(bands))
		for i, b := range bands {
			out[i] = derived{Name: b.Name, Values: b.Image.Voxels, Box: bb}
		}
		return out, nil
	},
	"LoG": func(ctx context.Context, img *volume.Volume, _ []bool, bb box, s Settings) ([]derived, error) {
		if len(s.Sigma) == 0 {
			return nil, errors.New("LoG needs a sigma list (setting sigma: [1.0, 3.0, ...])")
		}
		var out []derived
		for i, sg := range s.Sigma {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			// LoGBox keeps only the ROI box of the full-image filter.
			v, err := filter.LoGBox(img, bb.lo, bb.hi, sg)
			if errors.Is(err, filter.ErrLoGSkipped) {
				continue // PyRadiomics logs a warning and yields nothing
			}
			if err != nil {
				return nil, err
			}
			integer := i < len(s.sigmaInt) && s.sigmaInt[i]
			out = append(out, derived{Name: filter.LoGName(sg, integer), Values: v.Voxels, Box: bb})
		}
		return out, nil
	},
	"Square":      single("square", filter.Square),
	"SquareRoot":  single("squareroot", filter.SquareRoot),
	"Logarithm":   single("logarithm", filter.Logarithm),
	"Exponential": single("exponential", filter.Exponential),
	"Gradient": func(_ context.Context, img *volume.Volume, _ []bool, _ box, s Settings) ([]derived, error) {
		v, err := filter.Gradient(img, s.GradientUseSpacing)
		if err != nil {
			return nil, err
		}
		return []derived{whole("gradient", v)}, nil
	},
	"LBP2D": func(_ context.Context, img *volume.Volume, _ []bool, _ box, s Settings) ([]derived, error) {
		v, err := filter.LBP2D(img, filter.LBP2DSettings{Radius: s.LBP2DRadius, Samples: s.LBP2DSamples,
			Method: s.LBP2DMethod, Dimension: s.Force2DDimension, Integer: isInteger(s.pixelType)})
		if err != nil {
			return nil, err
		}
		return []derived{whole("lbp-2D", v)}, nil
	},
	"LBP3D": func(_ context.Context, img *volume.Volume, roi []bool, _ box, s Settings) ([]derived, error) {
		m := volume.NewMask(img.Size, img.Geometry)
		for i, in := range roi {
			if in {
				m.Labels[i] = 1
			}
		}
		st := filter.SampleFloat64
		switch {
		case s.pixelType == resample.Float32:
			st = filter.SampleFloat32
		case isInteger(s.pixelType) && isUnsigned(s.pixelType):
			st = filter.SampleUnsigned
		case isInteger(s.pixelType):
			st = filter.SampleSigned
		}
		imgs, err := filter.LBP3D(img, m, 1, filter.LBP3DSettings{Levels: s.LBP3DLevels, Radius: s.LBP3DIcosphereRadius,
			Subdivisions: s.LBP3DIcosphereSubdivision, Samples: st})
		if err != nil {
			return nil, err
		}
		out := make([]derived, len(imgs))
		for i, ni := range imgs {
			out[i] = whole(ni.Name, ni.Image)
		}
		return out, nil
	},
}

func whole(name string, v *volume.Volume) derived {
	return derived{Name: name, Values: v.Voxels, Box: box{hi: [3]int{v.Size[0] - 1, v.Size[1] - 1, v.Size[2] - 1}}}
}

func single(name string, f func(*volume.Volume) (*volume.Volume, error)) imageTypeFunc {
	return func(_ context.Context, img *volume.Volume, _ []bool, _ box, _ Settings) ([]derived, error) {
		v, err := f(img)
		if err != nil {
			return nil, err
		}
		return []derived{whole(name, v)}, nil
	}
}

func isInteger(t resample.PixelType) bool {
	return t != resample.Float64 && t != resample.Float32
}

func isUnsigned(t resample.PixelType) bool {
	return t == resample.UInt8 || t == resample.UInt16 || t == resample.UInt32 || t == resample.UInt64
}

// ImageTypeNames returns the known image type names, sorted.
func ImageTypeNames() []string {
	var n []string
	for k := range imageTypes {
		n = append(n, k)
	}
	sort.Strings(n)
	return n
}
