package main

import (
	"flag"
	"fmt"
	"io"

	"radgo/core/volume/imageio"
)

const infoUsage = `usage: radgo info [flags] PATH...

Describe what PATH holds: a DICOM folder (every series with its size,
spacing, origin, direction, transfer syntax and value range; every RTSTRUCT
ROI and SEG segment with its voxel count on the matching series), a DICOM
file, a NRRD, NIfTI or 3D Slicer .seg.nrrd file. Exits with status 1 when a
file cannot be read or a series is inconsistent, after printing what it can.

Flags:
`

// cmdInfo implements "radgo info".
func cmdInfo(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("info", flag.ContinueOnError)
	fs.SetOutput(stderr)
	series := fs.String("series", "", "only this SeriesInstanceUID")
	uneven := fs.Bool("allow-uneven-spacing", false, "accept series with uneven slice spacing (mean spacing used)")
	or := fs.Bool("or", false, "combine RTSTRUCT contours on a slice by OR instead of XOR")
	fs.Usage = func() {
		fmt.Fprint(stderr, infoUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil
		}
		return errUsage
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	var opts []imageio.Option
	if *series != "" {
		opts = append(opts, imageio.SeriesUID(*series))
	}
	if *uneven {
		opts = append(opts, imageio.AllowUnevenSpacing())
	}
	if *or {
		opts = append(opts, imageio.CombineOR())
	}
	problems := 0
	for i, p := range fs.Args() {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		info, err := imageio.Inspect(p, opts...)
		if err != nil {
			return err
		}
		info.WriteText(stdout)
		problems += len(info.Problems)
	}
	if problems > 0 {
		return fmt.Errorf("%d problem(s) found", problems)
	}
	return nil
}
