package seed

import (
	"fmt"
	"strings"

	"github.com/paulmach/orb/geojson"
)

// featureID reads a feature's id, the one way for every collection of a
// data folder: present and text. A number is refused rather than turned
// into text: 7 and 7.0 are one JSON number but would be two ids. Its
// syntax is checked with the references (checkID), so that the features
// that refer to an id a folder misspells are listed too.
func featureID(f *geojson.Feature) (string, error) {
	switch id := f.ID.(type) {
	case nil:
		return "", fmt.Errorf("id: is missing")
	case string:
		if id == "" {
			return "", fmt.Errorf("id: is missing")
		}
		return id, nil
	default:
		return "", fmt.Errorf("id: want text, got %v", id)
	}
}

// checkID checks an id or slug given in field: present, and of the one
// syntax that /items/{featureId} accepts (idPattern).
func checkID(field, id string) (string, error) {
	if id == "" {
		return "", fmt.Errorf("%s: is missing", field)
	}
	if !idPattern.MatchString(id) {
		return "", fmt.Errorf("%s: %q is not an id (%s)", field, id, idPattern)
	}
	return id, nil
}

// noNUL reports a text PostgreSQL cannot store: it refuses the NUL
// character in text, so the embedded store must not take it either.
func noNUL(s string) error {
	if strings.ContainsRune(s, 0) {
		return fmt.Errorf("holds a NUL character, which no text may")
	}
	return nil
}
