package radiomics

import (
	"fmt"

	"radgo/core/radiomics/discretize"
	"radgo/core/radiomics/firstorder"
	"radgo/core/radiomics/glcm"
	"radgo/core/radiomics/gldm"
	"radgo/core/radiomics/glrlm"
	"radgo/core/radiomics/glszm"
	"radgo/core/radiomics/ngtdm"
	"radgo/core/radiomics/shape"
	"radgo/core/radiomics/shape2d"
)

// Class describes one PyRadiomics feature class.
type Class struct {
	Name       string          // PyRadiomics class name: "glcm", "shape2D", ...
	Features   []string        // computable features in PyRadiomics output order
	Deprecated map[string]bool // computed only when named
	Removed    []string        // accepted names that PyRadiomics never computes
	Shape      bool            // computed once, on the original mask
}

// Classes returns the feature classes in PyRadiomics' default order
// (alphabetical module order; shape2D is off by default).
func Classes() []*Class { return append([]*Class(nil), classList...) }

var classList = []*Class{
	{Name: "firstorder", Features: firstorder.Features, Deprecated: firstorder.Deprecated, Removed: firstorder.Removed},
	{Name: "glcm", Features: glcm.Features, Deprecated: glcm.Deprecated, Removed: glcm.Removed},
	{Name: "gldm", Features: gldm.Features, Deprecated: gldm.Deprecated, Removed: gldm.Removed},
	{Name: "glrlm", Features: glrlm.Features, Deprecated: glrlm.Deprecated, Removed: glrlm.Removed},
	{Name: "glszm", Features: glszm.Features, Deprecated: glszm.Deprecated, Removed: glszm.Removed},
	{Name: "ngtdm", Features: ngtdm.Features, Deprecated: ngtdm.Deprecated, Removed: ngtdm.Removed},
	{Name: "shape", Features: shape.Features, Deprecated: shape.Deprecated, Shape: true},
	{Name: "shape2D", Features: shape2d.Features, Deprecated: shape2d.Deprecated, Shape: true},
}

// ClassByName returns the class with PyRadiomics name n, or nil.
func ClassByName(n string) *Class {
	for _, c := range classList {
		if c.Name == n {
			return c
		}
	}
	return nil
}

// has reports whether f is a known feature of c (computable or removed).
func (c *Class) has(f string) bool {
	for _, n := range c.Features {
		if n == f {
			return true
		}
	}
	for _, n := range c.Removed {
		if n == f {
			return true
		}
	}
	return false
}

// selection returns the indices into c.Features to output: the
// non-deprecated features when names is nil, otherwise the named ones in the
// given order (removed names are skipped, as PyRadiomics yields no value).
func (c *Class) selection(names []string) ([]int, error) {
	var out []int
	if names == nil {
		for i, f := range c.Features {
			if !c.Deprecated[f] {
				out = append(out, i)
			}
		}
		return out, nil
	}
	for _, n := range names {
		found := false
		for i, f := range c.Features {
			if f == n {
				out = append(out, i)
				found = true
				break
			}
		}
		if !found && !c.has(n) {
			return nil, fmt.Errorf("radiomics: class %s has no feature %q", c.Name, n)
		}
	}
	return out, nil
}

// texture runs one non-shape class on a discretised region.
func texture(s *Settings, name string, values []float64, r *discretize.Region, spacing [3]float64, nb *neighbourhood) ([]float64, error) {
	if nb != nil {
		switch name {
		case "glcm":
			if nb.err != nil {
				return nil, nb.err
			}
			return nb.glcm.Features(), nil
		case "gldm":
			if nb.gldm != nil {
				return nb.gldm.Features(), nil
			}
		case "ngtdm":
			if nb.ngtdm != nil {
				return nb.ngtdm.Features(), nil
			}
		}
	}
	switch name {
	case "firstorder":
		return firstorder.Compute(values, r, spacing, firstorder.Settings{VoxelArrayShift: s.VoxelArrayShift}), nil
	case "glcm":
		return glcm.Compute(r, glcm.Settings{Distances: s.Distances, Asymmetrical: !s.SymmetricalGLCM,
			WeightingNorm: s.WeightingNorm, Force2D: s.Force2D, Force2DDim: s.Force2DDimension})
	case "gldm":
		return gldm.Compute(r, gldm.Settings{Distances: s.Distances, Alpha: s.GldmA, Force2D: s.Force2D, Force2DDim: s.Force2DDimension})
	case "glrlm":
		return glrlm.Compute(r, glrlm.Settings{WeightingNorm: s.WeightingNorm, Force2D: s.Force2D, Force2DDim: s.Force2DDimension})
	case "glszm":
		return glszm.Compute(r, glszm.Settings{Force2D: s.Force2D, Force2DDim: s.Force2DDimension})
	case "ngtdm":
		return ngtdm.Compute(r, ngtdm.Settings{Distances: s.Distances, Force2D: s.Force2D, Force2DDim: s.Force2DDimension})
	}
	return nil, fmt.Errorf("radiomics: unknown feature class %q", name)
}
