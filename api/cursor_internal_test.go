package api

import (
	"strings"
	"testing"
	"time"

	"github.com/parkmap/parkmap/geo"
)

// TestCursorExpires: a cursor is honoured for cursorTTL, then refused.
func TestCursorExpires(t *testing.T) {
	cc := newCursorCodec([]byte("key"))
	issued := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cc.now = func() time.Time { return issued }
	keys := []geo.SortKey{{Property: "area_ha", Descending: true}}
	c, err := cc.encode("parks", "digest", 10, &geo.Keyset{ID: "hongta", Values: []any{12.5}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		after time.Duration
		want  string // "" for accepted
	}{
		{0, ""},
		{cursorTTL - time.Second, ""},
		{cursorTTL + time.Second, "expired"},
		{-time.Hour, "expired"}, // from the future: a clock gone wrong
	} {
		cc.now = func() time.Time { return issued.Add(tt.after) }
		ks, pos, err := cc.decode(c, geo.Parks, "digest", keys)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("after %s: %v", tt.after, err)
		case tt.want == "" && (pos != 10 || ks.ID != "hongta" || ks.Values[0] != 12.5):
			t.Errorf("after %s: %+v at %d", tt.after, ks, pos)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("after %s: %v, want %q", tt.after, err, tt.want)
		}
	}
}

// FuzzCursor: any text given as a cursor is refused with an EInvalid
// error, or accepted only when it is one the codec signed.
func FuzzCursor(f *testing.F) {
	cc := newCursorCodec([]byte("key"))
	keys := []geo.SortKey{{Property: "name_en"}, {Property: "planned_area_km2", Descending: true}}
	good, err := cc.encode("parks", "d", 3, &geo.Keyset{ID: "a", Values: []any{"Hongta", nil}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add("")
	f.Add(".")
	f.Add("eyJ2IjoxfQ.AAAA")
	f.Add(strings.Repeat("x", 5000))
	f.Fuzz(func(t *testing.T, s string) {
		ks, _, err := cc.decode(s, geo.Parks, "d", keys)
		if err != nil {
			if e, ok := err.(*geo.Error); !ok || e.Code != geo.EInvalid {
				t.Fatalf("%q: %v is not an EInvalid *geo.Error", s, err)
			}
			return
		}
		if s != good {
			// HMAC-SHA256 cut to 128 bits: another text that passes is a forgery.
			t.Fatalf("%q accepted as %+v", s, ks)
		}
	})
}
