package api

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"net/http"
)

// openAPISource is written by hand: the document is the contract clients code
// against, so it should read well and change deliberately. TestOpenAPIMatchesRoutes
// keeps it in step with Routes.
//
//go:embed openapi.json
var openAPISource []byte

// versionPlaceholder stands for info.version in the source; it is a JSON string, so
// the source stays valid JSON and tests can parse it as it is.
const versionPlaceholder = `"@VERSION@"`

// openAPIDocument returns the document with the build's version, keeping the
// hand-written order of keys that decoding into a map would lose.
func openAPIDocument(version string) []byte {
	v, _ := json.Marshal(version)
	doc := bytes.Replace(openAPISource, []byte(versionPlaceholder), v, 1)
	if !json.Valid(doc) {
		panic("api: embedded openapi.json is not valid JSON")
	}
	return doc
}

func (a *API) serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	// Tools such as Swagger UI fetch the document from other origins.
	w.Header().Set("Access-Control-Allow-Origin", "*")
	_, _ = w.Write(a.openapi)
}
