#!/bin/sh
# Regenerates the ITK references in this folder (run from core/filter/testdata/itk).
# Needs Debian bookworm libinsighttoolkit5-dev (ITK 5.2.1), g++ and python3-numpy.
set -e
/usr/bin/python3 - <<'PY'
import numpy as np
rng = np.random.default_rng(5)
z, y, x = np.mgrid[0:9, 0:11, 0:13]
v = 800 * np.sin(x / 2.0) * np.cos(y / 3.0) + 40 * z * z + rng.normal(0, 60, size=z.shape)
v.astype('<i2').tofile('input.i16')  # (z, y, x) C order = radgo Voxels order
PY
g++ -O2 -std=c++17 -I/usr/include/ITK-5.2 itkref.cxx -o /tmp/itkref -L/usr/lib \
  -lITKTransform-5.2 -lITKSmoothing-5.2 -lITKCommon-5.2 -litkvnl-5.2 -litkvnl_algo-5.2 \
  -litksys-5.2 -lITKVNLInstantiation-5.2 -lpthread
# image: size 13 11 9, spacing 0.7 0.9 2.0, origin -10 5 3
mkdir -p grid1 grid2
# grid1: arbitrary spacing, partly outside the image (default value 0)
/tmp/itkref input.i16 13 11 9 0.7 0.9 2.0 -10 5 3 grid1 10 18 15 1.1 0.6 1.3 -10.5 4.8 2.0 1.0 2.5
# grid2: twice the spacing, origin at index 0.5: every continuous index is a half-integer
/tmp/itkref input.i16 13 11 9 0.7 0.9 2.0 -10 5 3 grid2 6 5 4 1.4 1.8 4.0 -9.65 5.45 4.0
rm -f grid2/log_* grid2/gradient.f64
