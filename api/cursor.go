package api

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/parkmap/parkmap/geo"
)

// Keyset paging: a next link carries cursor=…, the position of the page's
// last feature (its sort keys and id, geo.Keyset), so that the next page
// starts there on an index instead of walking past every feature before
// it as an offset does. The cursor is opaque to clients and signed: its
// values go into SQL as placeholders, and the signature keeps clients from
// handing the store positions of their own making. It names the query it
// belongs to (a digest of the parameters that choose and order the
// features) and when it was made: one from another query, one past
// cursorTTL, one signed with another key (another process's random key,
// unless --cursor-key gives them one) or altered is a 400.

const (
	// cursorParam is the items parameter that carries a cursor.
	cursorParam = "cursor"
	// cursorTTL is how long a cursor is honoured: a client walks a
	// collection's pages within it; one kept longer should start again.
	cursorTTL = 24 * time.Hour
	// maxCursor bounds a cursor's length, before any decoding.
	maxCursor = 4096
	// cursorVersion changes when the payload does.
	cursorVersion = 1
)

// cursorPayload is what a cursor says, as signed JSON.
type cursorPayload struct {
	Version    int    `json:"v"`
	Collection string `json:"c"`
	Query      string `json:"q"` // queryDigest of the parameters
	Issued     int64  `json:"t"` // Unix seconds, at the hour
	// Position is how many features came before the page the cursor
	// starts, for numbering and for the previous page's offset.
	Position int               `json:"o"`
	Values   []json.RawMessage `json:"k"`
	ID       string            `json:"i"`
}

// cursorCodec signs and checks cursors with one key.
type cursorCodec struct {
	key []byte
	now func() time.Time
}

// newCursorCodec uses key, or a random one when key is empty: cursors then
// hold only within this process.
func newCursorCodec(key []byte) *cursorCodec {
	if len(key) == 0 {
		key = make([]byte, 32)
		_, _ = rand.Read(key) // crypto/rand.Read does not fail
	}
	return &cursorCodec{key: key, now: time.Now}
}

func (cc *cursorCodec) sign(payload []byte) []byte {
	m := hmac.New(sha256.New, cc.key)
	m.Write(payload)
	return m.Sum(nil)[:16]
}

// encode makes the cursor of the page starting after ks, position features in.
func (cc *cursorCodec) encode(collection, digest string, position int, ks *geo.Keyset) (string, error) {
	// The hour, not the second: a page's links, and so its ETag, stay the
	// same within the hour, and servers sharing a key write the same
	// cursors.
	p := cursorPayload{Version: cursorVersion, Collection: collection, Query: digest, Issued: cc.now().Truncate(time.Hour).Unix(),
		Position: position, ID: ks.ID, Values: make([]json.RawMessage, len(ks.Values))}
	for i, v := range ks.Values {
		b, err := json.Marshal(v)
		if err != nil {
			return "", err
		}
		p.Values[i] = b
	}
	payload, err := json.Marshal(p)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(payload) + "." + base64.RawURLEncoding.EncodeToString(cc.sign(payload)), nil
}

// decode checks a cursor against the query it came with and returns the
// position it names. Every failure is an EInvalid error for the client.
func (cc *cursorCodec) decode(s string, def *geo.Collection, digest string, keys []geo.SortKey) (geo.Keyset, int, error) {
	malformed := invalid("cursor: malformed; use the next link of a page as it is")
	if len(s) > maxCursor {
		return geo.Keyset{}, 0, malformed
	}
	body, sig, ok := strings.Cut(s, ".")
	if !ok {
		return geo.Keyset{}, 0, malformed
	}
	payload, err := base64.RawURLEncoding.Strict().DecodeString(body)
	if err != nil {
		return geo.Keyset{}, 0, malformed
	}
	mac, err := base64.RawURLEncoding.Strict().DecodeString(sig)
	if err != nil {
		return geo.Keyset{}, 0, malformed
	}
	if !hmac.Equal(mac, cc.sign(payload)) {
		return geo.Keyset{}, 0, invalid("cursor: not issued by this server or altered (a restarted server without --cursor-key issues new ones): start again from the first page")
	}
	var p cursorPayload
	d := json.NewDecoder(bytes.NewReader(payload))
	d.UseNumber()
	if err := d.Decode(&p); err != nil || p.Version != cursorVersion {
		return geo.Keyset{}, 0, malformed
	}
	if p.Collection != def.ID || p.Query != digest || len(p.Values) != len(keys) {
		return geo.Keyset{}, 0, invalid("cursor: it belongs to another query; keep every parameter of the link but limit")
	}
	issued := time.Unix(p.Issued, 0)
	if age := cc.now().Sub(issued); age > cursorTTL || age < -time.Minute {
		return geo.Keyset{}, 0, invalid("cursor: expired (cursors hold for %s): start again from the first page", cursorTTL)
	}
	if p.Position < 0 {
		return geo.Keyset{}, 0, malformed
	}
	ks := geo.Keyset{ID: p.ID, Values: make([]any, len(keys))}
	for i, k := range keys {
		v, err := cursorValue(def, k, p.Values[i])
		if err != nil {
			return geo.Keyset{}, 0, malformed
		}
		ks.Values[i] = v
	}
	return ks, p.Position, nil
}

// cursorValue reads one sort key's value as the property's type gives it.
func cursorValue(def *geo.Collection, k geo.SortKey, raw json.RawMessage) (any, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	typ := geo.TypeString
	if k.Property != def.IDProperty {
		p, ok := def.Property(k.Property)
		if !ok {
			return nil, invalid("no property %q", k.Property)
		}
		typ = p.Type
	}
	wrongType := invalid("cursor value of the wrong type")
	switch v.(type) {
	case nil:
		if k.Property == def.IDProperty {
			return nil, wrongType
		}
	case string:
		if typ != geo.TypeString {
			return nil, wrongType
		}
	case float64:
		if typ != geo.TypeNumber && typ != geo.TypeInteger {
			return nil, wrongType
		}
	case bool:
		if typ != geo.TypeBoolean {
			return nil, wrongType
		}
	default:
		return nil, wrongType
	}
	return v, nil
}

// queryDigest names the features a request selects and their order: every
// parameter but those that only cut pages (limit, offset, cursor) or
// choose how they are written (f, crs, properties, skipGeometry).
func queryDigest(query url.Values) string {
	kept := newLinkQuery(query, "limit", "offset", cursorParam, "f", "crs", "properties", "skipGeometry")
	sum := sha256.Sum256([]byte(kept.with()))
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}
