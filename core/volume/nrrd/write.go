package nrrd

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"

	"radgo/core/volume"
)

// Options controls writing. The zero value writes gzip-compressed data.
type Options struct {
	Raw    bool // write uncompressed data
	layers int  // > 1: 4-D layered segmentation (set by EncodeSegmentation)
}

// Encode writes v as an attached NRRD0004 file in LPS. The voxel type is the
// smallest of short, int, float and double that holds every value exactly.
func Encode(w io.Writer, v *volume.Volume, o *Options) error {
	t := Float64
	switch {
	case fits(v.Voxels, math.MinInt16, math.MaxInt16):
		t = Int16
	case fits(v.Voxels, math.MinInt32, math.MaxInt32):
		t = Int32
	case fitsFloat32(v.Voxels):
		t = Float32
	}
	return encode(w, v.Size, v.Geometry, t, o, func(bw io.Writer) error {
		b := make([]byte, 0, 64<<10)
		for _, x := range v.Voxels {
			switch t {
			case Int16:
				b = binary.LittleEndian.AppendUint16(b, uint16(int16(x)))
			case Int32:
				b = binary.LittleEndian.AppendUint32(b, uint32(int32(x)))
			case Float32:
				b = binary.LittleEndian.AppendUint32(b, math.Float32bits(float32(x)))
			default:
				b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
			}
			if len(b) >= 60<<10 {
				if _, err := bw.Write(b); err != nil {
					return err
				}
				b = b[:0]
			}
		}
		_, err := bw.Write(b)
		return err
	}, nil)
}

// EncodeMask writes m as an unsigned char NRRD label map.
func EncodeMask(w io.Writer, m *volume.Mask, o *Options) error {
	return encode(w, m.Size, m.Geometry, Uint8, o, func(bw io.Writer) error {
		_, err := bw.Write(m.Labels)
		return err
	}, nil)
}

