// Package wire encodes and decodes Jupyter messages (protocol 5.3) as ZeroMQ
// multipart frames and signs them with HMAC-SHA256.
//
// A message on the wire is
//
//	[routing ids...] "<IDS|MSG>" signature header parent_header metadata content [buffers...]
//
// The signature is the lowercase hex HMAC-SHA256, under the connection
// key, of the four JSON frames exactly as they were received. [Decode]
// verifies it in constant time (hmac.Equal) before parsing anything else and
// returns [ErrBadSignature] for a missing, malformed or wrong signature, so
// a caller can drop the message without looking at its content. With an
// empty key signing is disabled, as in jupyter_client.
//
// [NewHeader] stamps every outgoing message with a fresh random msg_id
// (jupyter_client rejects duplicate signatures), the kernel's session, a
// timezone-aware ISO 8601 date and protocol version "5.3".
//
// Reference: https://jupyter-client.readthedocs.io/en/stable/messaging.html
package wire
