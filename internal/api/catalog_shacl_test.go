package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/testenv"
)

// validatorsDir holds the scripts and lint rules that run the pinned npm validators.
const validatorsDir = "../../scripts/validators"

// runNode runs one of the validator scripts and returns what it printed and whether
// it exited 0. An exit status other than 0 or 1 is a broken setup and fails the test.
func runNode(t *testing.T, v testenv.Validators, args ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command(v.Node, args...)
	// Redocly would otherwise phone home and check for updates: the tests run offline.
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", "NO_COLOR=1")
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("node %s: %v\n%s%s", strings.Join(args, " "), err, out.String(), stderr.String())
	}
	return out.String(), err == nil
}

type shaclReport struct {
	Error      string        `json:"error"`
	Triples    int           `json:"triples"`
	Violations []shaclResult `json:"violations"`
	Others     []shaclResult `json:"others"`
	Skipped    []string      `json:"skipped"`
}

type shaclResult struct {
	Severity  string `json:"severity"`
	FocusNode string `json:"focusNode"`
	Path      string `json:"path"`
	Value     string `json:"value"`
	Message   string `json:"message"`
}

// shacl validates JSON-LD documents against GovData's DCAT-AP.de 3.0 shapes in
// testdata/dcat-ap-de, in one run of the validator, and returns a report for each.
func shacl(t *testing.T, v testenv.Validators, docs ...[]byte) []shaclReport {
	t.Helper()
	args := []string{filepath.Join(validatorsDir, "shacl.mjs"), v.Modules, "testdata/dcat-ap-de"}
	dir := t.TempDir()
	for i, doc := range docs {
		file := filepath.Join(dir, fmt.Sprintf("catalog-%d.jsonld", i))
		if err := os.WriteFile(file, doc, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, file)
	}
	out, _ := runNode(t, v, args...)
	var reports []shaclReport
	if err := json.Unmarshal([]byte(out), &reports); err != nil || len(reports) != len(docs) {
		t.Fatalf("shacl.mjs printed no report for each file: %v\n%s", err, out)
	}
	return reports
}

// TestCatalogPassesDCATAPde runs GovData's SHACL shapes on the catalogue of an
// installation with a real table and the starting indicators: no violation, no
// warning. The same run checks the catalogue broken in ways a change could break
// it, and each of those must fail, so that the check is known to bite.
func TestCatalogPassesDCATAPde(t *testing.T) {
	t.Parallel() // node runs for seconds; the other tests need not wait
	v := testenv.NodeValidators(t)
	db := storetest.SQLite(t)
	realTable(t, db)
	importTable(t, db, "t.csv", smallTable)
	res, body := raw(t, newAPI(db).Handler(), "/api/v1/catalog", map[string]string{"X-Forwarded-Proto": "https"})
	if res.StatusCode != 200 {
		t.Fatalf("catalog: %d %s", res.StatusCode, body)
	}
	broken := []struct {
		name, path string
		breakIt    func(cat map[string]any)
	}{
		{"media type as a literal", "http://www.w3.org/ns/dcat#mediaType", func(cat map[string]any) {
			distOf(cat, 0, 0)["dcat:mediaType"] = "text/csv"
		}},
		{"media type outside IANA's registry", "http://www.w3.org/ns/dcat#mediaType", func(cat map[string]any) {
			distOf(cat, 0, 0)["dcat:mediaType"] = map[string]any{"@id": "http://example.com/types/csv"}
		}},
		{"dataset without title", "http://purl.org/dc/terms/title", func(cat map[string]any) {
			delete(datasetOf(cat, 1), "dct:title")
		}},
		{"distribution without access URL", "http://www.w3.org/ns/dcat#accessURL", func(cat map[string]any) {
			delete(distOf(cat, 0, 1), "dcat:accessURL")
		}},
		{"publisher a text", "http://purl.org/dc/terms/publisher", func(cat map[string]any) {
			datasetOf(cat, 0)["dct:publisher"] = "Teilhabe"
		}},
	}
	docs := [][]byte{[]byte(body)}
	for _, c := range broken {
		var cat map[string]any
		if err := json.Unmarshal([]byte(body), &cat); err != nil {
			t.Fatal(err)
		}
		c.breakIt(cat)
		doc, _ := json.Marshal(cat)
		docs = append(docs, doc)
	}
	reports := shacl(t, v, docs...)

	r := reports[0]
	if len(r.Violations) > 0 || len(r.Others) > 0 || r.Error != "" || r.Triples < 100 {
		t.Fatalf("catalogue fails DCAT-AP.de 3.0 (%d triples): %s\nviolations %+v\nwarnings %+v", r.Triples, r.Error, r.Violations, r.Others)
	}
	t.Logf("%d triples; vocabulary checks skipped (no offline copy): %v", r.Triples, r.Skipped)
	for i, c := range broken {
		found := false
		for _, res := range reports[i+1].Violations {
			found = found || res.Path == c.path
		}
		if !found {
			t.Errorf("%s: no violation at %s: %+v", c.name, c.path, reports[i+1].Violations)
		}
	}
}

func datasetOf(cat map[string]any, i int) map[string]any {
	return cat["dcat:dataset"].([]any)[i].(map[string]any)
}

func distOf(cat map[string]any, i, j int) map[string]any {
	return datasetOf(cat, i)["dcat:distribution"].([]any)[j].(map[string]any)
}
