package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
)

const installHelp = `Usage: radgo install [--user | --sys-prefix | --prefix DIR] [--name NAME] [--display-name TEXT]

Register radgo as a Jupyter kernel, like "python -m ipykernel install": write
a kernelspec directory NAME (default "radgo") containing kernel.json, so that
JupyterLab, Notebook, VS Code and nbconvert offer "radgo (Go)" as a kernel.

Where the kernelspec goes (choose at most one; --user is the default):
  --user          your user data directory: $JUPYTER_DATA_DIR/kernels if set,
                  else ~/.local/share/jupyter/kernels (Linux),
                  ~/Library/Jupyter/kernels (macOS), %APPDATA%\jupyter\kernels
  --sys-prefix    the active Python environment ($VIRTUAL_ENV or $CONDA_PREFIX,
                  else python3's sys.prefix): PREFIX/share/jupyter/kernels
  --prefix DIR    DIR/share/jupyter/kernels (e.g. /usr/local for all users)

Options:
  --name NAME          kernelspec name (letters, digits, '-', '.', '_'); default radgo
  --display-name TEXT  name shown in the launcher; default "radgo (Go)"

kernel.json runs this binary by its absolute path, so install from the binary
you will keep (go install / go build), not from "go run". Re-running install
overwrites the kernelspec. Check with: jupyter kernelspec list

Example:
  go install ./cmd/radgo && radgo install --user
  jupyter lab     # then pick "radgo (Go)"
`

// kernelSpec is the content of kernel.json
// (https://jupyter-client.readthedocs.io/en/stable/kernels.html#kernel-specs).
type kernelSpec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode"`
	Env           map[string]string `json:"env"`
	Metadata      map[string]any    `json:"metadata"`
}

// allowTempBinary lets tests install a kernelspec pointing at the test
// binary, which lives in a go-build directory like a "go run" binary.
var allowTempBinary = false

var kernelNameRE = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

func cmdInstall(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("install", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {} // help goes to stdout for --help, to stderr after an error
	user := fs.Bool("user", false, "")
	sysPrefix := fs.Bool("sys-prefix", false, "")
	prefix := fs.String("prefix", "", "")
	name := fs.String("name", "radgo", "")
	display := fs.String("display-name", "radgo (Go)", "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, installHelp)
			return nil
		}
		fmt.Fprint(stderr, "\n"+installHelp)
		return errUsage
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(stderr, "radgo install: unexpected argument %q\n\n%s", fs.Arg(0), installHelp)
		return errUsage
	}
	n := 0
	for _, b := range []bool{*user, *sysPrefix, *prefix != ""} {
		if b {
			n++
		}
	}
	if n > 1 {
		fmt.Fprintf(stderr, "radgo install: choose one of --user, --sys-prefix and --prefix\n\n%s", installHelp)
		return errUsage
	}
	if !kernelNameRE.MatchString(*name) {
		return fmt.Errorf("kernel name %q may contain only ASCII letters, digits, '-', '.' and '_'", *name)
	}

	var kernels string
	switch {
	case *prefix != "":
		p, err := filepath.Abs(*prefix)
		if err != nil {
			return err
		}
		kernels = filepath.Join(p, "share", "jupyter", "kernels")
	case *sysPrefix:
		p, err := pythonPrefix()
		if err != nil {
			return err
		}
		kernels = filepath.Join(p, "share", "jupyter", "kernels")
	default:
		d, err := userDataDir()
		if err != nil {
			return err
		}
		kernels = filepath.Join(d, "kernels")
	}

	bin, err := os.Executable()
	if err != nil {
		return fmt.Errorf("cannot find the path of this binary: %w", err)
	}
	if b, err := filepath.EvalSymlinks(bin); err == nil {
		bin = b
	}
	if strings.Contains(bin, string(filepath.Separator)+"go-build") && !allowTempBinary {
		return fmt.Errorf("this binary (%s) is a temporary one from \"go run\"; build or install radgo first (go install ./cmd/radgo) and run install from that binary", bin)
	}
	spec := kernelSpec{
		Argv:          []string{bin, "kernel", "{connection_file}"},
		DisplayName:   *display,
		Language:      "go",
		InterruptMode: "message",
		Env:           map[string]string{},
		Metadata:      map[string]any{"debugger": false},
	}
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Join(kernels, *name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating the kernelspec directory: %w", err)
	}
	file := filepath.Join(dir, "kernel.json")
	if err := os.WriteFile(file, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing the kernelspec: %w", err)
	}
	if err := writeLogos(dir); err != nil {
		return fmt.Errorf("writing the kernel logos: %w", err)
	}
	fmt.Fprintf(stdout, "Installed kernelspec %s in %s\n", *name, dir)
	return nil
}

// logoSVG is the launcher icon: "Go" on a Go-blue rounded square.
const logoSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
<rect width="64" height="64" rx="12" fill="#00ADD8"/>
<text x="32" y="42" font-family="Helvetica,Arial,sans-serif" font-size="28" font-weight="bold" fill="#fff" text-anchor="middle">Go</text>
</svg>
`

// writeLogos writes logo-svg.svg and the logo-32x32.png / logo-64x64.png
// icons Jupyter front ends look for (a Go-blue rounded square).
func writeLogos(dir string) error {
	if err := os.WriteFile(filepath.Join(dir, "logo-svg.svg"), []byte(logoSVG), 0o644); err != nil {
		return err
	}
	for _, n := range []int{32, 64} {
		var buf bytes.Buffer
		if err := png.Encode(&buf, logoImage(n)); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("logo-%dx%d.png", n, n)), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// logoImage draws an n×n Go-blue square with rounded corners and a white
// ring, a text-free stand-in for the SVG logo.
func logoImage(n int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	blue := color.NRGBA{0x00, 0xAD, 0xD8, 0xFF}
	r := float64(n) * 0.19 // corner radius
	c := float64(n) / 2
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			dx := math.Max(math.Max(r-fx, fx-(float64(n)-r)), 0)
			dy := math.Max(math.Max(r-fy, fy-(float64(n)-r)), 0)
			if dx*dx+dy*dy > r*r {
				continue // outside the rounded corner
			}
			d := math.Hypot(fx-c, fy-c)
			if d > float64(n)*0.22 && d < float64(n)*0.32 {
				img.Set(x, y, color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF})
			} else {
				img.Set(x, y, blue)
			}
		}
	}
	return img
}

// userDataDir is Jupyter's per-user data directory (jupyter_core.paths.jupyter_data_dir).
func userDataDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return filepath.Abs(d)
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot find your home directory (set JUPYTER_DATA_DIR or use --prefix): %w", err)
	}
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Jupyter"), nil
	case "windows":
		if a := os.Getenv("APPDATA"); a != "" {
			return filepath.Join(a, "jupyter"), nil
		}
		return filepath.Join(home, "AppData", "Roaming", "jupyter"), nil
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "jupyter"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// pythonPrefix is sys.prefix of the active Python environment.
func pythonPrefix() (string, error) {
	for _, v := range []string{"VIRTUAL_ENV", "CONDA_PREFIX"} {
		if p := os.Getenv(v); p != "" {
			return p, nil
		}
	}
	out, err := exec.Command("python3", "-c", "import sys; print(sys.prefix)").Output()
	if err != nil {
		return "", fmt.Errorf("--sys-prefix: no $VIRTUAL_ENV or $CONDA_PREFIX and python3 could not tell its prefix (%v); use --prefix DIR", err)
	}
	return strings.TrimSpace(string(out)), nil
}
