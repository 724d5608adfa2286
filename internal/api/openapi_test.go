package api

import (
	"encoding/json"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
)

var httpMethods = []string{"get", "put", "post", "delete", "patch", "head", "options", "trace"}

// goPatternParam matches the ServeMux spellings {name} and {name...}; {$} only
// anchors the end and is no parameter.
var goPatternParam = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)(\.\.\.)?\}`)

// openAPIPath turns a ServeMux path into the OpenAPI spelling.
func openAPIPath(p string) string {
	return goPatternParam.ReplaceAllString(strings.TrimSuffix(p, "{$}"), "{$1}")
}

func loadOpenAPI(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(openAPISource, &doc); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}
	return doc
}

// TestOpenAPIMatchesRoutes fails when a route is added without being documented,
// or documented without existing, or documented without the basics a client
// generator needs.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", doc["openapi"])
	}
	routes := map[string]accounts.Action{}
	for _, rt := range New(brokenServices, testBundle, "test").Routes() {
		routes[rt.Method+" "+openAPIPath(rt.Path)] = rt.Action
	}
	if global, _ := doc["security"].([]any); len(global) != 1 {
		t.Errorf("security = %v, want the bearer token as the default", doc["security"])
	}
	documented := map[string]bool{}
	operationIDs := map[string]string{}
	paths, _ := doc["paths"].(map[string]any)
	for path, item := range paths {
		item := item.(map[string]any)
		for _, method := range httpMethods {
			op, ok := item[method].(map[string]any)
			if !ok {
				continue
			}
			key := strings.ToUpper(method) + " " + path
			documented[key] = true
			checkOperation(t, key, op, item, path)
			if id, _ := op["operationId"].(string); id != "" {
				if other, dup := operationIDs[id]; dup {
					t.Errorf("%s: operationId %q is also used by %s", key, id, other)
				}
				operationIDs[id] = key
			}
			// The document says which calls need credentials, for each operation
			// (public ones with "security": [], since the default asks for a token);
			// it must agree with the action the route table declares.
			security, declared := op["security"].([]any)
			if !declared {
				t.Errorf("%s: no security of its own", key)
			}
			if action, ok := routes[key]; ok && (action == accounts.ActPublic) != (len(security) == 0) {
				t.Errorf("%s: action %q but security %v", key, action, op["security"])
			}
		}
	}
	for key := range routes {
		if !documented[key] {
			t.Errorf("route %s is not in openapi.json", key)
		}
	}
	for key := range documented {
		if _, ok := routes[key]; !ok {
			t.Errorf("openapi.json documents %s, which Routes() does not have", key)
		}
	}
}

func checkOperation(t *testing.T, key string, op, item map[string]any, path string) {
	t.Helper()
	for _, field := range []string{"operationId", "summary"} {
		if s, _ := op[field].(string); s == "" {
			t.Errorf("%s: no %s", key, field)
		}
	}
	if responses, _ := op["responses"].(map[string]any); len(responses) == 0 {
		t.Errorf("%s: no responses", key)
	}
	declared := map[string]bool{}
	for _, params := range []any{item["parameters"], op["parameters"]} {
		list, _ := params.([]any)
		for _, p := range list {
			p := p.(map[string]any)
			if p["in"] == "path" {
				declared[p["name"].(string)] = p["required"] == true
			}
		}
	}
	for _, m := range goPatternParam.FindAllStringSubmatch(path, -1) {
		if !declared[m[1]] {
			t.Errorf("%s: path parameter %q is not declared as required", key, m[1])
		}
	}
}

// TestOpenAPIReferences checks that every $ref points into the document.
func TestOpenAPIReferences(t *testing.T) {
	doc := loadOpenAPI(t)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok && resolve(doc, ref) == nil {
				t.Errorf("$ref %q does not resolve", ref)
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
}

// resolve follows a local JSON pointer (RFC 6901), or returns nil.
func resolve(doc map[string]any, ref string) any {
	if !strings.HasPrefix(ref, "#/") {
		return nil
	}
	var cur any = doc
	for _, part := range strings.Split(ref[2:], "/") {
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		if cur, ok = m[part]; !ok {
			return nil
		}
	}
	return cur
}

// TestOpenAPIProblemCodes keeps the documented problem codes equal to the ones the
// API can answer with.
func TestOpenAPIProblemCodes(t *testing.T) {
	doc := loadOpenAPI(t)
	var documented []string
	for _, c := range resolve(doc, "#/components/schemas/ProblemCode/enum").([]any) {
		documented = append(documented, c.(string))
	}
	slices.Sort(documented)
	if known := slices.Sorted(maps.Keys(problemTexts)); !slices.Equal(documented, known) {
		t.Errorf("ProblemCode enum %v, problemTexts %v", documented, known)
	}
}

func TestOpenAPIServed(t *testing.T) {
	h := New(brokenServices, testBundle, "1.4.2").Handler()
	res := get(t, h, "/api/v1/openapi.json")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, Content-Type %q", res.status, res.header.Get("Content-Type"))
	}
	if info := res.body["info"].(map[string]any); info["version"] != "1.4.2" {
		t.Errorf("info.version = %v", info["version"])
	}
	// A version with quotes must not break the document.
	if !json.Valid(openAPIDocument(`1.0 "beta"`)) {
		t.Error("version is not escaped")
	}
}
