#!/usr/bin/python3
"""Writes testdata/interp_scipy.json: an independent check of the
interpolators. scipy.ndimage.map_coordinates with mode='mirror' is the same
B-spline model as ITK's BSplineInterpolateImageFunction (mirror boundary,
no edge duplication); order 1 with mode='nearest' is ITK's linear
interpolator with its clamped neighbours.

Run from core/resample: /usr/bin/python3 testdata/gen_scipy.py
Generated with scipy 1.10.1, numpy 1.24.2 (Debian bookworm).
"""
import json
import numpy as np
from scipy import ndimage

rng = np.random.default_rng(7)
shape = (5, 6, 7)  # z, y, x
img = rng.integers(-500, 1500, size=shape).astype(np.float64)
pts = np.stack([rng.uniform(-0.5, s - 0.5, 60) for s in (7, 6, 5)], axis=1)  # x, y, z
coords = pts[:, ::-1].T  # z, y, x rows
out = {'size': [7, 6, 5], 'voxels': img.ravel().tolist(), 'points': pts.tolist()}
for order in (2, 3, 4, 5):
    out['bspline%d' % order] = ndimage.map_coordinates(img, coords, order=order, mode='mirror').tolist()
out['linear'] = ndimage.map_coordinates(img, coords, order=1, mode='nearest').tolist()
with open('testdata/interp_scipy.json', 'w') as f:
    json.dump(out, f)
