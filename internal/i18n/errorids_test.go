package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// errorIDs finds the message ids that Go code gives to domain errors and field
// errors, with where they stand.
var errorIDs = []*regexp.Regexp{
	regexp.MustCompile(`teilhabe\.E\([a-zA-Z.]+, "([a-z][a-z0-9_.]*)"`),
	regexp.MustCompile(`teilhabe\.Invalid\("([a-z][a-z0-9_.]*)"`),
	regexp.MustCompile(`teilhabe\.FieldMsg\("[a-z_]+", "[a-z_]+", "([a-z][a-z0-9_.]*)"`),
	regexp.MustCompile(`teilhabe\.Msg\("([a-z][a-z0-9_.]*)"\)`),
	regexp.MustCompile(`\b(?:add|bad)\("[a-z_]+", "[a-z_]+", "([a-z][a-z0-9_.]*)"\)`),
	regexp.MustCompile(`\bbad\("[a-z_]+", "([a-z][a-z0-9_.]+)"\)`),
	regexp.MustCompile(`\bq\.fail\([^,]+, "([a-z][a-z0-9_.]*)"`),
	regexp.MustCompile(`\bp\.(?:fail|failCol|fieldError)\([^"\n]*"(regions\.[a-z0-9_.]*)"`), // the Gemeindeverzeichnis parser
	regexp.MustCompile(`teilhabe\.M\("([a-z][a-z0-9_.]*)"`),
	// monitoring: the GENESIS reader's fail and warn, and the domain's invalid.
	regexp.MustCompile(`\b(?:fail|genesisFail|warn)\([^"\n]*"([a-z][a-z0-9_]*\.[a-z0-9_.]*[a-z0-9_])"`),
	regexp.MustCompile(`\binvalid\("[a-z_]+", "([a-z][a-z0-9_.]*)"`),
}

// fieldIDs find field errors named by field and code: "fielderror.<field>.<code>".
var fieldIDs = []*regexp.Regexp{
	regexp.MustCompile(`teilhabe\.Field\("([a-z_]+)", "([a-z_]+)"`),
	regexp.MustCompile(`\badd\("([a-z_]+)", "([a-z_]+)"\)`),
}

// TestErrorMessagesAreInBothCatalogues checks that every message id Go code gives an
// error has a text in German and in English, so that no user reads a raw id and the
// English UI shows English errors. The legacy form (German text in the code,
// teilhabe.Errorf) is not counted here.
func TestErrorMessagesAreInBothCatalogues(t *testing.T) {
	de, en := catalogue(t, "de"), catalogue(t, "en")
	var missing []string
	found := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var ids []string
		for _, re := range errorIDs {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				ids = append(ids, m[1])
			}
		}
		for _, re := range fieldIDs {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				ids = append(ids, "fielderror."+m[1]+"."+m[2])
			}
		}
		for _, id := range ids {
			found++
			for lang, c := range map[string]map[string]any{"de": de, "en": en} {
				if _, ok := c[id]; !ok {
					missing = append(missing, lang+": "+id+" ("+path+")")
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 50 {
		t.Fatalf("found only %d message ids: the patterns no longer match how errors are made", found)
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("error message ids without a text:\n%s", strings.Join(missing, "\n"))
	}
}
