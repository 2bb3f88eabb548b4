package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"testing"
	"time"
)

const testHeader = `{"msg_id":"a","session":"s","username":"u","date":"2026-01-02T03:04:05.000000Z","msg_type":"kernel_info_request","version":"5.3"}`

// TestSignKnownVector checks Sign against Python's
// hmac.new(b"secret", digestmod=hashlib.sha256) over the same four frames
// (computed with CPython 3.11, the signer jupyter_client uses).
func TestSignKnownVector(t *testing.T) {
	const want = "8af7bf7845937f81a692d79214da350bec852aba4bc32048d9c8f47f31f79d8e"
	got := Sign([]byte("secret"), []byte(testHeader), []byte("{}"), []byte("{}"), []byte("{}"))
	if string(got) != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
	if s := Sign(nil, []byte("x")); len(s) != 0 {
		t.Fatalf("Sign with empty key = %q, want empty", s)
	}
}

func TestRoundTrip(t *testing.T) {
	key := []byte("k3y")
	in := &Message{
		Identities:   [][]byte{[]byte("id1"), []byte("id2")},
		Header:       NewHeader("execute_request", "sess", "me"),
		ParentHeader: json.RawMessage(testHeader),
		Content:      json.RawMessage(`{"code":"1+1"}`),
		Buffers:      [][]byte{{0, 1, 2}},
	}
	frames, err := Encode(in, key)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Decode(frames, key)
	if err != nil {
		t.Fatal(err)
	}
	if out.Header != in.Header {
		t.Errorf("header = %+v, want %+v", out.Header, in.Header)
	}
	if string(out.ParentHeader) != testHeader || string(out.Content) != `{"code":"1+1"}` || string(out.Metadata) != "{}" {
		t.Errorf("frames changed: parent %s content %s metadata %s", out.ParentHeader, out.Content, out.Metadata)
	}
	if len(out.Identities) != 2 || string(out.Identities[1]) != "id2" {
		t.Errorf("identities = %q", out.Identities)
	}
	if len(out.Buffers) != 1 || !bytes.Equal(out.Buffers[0], []byte{0, 1, 2}) {
		t.Errorf("buffers = %v", out.Buffers)
	}
	var raw Header
	if err := json.Unmarshal(out.RawHeader, &raw); err != nil || raw != in.Header {
		t.Errorf("RawHeader = %s (%v)", out.RawHeader, err)
	}
}

