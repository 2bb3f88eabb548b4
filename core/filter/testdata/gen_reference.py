#!/usr/bin/python3
"""Writes testdata/swt/*: PyRadiomics' wavelet sub-bands of small volumes.

For each case: <name>.json (settings, size in x, y, z order, band names in
output order) and <name>.f64 (little-endian float64: the input voxels, then
each band, all in (z, y, x) C order, i.e. radgo's Voxels order).

swt3 below follows radiomics/imageoperations.py:_swt3 and getWaveletImage at
AIM-Harvard/pyradiomics 8ed5793 (BSD-3): wrap-pad odd dimensions by one,
pywt.swtn(level=1, start_level=0, axes) per level, crop back.

Run from core/filter: /usr/bin/python3 testdata/gen_reference.py
Generated with PyWavelets 1.1.1, numpy 1.24.2 (Debian bookworm python3-pywt).
"""
import json
import numpy as np
import pywt


def swt3(matrix, axes, wavelet, level, start_level):
    original_shape = matrix.shape
    padding = tuple([(0, 1 if dim % 2 != 0 else 0) for dim in original_shape])
    data = np.pad(matrix.copy(), padding, 'wrap')
    wavelet = pywt.Wavelet(wavelet)
    for _ in range(0, start_level):
        dec = pywt.swtn(data, wavelet, level=1, start_level=0, axes=axes)[0]
        data = dec['a' * len(axes)].copy()
    crop = tuple(slice(None, -1 if dim % 2 != 0 else None) for dim in original_shape)
    ret = []
    for _ in range(start_level, start_level + level):
        dec = pywt.swtn(data, wavelet, level=1, start_level=0, axes=axes)[0]
        data = dec['a' * len(axes)].copy()
        dec_im = {}
        for name, im in dec.items():
            if name == 'a' * len(axes):
                continue
            dec_im[name.replace('a', 'L').replace('d', 'H')] = im.copy()[crop]
        ret.append(dec_im)
    out = []
    for idx, wl in enumerate(ret, start=1):
        for name, im in wl.items():
            out.append(('wavelet-%s' % name if idx == 1 else 'wavelet%d-%s' % (idx, name), im))
    approx = 'L' * len(axes)
    out.append(('wavelet-%s' % approx if len(ret) == 1 else 'wavelet%d-%s' % (len(ret), approx), data[crop]))
    return out


rng = np.random.default_rng(20261208)
cases = [
    # name, shape (z, y, x), dtype, wavelet, level, start_level, force2D dim or None
    ('coif1_int16_odd', (7, 11, 9), 'int16', 'coif1', 1, 0, None),
    ('coif1_float32', (6, 5, 8), 'float32', 'coif1', 1, 0, None),
    ('haar_level2_start1', (7, 11, 9), 'int16', 'haar', 2, 1, None),
    ('db4_small', (3, 6, 5), 'int16', 'db4', 1, 0, None),
    ('sym3_force2D_z', (5, 7, 6), 'int16', 'sym3', 1, 0, 0),
    ('bior2_4_force2D_x', (4, 6, 5), 'float32', 'bior2.4', 1, 0, 2),
    ('dmey_tiny', (3, 4, 2), 'int16', 'dmey', 1, 0, None),
    ('coif2_float32_level2', (5, 9, 7), 'float32', 'coif2', 2, 0, None),
]
for name, shape, dtype, wav, level, start, f2d in cases:
    if dtype == 'int16':
        x = rng.integers(-1200, 3000, size=shape).astype(np.int16)
    else:
        x = (rng.standard_normal(shape) * 300).astype(np.float32)
    axes = [2, 1, 0]
    if f2d is not None:
        axes.remove(f2d)
    bands = swt3(x, tuple(axes), wav, level, start)
    meta = {'wavelet': wav, 'level': level, 'start_level': start, 'float32': dtype == 'float32',
            'force2D': f2d is not None, 'force2Ddimension': f2d if f2d is not None else 0,
            'size': [shape[2], shape[1], shape[0]], 'bands': [b for b, _ in bands],
            'dtypes': [str(im.dtype) for _, im in bands]}
    with open('testdata/swt/%s.json' % name, 'w') as f:
        json.dump(meta, f, indent=1)
    with open('testdata/swt/%s.f64' % name, 'wb') as f:
        f.write(x.astype('<f8').tobytes())
        for _, im in bands:
            f.write(im.astype('<f8').tobytes())