// EncodeSegmentation writes masks as a 3D Slicer .seg.nrrd: mask i becomes
// segment i with the given name. Masks must share a grid. Non-overlapping
// masks share one label map (label value = order within the layer, from 1);
// when masks overlap, each goes to the first layer it does not overlap and
// the file takes Slicer's 4-D layered form (list axis first).
func EncodeSegmentation(w io.Writer, masks []*volume.Mask, names []string, o *Options) error {
	if len(masks) == 0 || len(masks) != len(names) {
		return fmt.Errorf("nrrd: %d masks and %d names", len(masks), len(names))
	}
	ref := masks[0]
	nvox := len(ref.Labels)
	var layers [][]uint8
	layerOf := make([]int, len(masks))
	labelOf := make([]int, len(masks))
	for n, m := range masks {
		if m.Size != ref.Size || !m.Geometry.Close(ref.Geometry, volume.GridTolerance) {
			return fmt.Errorf("nrrd: segment %q is not on the grid of segment %q", names[n], names[0])
		}
		placed := false
		for l, lab := range layers {
			if overlaps(lab, m.Labels) || maxLabel(labelOf, layerOf[:n], l) == 255 {
				continue
			}
			layerOf[n], labelOf[n], placed = l, maxLabel(labelOf, layerOf[:n], l)+1, true
			break
		}
		if !placed {
			layers = append(layers, make([]uint8, nvox))
			layerOf[n], labelOf[n] = len(layers)-1, 1
		}
		lab := layers[layerOf[n]]
		for i, x := range m.Labels {
			if x != 0 {
				lab[i] = uint8(labelOf[n])
			}
		}
	}
	var kv [][2]string
	for n, name := range names {
		p := "Segment" + strconv.Itoa(n) + "_"
		kv = append(kv, [2]string{p + "ID", "Segment_" + strconv.Itoa(n+1)}, [2]string{p + "Name", name},
			[2]string{p + "LabelValue", strconv.Itoa(labelOf[n])}, [2]string{p + "Layer", strconv.Itoa(layerOf[n])})
	}
	o2 := Options{}
	if o != nil {
		o2 = *o
	}
	o2.layers = len(layers)
	return encode(w, ref.Size, ref.Geometry, Uint8, &o2, func(bw io.Writer) error {
		if len(layers) == 1 {
			_, err := bw.Write(layers[0])
			return err
		}
		buf := make([]byte, 0, 64<<10)
		for i := 0; i < nvox; i++ {
			for _, lab := range layers {
				buf = append(buf, lab[i])
			}
			if len(buf) >= 60<<10 {
				if _, err := bw.Write(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
		_, err := bw.Write(buf)
		return err
	}, kv)
}

func overlaps(lab, m []uint8) bool {
	for i, x := range m {
		if x != 0 && lab[i] != 0 {
			return true
		}
	}
	return false
}

// maxLabel returns the highest label value used so far in layer l.
func maxLabel(labelOf, layerOf []int, l int) int {
	mx := 0
	for n, ly := range layerOf {
		if ly == l && labelOf[n] > mx {
			mx = labelOf[n]
		}
	}
	return mx
}

func fits(x []float64, lo, hi float64) bool {
	for _, v := range x {
		if v < lo || v > hi || v != math.Trunc(v) {
			return false
		}
	}
	return true
}

func fitsFloat32(x []float64) bool {
	for _, v := range x {
		if float64(float32(v)) != v && !math.IsNaN(v) {
			return false
		}
	}
	return true
}

func vec(a, b, c float64) string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	return "(" + f(a) + "," + f(b) + "," + f(c) + ")"
}

func encode(w io.Writer, size [3]int, g volume.Geometry, t Type, o *Options, data func(io.Writer) error, kv [][2]string) error {
	if o == nil {
		o = &Options{}
	}
	bw := bufio.NewWriter(w)
	enc := "gzip"
	if o.Raw {
		enc = "raw"
	}
	fmt.Fprintf(bw, "NRRD0004\n# Complete NRRD file format specification at:\n# http://teem.sourceforge.net/nrrd/format.html\n")
	if o.layers > 1 {
		fmt.Fprintf(bw, "type: %s\ndimension: 4\nspace: left-posterior-superior\n", t)
		fmt.Fprintf(bw, "sizes: %d %d %d %d\n", o.layers, size[0], size[1], size[2])
		fmt.Fprintf(bw, "space directions: none")
	} else {
		fmt.Fprintf(bw, "type: %s\ndimension: 3\nspace: left-posterior-superior\n", t)
		fmt.Fprintf(bw, "sizes: %d %d %d\n", size[0], size[1], size[2])
		fmt.Fprintf(bw, "space directions:")
	}
	for c := 0; c < 3; c++ {
		s := g.Spacing[c]
		fmt.Fprintf(bw, " %s", vec(g.Direction[0][c]*s, g.Direction[1][c]*s, g.Direction[2][c]*s))
	}
	if o.layers > 1 {
		fmt.Fprintf(bw, "\nkinds: list domain domain domain\n")
	} else {
		fmt.Fprintf(bw, "\nkinds: domain domain domain\n")
	}
	if t.Size() > 1 {
		fmt.Fprintf(bw, "endian: little\n")
	}
	fmt.Fprintf(bw, "encoding: %s\nspace origin: %s\n", enc, vec(g.Origin[0], g.Origin[1], g.Origin[2]))
	for _, p := range kv {
		fmt.Fprintf(bw, "%s:=%s\n", p[0], p[1])
	}
	fmt.Fprintf(bw, "\n")
	if o.Raw {
		if err := data(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	zw := gzip.NewWriter(bw)
	if err := data(zw); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteFile writes v to the NRRD file name.
func WriteFile(name string, v *volume.Volume, o *Options) error {
	return writeFile(name, func(w io.Writer) error { return Encode(w, v, o) })
}

// WriteMask writes m to the NRRD file name.
func WriteMask(name string, m *volume.Mask, o *Options) error {
	return writeFile(name, func(w io.Writer) error { return EncodeMask(w, m, o) })
}

func writeFile(name string, enc func(io.Writer) error) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := enc(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	return f.Close()
}
