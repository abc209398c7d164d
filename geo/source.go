package geo

import "strings"

// Source is a public document that facts are taken from.
type Source struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Date      string `json:"date,omitempty"` // YYYY-MM-DD or YYYY-MM, as precise as known
	URL       string `json:"url,omitempty"`
	Note      string `json:"note,omitempty"`
}

// Citation renders the source as one line a reader can follow:
// "publisher date: title (url)".
func (s Source) Citation() string {
	var b strings.Builder
	b.WriteString(s.Publisher)
	if s.Date != "" {
		b.WriteString(" " + s.Date)
	}
	b.WriteString(": " + s.Title)
	if s.URL != "" {
		b.WriteString(" (" + s.URL + ")")
	}
	return b.String()
}
