package wire

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Version is the messaging protocol version the kernel speaks.
const Version = "5.3"

// Delimiter separates the routing identities from the message frames.
const Delimiter = "<IDS|MSG>"

// ErrBadSignature reports a message whose signature is missing, not hex or
// does not match its frames. Such a message must be dropped unread.
var ErrBadSignature = errors.New("wire: missing or invalid message signature")

// FormatError reports frames that are not a Jupyter message.
type FormatError struct {
	Reason string
}

func (e *FormatError) Error() string { return "wire: malformed message: " + e.Reason }

// Header is the header of a Jupyter message.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one decoded Jupyter message. Metadata and Content stay raw JSON
// until the dispatcher decodes them into typed structs.
type Message struct {
	// Identities are the ZeroMQ routing frames before the delimiter; a
	// reply copies them so the ROUTER socket delivers it to the requester.
	Identities [][]byte
	Header     Header
	// RawHeader is the header frame as received; replies use it verbatim
	// as their parent_header. Encode ignores it.
	RawHeader json.RawMessage
	// ParentHeader is the raw parent_header; nil encodes as {}.
	ParentHeader json.RawMessage
	Metadata     json.RawMessage // nil encodes as {}
	Content      json.RawMessage // nil encodes as {}
	Buffers      [][]byte
}

// Decode parses multipart frames into a Message. With a non-empty key the
// signature is verified first; a mismatch returns ErrBadSignature.
func Decode(frames [][]byte, key []byte) (*Message, error) {
	delim := -1
	for i, f := range frames {
		if string(f) == Delimiter {
			delim = i
			break
		}
	}
	if delim < 0 {
		return nil, &FormatError{"no " + Delimiter + " delimiter frame"}
	}
	rest := frames[delim+1:]
	if len(rest) < 5 {
		return nil, &FormatError{fmt.Sprintf("%d frames after the delimiter, want at least 5", len(rest))}
	}
	sig, parts := rest[0], rest[1:5]
	if len(key) > 0 {
		want := make([]byte, hex.DecodedLen(len(sig)))
		n, err := hex.Decode(want, sig)
		if err != nil || n != sha256.Size {
			return nil, ErrBadSignature
		}
		mac := hmac.New(sha256.New, key)
		for _, p := range parts {
			mac.Write(p)
		}
		if !hmac.Equal(mac.Sum(nil), want[:n]) {
			return nil, ErrBadSignature
		}
	}
	m := &Message{
		RawHeader:    cloneRaw(parts[0]),
		ParentHeader: cloneRaw(parts[1]),
		Metadata:     cloneRaw(parts[2]),
		Content:      cloneRaw(parts[3]),
	}
	if err := json.Unmarshal(parts[0], &m.Header); err != nil {
		return nil, &FormatError{"header: " + err.Error()}
	}
	if m.Header.MsgType == "" {
		return nil, &FormatError{"header has no msg_type"}
	}
	for i, p := range []json.RawMessage{m.ParentHeader, m.Metadata, m.Content} {
		if !json.Valid(p) {
			return nil, &FormatError{[]string{"parent_header", "metadata", "content"}[i] + " is not valid JSON"}
		}
	}
	for _, id := range frames[:delim] {
		m.Identities = append(m.Identities, bytes.Clone(id))
	}
	for _, b := range rest[5:] {
		m.Buffers = append(m.Buffers, bytes.Clone(b))
	}
	return m, nil
}

func cloneRaw(b []byte) json.RawMessage {
	if len(b) == 0 {
		return json.RawMessage("{}")
	}
	return json.RawMessage(bytes.Clone(b))
}

// Encode serialises m into multipart frames, signed with key (unsigned when
// key is empty).
func Encode(m *Message, key []byte) ([][]byte, error) {
	h, err := json.Marshal(m.Header)
	if err != nil {
		return nil, fmt.Errorf("wire: encoding header: %w", err)
	}
	parts := [4][]byte{h, orEmpty(m.ParentHeader), orEmpty(m.Metadata), orEmpty(m.Content)}
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, []byte(Delimiter), Sign(key, parts[:]...))
	frames = append(frames, parts[:]...)
	frames = append(frames, m.Buffers...)
	return frames, nil
}

func orEmpty(b json.RawMessage) []byte {
	if len(b) == 0 {
		return []byte("{}")
	}
	return b
}

// Sign returns the lowercase hex HMAC-SHA256 of parts under key, or an empty
// signature when key is empty.
func Sign(key []byte, parts ...[]byte) []byte {
	if len(key) == 0 {
		return []byte{}
	}
	mac := hmac.New(sha256.New, key)
	for _, p := range parts {
		mac.Write(p)
	}
	sum := mac.Sum(nil)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// NewHeader returns the header of a new message of type msgType in session,
// with a fresh random msg_id and the current time in UTC.
func NewHeader(msgType, session, username string) Header {
	return Header{
		MsgID:    NewID(),
		Session:  session,
		Username: username,
		Date:     FormatDate(time.Now()),
		MsgType:  msgType,
		Version:  Version,
	}
}

// FormatDate formats t as an ISO 8601 date with microseconds and an explicit
// UTC offset ("Z"), which jupyter_client parses without a naive-date warning.
func FormatDate(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000Z07:00")
}

// NewID returns a random (version 4) UUID string.
func NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("wire: crypto/rand failed: " + err.Error()) // never happens on supported platforms
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
