// dcmtk_load: the DCMTK side of compare.sh. Loads every file named on the
// command line (loadFile, chooseRepresentation to little endian, 16-bit
// pixels via findAndGetUint16Array), reads ImagePositionPatient and
// RescaleSlope/Intercept, converts to HU (float64, as radgo does), sorts by z
// and prints the elapsed milliseconds and the mean HU.
// Build: g++ -O2 -o dcmtk_load dcmtk_load.cc -ldcmdata -loflog -lofstd
#include <dcmtk/dcmdata/dctk.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

int main(int argc, char **argv) {
  auto t0 = std::chrono::steady_clock::now();
  struct S { double z; std::vector<double> v; };
  std::vector<S> slices;
  for (int i = 1; i < argc; i++) {
    DcmFileFormat ff;
    if (ff.loadFile(argv[i]).bad()) { fprintf(stderr, "cannot read %s\n", argv[i]); return 1; }
    DcmDataset *ds = ff.getDataset();
    ds->chooseRepresentation(EXS_LittleEndianExplicit, NULL);
    const Uint16 *px = NULL; unsigned long n = 0;
    if (ds->findAndGetUint16Array(DCM_PixelData, px, &n).bad()) { fprintf(stderr, "no pixels in %s\n", argv[i]); return 1; }
    Float64 z = 0, slope = 1, icpt = 0;
    ds->findAndGetFloat64(DCM_ImagePositionPatient, z, 2);
    ds->findAndGetFloat64(DCM_RescaleSlope, slope);
    ds->findAndGetFloat64(DCM_RescaleIntercept, icpt);
    S s; s.z = z; s.v.resize(n);
    for (unsigned long j = 0; j < n; j++) s.v[j] = (Sint16)px[j] * slope + icpt;
    slices.push_back(std::move(s));
  }
  std::sort(slices.begin(), slices.end(), [](const S &a, const S &b) { return a.z < b.z; });
  double sum = 0; size_t cnt = 0;
  for (auto &s : slices) for (double x : s.v) { sum += x; cnt++; }
  auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  printf("dcmtk %.1f ms, %zu slices, mean %.4f\n", ms, slices.size(), sum / cnt);
  return 0;
}
