package wire_test

import (
	"encoding/json"
	"fmt"

	"radgo/kernel/wire"
)

func Example() {
	key := []byte("connection-file-key")
	msg := &wire.Message{
		Identities: [][]byte{[]byte("client")},
		Header:     wire.NewHeader("execute_request", "session-1", "alice"),
		Content:    json.RawMessage(`{"code":"1+2+3"}`),
	}
	frames, _ := wire.Encode(msg, key)
	got, err := wire.Decode(frames, key)
	fmt.Println(got.Header.MsgType, string(got.Content), err)

	frames[len(frames)-1] = []byte(`{"code":"os.Exit(1)"}`) // tampered content
	_, err = wire.Decode(frames, key)
	fmt.Println(err)
	// Output:
	// execute_request {"code":"1+2+3"} <nil>
	// wire: missing or invalid message signature
}
