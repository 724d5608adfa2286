package server_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// testPDF is a small, well-formed PDF.
func testPDF(text string) []byte {
	return []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
		"% " + text + "\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
}

// postFile sends one file as the Anlagen form of the web UI (or the API) does.
func (a *app) postFile(t *testing.T, c *http.Client, path, name string, content []byte, fields ...string) *http.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for i := 0; i+1 < len(fields); i += 2 {
		_ = mw.WriteField(fields[i], fields[i+1])
	}
	// A browser's guess of the type; the server must not believe it.
	h := make(map[string][]string)
	h["Content-Disposition"] = []string{`form-data; name="file"; filename="` + name + `"`}
	h["Content-Type"] = []string{"application/pdf"}
	w, err := mw.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", a.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func readBody(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAttachmentsInTheBrowser: a provider uploads a PDF to a draft on its edit form
// and downloads it again; a PNG called .pdf and a file over 10 MiB are refused on
// the form with the reason; another provider cannot fetch the file; removed, it is
// gone.
func TestAttachmentsInTheBrowser(t *testing.T) {
	a := newApp(t)
	call := callOf(t, a.db, programmeID(t, a.db, "Sprachkurse im Alltag – Deutsch für Eltern und Neuzugewanderte"))
	provider := a.login(t, "provider_staff")
	if code, _ := a.post(t, provider, "/applications", url.Values{"call": {call}, "title": {"Antrag mit Anlagen"}}); code != http.StatusSeeOther {
		t.Fatalf("draft: %d", code)
	}
	id := newestApplication(t, a, provider, "Antrag mit Anlagen")
	code, body := a.get(t, provider, "/applications/"+id+"/edit")
	if code != http.StatusOK {
		t.Fatalf("edit form: %d", code)
	}
	mustContain(t, body, `id="anlagen"`, "Noch keine Anlagen.", `enctype="multipart/form-data"`, `accept="application/pdf,.pdf"`, "Nur PDF, höchstens 10 MiB")

	content := testPDF("Satzung")
	res := a.postFile(t, provider, "/applications/"+id+"/files", "Satzung des Vereins.pdf", content, "back", "edit")
	readBody(t, res)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/applications/"+id+"/edit#anlagen" {
		t.Fatalf("upload: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}

	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
	res = a.postFile(t, provider, "/applications/"+id+"/files", "Foto.pdf", png, "back", "edit")
	body = readBody(t, res)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("PNG: %d", res.StatusCode)
	}
	mustContain(t, body, "Die Datei wurde nicht gespeichert.", "Die Datei ist kein PDF.", `href="#file"`, `name="title"`)

	big := append(testPDF("groß"), bytes.Repeat([]byte(" "), 10<<20)...)
	res = a.postFile(t, provider, "/applications/"+id+"/files", "Groß.pdf", big, "back", "")
	body = readBody(t, res)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("too large: %d", res.StatusCode)
	}
	mustContain(t, body, "Die Datei ist zu groß", "höchstens 10 MiB", "Satzung des Vereins.pdf")

	code, body = a.get(t, provider, "/applications/"+id)
	m := regexp.MustCompile(`href="(/applications/` + id + `/files/(\d+))" download`).FindStringSubmatch(body)
	if code != http.StatusOK || m == nil {
		t.Fatalf("application page lists no file: %d", code)
	}
	mustContain(t, body, "Satzung des Vereins.pdf", "allgemeine Anlage", "1 KB", "Entfernen")
	res, err := provider.Get(a.srv.URL + m[1])
	if err != nil {
		t.Fatal(err)
	}
	got := readBody(t, res)
	if res.StatusCode != http.StatusOK || got != string(content) || res.Header.Get("Content-Type") != "application/pdf" ||
		res.Header.Get("X-Content-Type-Options") != "nosniff" ||
		res.Header.Get("Content-Disposition") != `attachment; filename="Satzung des Vereins.pdf"; filename*=UTF-8''Satzung%20des%20Vereins.pdf` {
		t.Fatalf("download: %d %v", res.StatusCode, res.Header)
	}
	for _, role := range []string{"provider_staff.verein", "funder_staff.bw"} {
		if code, _ := a.get(t, a.login(t, role), m[1]); code != http.StatusNotFound {
			t.Errorf("%s downloads from the draft: %d", role, code)
		}
	}

	code, _ = a.post(t, provider, m[1]+"/delete", url.Values{"back": {""}})
	if code != http.StatusSeeOther {
		t.Fatalf("remove: %d", code)
	}
	if code, _ := a.get(t, provider, m[1]); code != http.StatusNotFound {
		t.Fatalf("removed file: %d", code)
	}
	if _, body := a.get(t, provider, "/applications/"+id); !strings.Contains(body, "Noch keine Anlagen.") {
		t.Error("the removed file is still listed")
	}
}
