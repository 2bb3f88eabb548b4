#!/usr/bin/python3
"""Writes testdata/lbp2d.json: PyRadiomics' getLBP2DImage (imageoperations.py
at AIM-Harvard/pyradiomics 8ed5793) on a small volume, for every
lbp2DMethod, three force2Ddimension values and two radii.

Run from core/filter: /usr/bin/python3 testdata/gen_lbp.py
Generated with scikit-image 0.19.3, numpy 1.24.2 (Debian bookworm).
"""
import json
import numpy as np
from skimage.feature import local_binary_pattern

rng = np.random.default_rng(11)
im = rng.integers(0, 6, size=(6, 8, 9)).astype(np.float64)  # z, y, x; small range gives ties
cases = []
for method in ['uniform', 'default', 'ror', 'nri_uniform', 'var']:
    for axis in [0, 1, 2]:
        for R, P in [(1, 8), (1.5, 12)]:
            a = im.copy().swapaxes(0, axis)
            for idx in range(a.shape[0]):
                a[idx, ...] = local_binary_pattern(a[idx, ...], P=P, R=R, method=method)
            a = a.swapaxes(0, axis)
            cases.append({'method': method, 'dimension': axis, 'radius': R, 'samples': P,
                          'want': [None if np.isnan(v) else v for v in a.ravel().tolist()]})
json.dump({'size': [9, 8, 6], 'voxels': im.ravel().tolist(), 'cases': cases}, open('testdata/lbp2d.json', 'w'))
