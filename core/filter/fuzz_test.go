package filter

import (
	"testing"

	"radgo/core/volume"
)

// FuzzWaveletBox: for any small volume, wavelet and box, Wavelet and
// WaveletBox succeed without panicking and agree exactly on the box.
func FuzzWaveletBox(f *testing.F) {
	f.Add(uint8(5), uint8(4), uint8(3), uint8(1), uint8(1), uint8(0), uint8(3), uint8(2), uint8(2), uint8(0), uint8(1), false)
	f.Add(uint8(1), uint8(1), uint8(1), uint8(0), uint8(0), uint8(0), uint8(0), uint8(0), uint8(0), uint8(40), uint8(2), true)
	f.Add(uint8(9), uint8(2), uint8(7), uint8(2), uint8(0), uint8(1), uint8(8), uint8(1), uint8(5), uint8(105), uint8(3), false)
	names := WaveletNames()
	f.Fuzz(func(t *testing.T, nx, ny, nz, lx, ly, lz, hx, hy, hz, wav, lev uint8, f32 bool) {
		size := [3]int{int(nx%12) + 1, int(ny%12) + 1, int(nz%12) + 1}
		lo := [3]int{int(lx) % size[0], int(ly) % size[1], int(lz) % size[2]}
		hi := [3]int{lo[0] + int(hx)%(size[0]-lo[0]), lo[1] + int(hy)%(size[1]-lo[1]), lo[2] + int(hz)%(size[2]-lo[2])}
		s := WaveletSettings{Wavelet: names[int(wav)%len(names)], Level: int(lev%3) + 1, StartLevel: int(lev/3) % 2, Float32: f32}
		img := volume.New(size, volume.Identity([3]float64{1, 1, 1}))
		for i := range img.Voxels {
			img.Voxels[i] = float64(float32((i*7919)%211) - 100)
		}
		full, err := Wavelet(img, s)
		if err != nil {
			t.Fatal(err)
		}
		box, err := WaveletBox(img, lo, hi, s)
		if err != nil {
			t.Fatal(err)
		}
		bs := [3]int{hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1}
		for b := range full {
			want := crop(full[b].Image, lo, bs)
			for i, v := range box[b].Image.Voxels {
				if v != want.Voxels[i] && !(v != v && want.Voxels[i] != want.Voxels[i]) {
					t.Fatalf("%+v box %v-%v band %s voxel %d: %v != %v", s, lo, hi, full[b].Name, i, v, want.Voxels[i])
				}
			}
		}
	})
}
