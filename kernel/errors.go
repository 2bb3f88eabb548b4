package kernel

import "errors"

// ErrNoStdin is returned by Output.Input when the front end did not allow
// stdin for the running request.
var ErrNoStdin = errors.New("kernel: the front end does not accept input for this request (allow_stdin is false)")
