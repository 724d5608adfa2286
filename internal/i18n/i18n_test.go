package i18n

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// catalogue merges every message file of a language.
func catalogue(t *testing.T, lang string) map[string]any {
	t.Helper()
	files, _ := fs.Glob(locales, "locales/*"+lang+".json")
	m := map[string]any{}
	for _, f := range files {
		b, err := fs.ReadFile(locales, f)
		if err != nil {
			t.Fatal(err)
		}
		part := map[string]any{}
		if err := json.Unmarshal(b, &part); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for k, v := range part {
			if _, dup := m[k]; dup {
				t.Errorf("%s: %q is defined twice", f, k)
			}
			m[k] = v
		}
	}
	return m
}

func TestCataloguesHaveTheSameKeys(t *testing.T) {
	de, en := catalogue(t, "de"), catalogue(t, "en")
	for k := range de {
		if _, ok := en[k]; !ok {
			t.Errorf("en lacks %q", k)
		}
	}
	for k := range en {
		if _, ok := de[k]; !ok {
			t.Errorf("de lacks %q", k)
		}
	}
}

// TestTemplatesUseOnlyKnownKeys finds every literal message id in the web templates
// and handlers and checks that the German catalogue has it, so that no page shows a
// raw id.
func TestTemplatesUseOnlyKnownKeys(t *testing.T) {
	de := catalogue(t, "de")
	literal := regexp.MustCompile(`(?:\.T|T\(|redirect\([^,]+, [^,]+,|Title|titleID) ?"([a-z][a-z0-9_]*\.[a-z0-9_.]+)"`)
	var missing []string
	found := 0
	err := filepath.WalkDir("../web", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".html") || strings.HasSuffix(path, ".go")) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			found++
			if _, ok := de[m[1]]; !ok {
				missing = append(missing, path+": "+m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 100 {
		t.Fatalf("found only %d message ids: the pattern no longer matches how templates translate", found)
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("message ids without a translation:\n%s", strings.Join(missing, "\n"))
	}
}

func TestFormats(t *testing.T) {
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	de, en := b.For("de"), b.For("en")
	day := time.Date(2019, 12, 31, 23, 30, 0, 0, time.UTC)
	cases := []struct{ got, want string }{
		{de.Int(83166711), "83.166.711"},
		{en.Int(83166711), "83,166,711"},
		{de.Decimal(207.33, 2), "207,33"},
		{en.Decimal(1234.5, 1), "1,234.5"},
		{de.Date(day), "31.12.2019"},
		{en.Date(day), "31 Dec 2019"},
		{de.DateTime(day), "01.01.2020, 00:30 Uhr"}, // Europe/Berlin
		{de.T("regions.results", "Count", 1, "Total", "1"), "1 Gebiet"},
		{de.T("regions.results", "Count", 3, "Total", "3"), "3 Gebiete"},
		{de.T("finder.count", "Count", 1), "Gefundene Programme: 1"}, // a message without plural forms and a count of 1
		{en.T("nav.login"), "Log in"},
		{b.For("fr").T("nav.login"), "Anmelden"},
		{de.T("no.such.key"), "no.such.key"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestNegotiate(t *testing.T) {
	cases := []struct{ cookie, accept, want string }{
		{"", "", "de"},
		{"", "en-GB,en;q=0.9", "en"},
		{"", "fr-FR,en;q=0.5", "en"},
		{"", "tr,de;q=0.8,en;q=0.5", "de"},
		{"de", "en-US", "de"},
		{"en", "de-DE", "en"},
		{"xx", "", "de"},
	}
	for _, c := range cases {
		if got := Negotiate(c.cookie, c.accept); got != c.want {
			t.Errorf("Negotiate(%q, %q) = %q, want %q", c.cookie, c.accept, got, c.want)
		}
	}
}
