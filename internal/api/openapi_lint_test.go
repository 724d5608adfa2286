package api

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/testenv"
)

type lintProblem struct {
	RuleID   string `json:"ruleId"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// lint checks an OpenAPI document against the official 3.1 schema and Redocly's
// rules (scripts/validators/redocly.yaml) and returns whether the schema check passed
// and Redocly's problems.
func lint(t *testing.T, v testenv.Validators, doc []byte) (bool, []lintProblem) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(file, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	_, schemaOK := runNode(t, v, filepath.Join(validatorsDir, "openapi-schema.mjs"), v.Modules, file)
	out, _ := runNode(t, v, filepath.Join(v.Modules, "node_modules/@redocly/cli/bin/cli.js"), "lint",
		"--config", filepath.Join(validatorsDir, "redocly.yaml"), "--format=json", file)
	var report struct {
		Problems []lintProblem `json:"problems"`
	}
	// The JSON report follows any banner Redocly prints.
	if i := strings.Index(out, "{"); i < 0 || json.Unmarshal([]byte(out[i:]), &report) != nil {
		t.Fatalf("redocly lint printed no JSON report:\n%s", out)
	}
	return schemaOK, report.Problems
}

// TestOpenAPIPassesLint checks the served document against the official OpenAPI 3.1
// schema and the lint rules, with no problem left; then a document with each thing
// the schema and the rules ask for taken out must fail by them.
func TestOpenAPIPassesLint(t *testing.T) {
	t.Parallel() // node runs for seconds; the other tests need not wait
	v := testenv.NodeValidators(t)
	doc := openAPIDocument("1.0.0")
	if ok, problems := lint(t, v, doc); !ok || len(problems) > 0 {
		t.Fatalf("openapi.json: schema valid %v; lint problems %+v", ok, problems)
	}

	var broken map[string]any
	if err := json.Unmarshal(doc, &broken); err != nil {
		t.Fatal(err)
	}
	delete(broken["info"].(map[string]any), "license")
	delete(broken, "security")
	paths := broken["paths"].(map[string]any)
	regions := paths["/api/v1/regions"].(map[string]any)["get"].(map[string]any)
	delete(regions, "security")
	delete(regions["responses"].(map[string]any), "422")
	delete(regions["responses"].(map[string]any), "401")
	paths["/api/v1/organisations"].(map[string]any)["get"].(map[string]any)["operationId"] = regions["operationId"]
	delete(regions["responses"].(map[string]any)["200"].(map[string]any), "description") // required by the schema
	b, _ := json.Marshal(broken)
	schemaOK, problems := lint(t, v, b)
	if schemaOK {
		t.Error("a response without description passes the OpenAPI 3.1 schema check")
	}
	seen := map[string]bool{}
	for _, p := range problems {
		seen[p.RuleID] = seen[p.RuleID] || p.Severity == "error"
	}
	for _, rule := range []string{"info-license", "security-defined", "operation-4xx-response", "operation-operationId-unique"} {
		if !seen[rule] {
			t.Errorf("rule %s found no error in a document that breaks it; problems %+v", rule, problems)
		}
	}
}
