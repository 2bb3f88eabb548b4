#!/usr/bin/python3
"""Writes testdata/lbp3d.json: PyRadiomics' getLBP3DImage
(imageoperations.py at AIM-Harvard/pyradiomics 8ed5793, BSD-3) on a small
volume with many ties, for two settings, plus the interpolated sphere
samples of the first setting (to check the spline arithmetic exactly).

trimesh is not packaged for Debian, so icosphere() below is a port of
trimesh.creation.icosphere (icosahedron, remesh.subdivide with midpoints in
sorted-edge order, refine_spherical after each subdivision).

Run from core/filter: /usr/bin/python3 testdata/gen_lbp3d.py
Generated with scipy 1.10.1, numpy 1.24.2 (Debian bookworm).
"""
import json
import numpy as np
from scipy.ndimage import map_coordinates
from scipy.special import sph_harm
from scipy.stats import kurtosis


def icosphere(subdivisions, radius):
    t = (1.0 + 5.0 ** .5) / 2.0
    vertices = np.reshape([-1, t, 0, 1, t, 0, -1, -t, 0, 1, -t, 0, 0, -1, t, 0, 1, t,
                           0, -1, -t, 0, 1, -t, t, 0, -1, t, 0, 1, -t, 0, -1, -t, 0, 1], (-1, 3)) / np.sqrt(2.0 + t)
    faces = np.reshape([0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11,
                        1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8,
                        3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9,
                        4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1], (-1, 3))
    for _ in range(subdivisions):
        edges = np.sort(faces[:, [0, 1, 1, 2, 2, 0]].reshape((-1, 2)), axis=1)
        unique, inverse = np.unique(edges, axis=0, return_inverse=True)
        mid = vertices[unique].mean(axis=1)
        mid_idx = inverse.reshape((-1, 3)) + len(vertices)
        f = np.column_stack([faces[:, 0], mid_idx[:, 0], mid_idx[:, 2],
                             mid_idx[:, 0], faces[:, 1], mid_idx[:, 1],
                             mid_idx[:, 2], mid_idx[:, 1], faces[:, 2],
                             mid_idx[:, 0], mid_idx[:, 1], mid_idx[:, 2]]).reshape((-1, 3))
        vertices = np.vstack((vertices, mid))
        faces = f
        scalar = (vertices ** 2).sum(axis=1) ** .5
        unit = vertices / scalar.reshape((-1, 1))
        offset = radius - scalar
        vertices = vertices + unit * offset.reshape((-1, 1))
    return vertices


def lbp3d(im_arr, ma_arr, label, levels, radius, subdivision):
    coords_icosahedron = icosphere(subdivision, radius)
    theta = np.arccos(np.true_divide(coords_icosahedron[:, 2], radius))
    phi = np.arctan2(coords_icosahedron[:, 1], coords_icosahedron[:, 0])
    Y = sph_harm(0, 0, theta, phi)
    n_ix = np.array(0)
    for n in range(1, levels):
        for m in range(-n, n + 1):
            n_ix = np.append(n_ix, n)
            Y = np.column_stack((Y, sph_harm(m, n, theta, phi)))
    ROI_coords = np.where(ma_arr == label)
    coords = np.array(ROI_coords).T[None, :, :] + coords_icosahedron[:, None, :]
    f = map_coordinates(im_arr, coords.T, order=3)
    samples = f.copy()
    k = kurtosis(f, axis=1)
    f_centroids = im_arr[ROI_coords]
    f = np.greater_equal(f, f_centroids[:, None]).astype(int)
    c = np.multiply(f[:, :, None], Y[None, :, :])
    c = c.sum(axis=1)
    f = np.multiply(c[:, None, n_ix == 0], Y[None, :, n_ix == 0])
    for n in range(1, levels):
        f = np.concatenate((f, np.sum(np.multiply(c[:, None, n_ix == n], Y[None, :, n_ix == n]), axis=2, keepdims=True)), axis=2)
    f = np.sqrt(np.sum(f ** 2, axis=1))
    f = np.real(f)
    k = np.real(k)
    out = {}
    for l_idx in range(levels):
        out['lbp-3D-m%d' % (l_idx + 1)] = f[:, l_idx].tolist()
    out['lbp-3D-k'] = [None if np.isnan(v) else v for v in k.tolist()]
    return out, samples


rng = np.random.default_rng(3)
im = rng.integers(0, 4, size=(7, 8, 9)).astype(np.int16)  # z, y, x; few values: many ties
ma = np.zeros(im.shape, np.uint8)
ma[1:6, 2:7, 1:8] = 1
ma[0, 0, 0] = 1  # a corner voxel: samples outside the image (mode 'constant')
ma[6, 7, 8] = 1
cases = []
samples0 = None
for levels, radius, sub in [(2, 1, 1), (3, 1.5, 2)]:
    out, samples = lbp3d(im, ma, 1, levels, radius, sub)
    if samples0 is None:
        samples0 = samples
    cases.append({'levels': levels, 'radius': radius, 'subdivision': sub, 'want': out})
# float64 and float32 images: samples keep the image's float type
for dtype in ['float64', 'float32']:
    out, samples = lbp3d(im.astype(dtype), ma, 1, 2, 1, 1)
    cases.append({'levels': 2, 'radius': 1, 'subdivision': 1, 'dtype': dtype, 'want': out,
                  'samples': samples.astype(np.float64).tolist()})
json.dump({'size': [9, 8, 7], 'voxels': im.ravel().tolist(), 'mask': ma.ravel().tolist(),
           'samples': samples0.tolist(), 'vertices': icosphere(1, 1).tolist(), 'cases': cases},
          open('testdata/lbp3d.json', 'w'))
