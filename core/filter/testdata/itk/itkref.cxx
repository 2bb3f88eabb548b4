// itkref writes ITK reference outputs for radgo's filter and resample
// tests. It reads a raw little-endian int16 volume and runs the ITK
// classes SimpleITK uses for PyRadiomics: LaplacianRecursiveGaussian
// (NormalizeAcrossScale on), GradientMagnitude (image spacing), and
// ResampleImageFilter with B-spline (order 3), linear and nearest
// interpolators, output pixel type int16 (truncation) and double.
//
// Build and run: see gen_itk.sh. Built against Debian bookworm
// libinsighttoolkit5-dev (ITK 5.2.1).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "itkBSplineInterpolateImageFunction.h"
#include "itkGradientMagnitudeImageFilter.h"
#include "itkImage.h"
#include "itkImageRegionConstIterator.h"
#include "itkLaplacianRecursiveGaussianImageFilter.h"
#include "itkLinearInterpolateImageFunction.h"
#include "itkMultiThreaderBase.h"
#include "itkNearestNeighborInterpolateImageFunction.h"
#include "itkResampleImageFilter.h"

using ShortImage = itk::Image<short, 3>;
using FloatImage = itk::Image<float, 3>;
using DoubleImage = itk::Image<double, 3>;

template <typename TImage>
void write(const TImage * img, const std::string & name)
{
  std::ofstream f(name, std::ios::binary);
  itk::ImageRegionConstIterator<TImage> it(img, img->GetLargestPossibleRegion());
  for (; !it.IsAtEnd(); ++it)
  {
    double v = static_cast<double>(it.Get());
    f.write(reinterpret_cast<const char *>(&v), sizeof v);
  }
}

template <typename TOut, typename TInterp>
typename TOut::Pointer resample(ShortImage * in, const ShortImage::SizeType & size, const double sp[3], const double org[3])
{
  using F = itk::ResampleImageFilter<ShortImage, TOut, double>;
  auto f = F::New();
  f->SetInput(in);
  f->SetInterpolator(TInterp::New());
  ShortImage::SpacingType s;
  ShortImage::PointType o;
  for (int a = 0; a < 3; ++a)
  {
    s[a] = sp[a];
    o[a] = org[a];
  }
  f->SetOutputSpacing(s);
  f->SetOutputOrigin(o);
  f->SetOutputDirection(in->GetDirection());
  f->SetSize(size);
  f->SetDefaultPixelValue(0);
  f->Update();
  return f->GetOutput();
}

int main(int argc, char ** argv)
{
  // itkref IN nx ny nz sx sy sz ox oy oz OUTDIR  nnx nny nnz nsx nsy nsz nox noy noz  sigma...
  if (argc < 21)
  {
    std::fprintf(stderr, "usage: itkref IN nx ny nz sx sy sz ox oy oz OUTDIR rnx rny rnz rsx rsy rsz rox roy roz [sigma...]\n");
    return 2;
  }
  itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(1);
  ShortImage::SizeType size;
  ShortImage::SpacingType spacing;
  ShortImage::PointType origin;
  for (int a = 0; a < 3; ++a)
  {
    size[a] = std::atoi(argv[2 + a]);
    spacing[a] = std::atof(argv[5 + a]);
    origin[a] = std::atof(argv[8 + a]);
  }
  std::string out = argv[11];
  auto img = ShortImage::New();
  img->SetRegions(size);
  img->SetSpacing(spacing);
  img->SetOrigin(origin);
  img->Allocate();
  std::ifstream in(argv[1], std::ios::binary);
  in.read(reinterpret_cast<char *>(img->GetBufferPointer()), sizeof(short) * size[0] * size[1] * size[2]);
  if (!in)
  {
    std::fprintf(stderr, "short read\n");
    return 1;
  }

  ShortImage::SizeType rsize;
  double rsp[3], rorg[3];
  for (int a = 0; a < 3; ++a)
  {
    rsize[a] = std::atoi(argv[12 + a]);
    rsp[a] = std::atof(argv[15 + a]);
    rorg[a] = std::atof(argv[18 + a]);
  }

  for (int i = 21; i < argc; ++i)
  {
    using LoG = itk::LaplacianRecursiveGaussianImageFilter<ShortImage, FloatImage>;
    auto f = LoG::New();
    f->SetInput(img);
    f->SetNormalizeAcrossScale(true);
    f->SetSigma(std::atof(argv[i]));
    f->Update();
    write(f->GetOutput(), out + "/log_" + argv[i] + ".f64");
  }
  {
    using G = itk::GradientMagnitudeImageFilter<ShortImage, DoubleImage>;
    auto f = G::New();
    f->SetInput(img);
    f->SetUseImageSpacing(true);
    f->Update();
    write(f->GetOutput(), out + "/gradient.f64");
  }
  using BS = itk::BSplineInterpolateImageFunction<ShortImage, double, double>;
  using Lin = itk::LinearInterpolateImageFunction<ShortImage, double>;
  using NN = itk::NearestNeighborInterpolateImageFunction<ShortImage, double>;
  write(resample<ShortImage, BS>(img, rsize, rsp, rorg).GetPointer(), out + "/bspline_int16.f64");
  write(resample<DoubleImage, BS>(img, rsize, rsp, rorg).GetPointer(), out + "/bspline_float64.f64");
  write(resample<ShortImage, Lin>(img, rsize, rsp, rorg).GetPointer(), out + "/linear_int16.f64");
  write(resample<DoubleImage, Lin>(img, rsize, rsp, rorg).GetPointer(), out + "/linear_float64.f64");
  write(resample<ShortImage, NN>(img, rsize, rsp, rorg).GetPointer(), out + "/nearest_int16.f64");
  return 0;
}
