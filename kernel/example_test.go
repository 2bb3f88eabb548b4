package kernel_test

import (
	"fmt"
	"os"
	"path/filepath"

	"radgo/kernel"
)

func ExampleReadConnectionFile() {
	dir, _ := os.MkdirTemp("", "kernel-example")
	defer os.RemoveAll(dir)
	name := filepath.Join(dir, "kernel-1234.json")
	os.WriteFile(name, []byte(`{
  "shell_port": 53794, "iopub_port": 53795, "stdin_port": 53796,
  "control_port": 53797, "hb_port": 53798, "ip": "127.0.0.1",
  "key": "a0436f6c-1916-498b-8eb9-e81ab9368e84",
  "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "radgo"
}`), 0o600)
	info, err := kernel.ReadConnectionFile(name)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(info.Transport, info.IP, info.ShellPort, info.SignatureScheme)
	// Output: tcp 127.0.0.1 53794 hmac-sha256
}