func TestDecodeRejects(t *testing.T) {
	key := []byte("k3y")
	good, err := Encode(&Message{Header: NewHeader("execute_request", "s", "u"), Content: json.RawMessage(`{"code":"x"}`)}, key)
	if err != nil {
		t.Fatal(err)
	}
	mod := func(f func(fr [][]byte) [][]byte) [][]byte {
		c := make([][]byte, len(good))
		for i := range good {
			c[i] = bytes.Clone(good[i])
		}
		return f(c)
	}
	tests := []struct {
		name   string
		frames [][]byte
		key    []byte
		want   error // ErrBadSignature, or nil for a *FormatError
	}{
		{"wrong key", good, []byte("other"), ErrBadSignature},
		{"missing signature", mod(func(f [][]byte) [][]byte { f[1] = nil; return f }), key, ErrBadSignature},
		{"not hex", mod(func(f [][]byte) [][]byte { f[1][0] = 'z'; return f }), key, ErrBadSignature},
		{"short signature", mod(func(f [][]byte) [][]byte { f[1] = f[1][:10]; return f }), key, ErrBadSignature},
		{"uppercase-tampered", mod(func(f [][]byte) [][]byte { f[1] = bytes.ToUpper(f[1]); f[1][0] ^= 1; return f }), key, ErrBadSignature},
		{"content changed", mod(func(f [][]byte) [][]byte { f[5] = []byte(`{"code":"rm -rf"}`); return f }), key, ErrBadSignature},
		{"no delimiter", mod(func(f [][]byte) [][]byte { f[0] = []byte("x"); return f }), key, nil},
		{"too few frames", good[:4], key, nil},
		{"bad header json", mod(func(f [][]byte) [][]byte { f[2] = []byte("{"); f[1] = Sign(key, f[2:6]...); return f }), key, nil},
		{"no msg_type", mod(func(f [][]byte) [][]byte { f[2] = []byte(`{"msg_id":"1"}`); f[1] = Sign(key, f[2:6]...); return f }), key, nil},
		{"bad content json", mod(func(f [][]byte) [][]byte { f[5] = []byte(`{`); f[1] = Sign(key, f[2:6]...); return f }), key, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Decode(tt.frames, tt.key)
			if err == nil {
				t.Fatalf("Decode accepted %q: %+v", tt.frames, m)
			}
			var fe *FormatError
			switch {
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Fatalf("err = %v, want %v", err, tt.want)
			case tt.want == nil && !errors.As(err, &fe):
				t.Fatalf("err = %v (%T), want *FormatError", err, err)
			}
		})
	}
	// Uppercase hex of the right digest is still the right signature.
	up := mod(func(f [][]byte) [][]byte { f[1] = bytes.ToUpper(f[1]); return f })
	if _, err := Decode(up, key); err != nil {
		t.Errorf("uppercase hex signature rejected: %v", err)
	}
	// Without a key, signatures are not checked.
	if _, err := Decode(mod(func(f [][]byte) [][]byte { f[1] = nil; return f }), nil); err != nil {
		t.Errorf("unsigned message with empty key: %v", err)
	}
}

func TestHeader(t *testing.T) {
	seen := map[string]bool{}
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for range 1000 {
		h := NewHeader("status", "s", "u")
		if seen[h.MsgID] {
			t.Fatalf("duplicate msg_id %s", h.MsgID)
		}
		seen[h.MsgID] = true
		if !uuid.MatchString(h.MsgID) {
			t.Fatalf("msg_id %q is not a v4 UUID", h.MsgID)
		}
		if h.Version != "5.3" {
			t.Fatalf("version %q", h.Version)
		}
	}
	d := FormatDate(time.Date(2026, 1, 2, 4, 4, 5, 123456789, time.FixedZone("CET", 3600)))
	if d != "2026-01-02T03:04:05.123456Z" {
		t.Errorf("FormatDate = %q", d)
	}
	if _, err := time.Parse(time.RFC3339Nano, NewHeader("x", "", "").Date); err != nil {
		t.Errorf("date is not RFC 3339 with zone: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	key := []byte("fuzzkey")
	good, _ := Encode(&Message{Identities: [][]byte{[]byte("id")}, Header: NewHeader("execute_request", "s", "u"), Content: json.RawMessage(`{"code":"1"}`)}, key)
	f.Add(bytes.Join(good, []byte{0xff}), true)
	f.Add([]byte("<IDS|MSG>\xff\xff{}\xff{}\xff{}\xff{}"), false)
	f.Add([]byte(`<IDS|MSG>`+"\xff\xff"+testHeader+"\xff{}\xff{}\xff{}\xffbuf"), false)
	f.Fuzz(func(t *testing.T, data []byte, signed bool) {
		frames := bytes.Split(data, []byte{0xff})
		k := key
		if !signed {
			k = nil
		}
		m, err := Decode(frames, k)
		if err != nil {
			if m != nil {
				t.Fatal("non-nil message with error")
			}
			return
		}
		// A decoded message re-encodes and decodes to the same header and content.
		out, err := Encode(m, k)
		if err != nil {
			t.Fatal(err)
		}
		m2, err := Decode(out, k)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if m2.Header != m.Header || !bytes.Equal(m2.Content, m.Content) || !bytes.Equal(m2.ParentHeader, m.ParentHeader) {
			t.Fatalf("round trip changed message: %+v vs %+v", m, m2)
		}
	})
}
