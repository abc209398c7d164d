package web

import (
	"os"
	"regexp"
	"slices"
	"testing"
)

// TestMessagesOnce checks the page's messages (static/js/i18n.js): each key
// once per language, and the same keys in both. A key given twice in an
// object literal is no error in JavaScript, the later one silently wins:
// the siting panel's "parcels.title" once renamed the parcels layer's
// control.
func TestMessagesOnce(t *testing.T) {
	src, err := os.ReadFile("static/js/i18n.js")
	if err != nil {
		t.Fatal(err)
	}
	language := regexp.MustCompile(`(?m)^  '?([\w-]+)'?: \{$`)
	key := regexp.MustCompile(`(?m)^    '([^']+)':`)
	starts := language.FindAllSubmatchIndex(src, -1)
	if len(starts) != 2 {
		t.Fatalf("found %d languages in i18n.js, want zh-Hans and en", len(starts))
	}
	keys := map[string][]string{}
	for i, m := range starts {
		end := len(src)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		lang := string(src[m[2]:m[3]])
		seen := map[string]bool{}
		for _, k := range key.FindAllSubmatch(src[m[1]:end], -1) {
			name := string(k[1])
			if seen[name] {
				t.Errorf("%s: %q is given twice; the second hides the first", lang, name)
			}
			seen[name] = true
			keys[lang] = append(keys[lang], name)
		}
	}
	zh, en := keys["zh-Hans"], keys["en"]
	slices.Sort(zh)
	slices.Sort(en)
	for _, k := range zh {
		if _, ok := slices.BinarySearch(en, k); !ok {
			t.Errorf("%q has Chinese text but no English", k)
		}
	}
	for _, k := range en {
		if _, ok := slices.BinarySearch(zh, k); !ok {
			t.Errorf("%q has English text but no Chinese", k)
		}
	}
}
