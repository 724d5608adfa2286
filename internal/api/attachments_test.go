package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

func pdfFile(text string) []byte {
	return []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% " + text + "\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
}

// uploadRequest is a multipart upload of one file, with fields as name, value pairs.
func uploadRequest(target, token, name string, content []byte, fields ...string) *http.Request {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for i := 0; i+1 < len(fields); i += 2 {
		_ = mw.WriteField(fields[i], fields[i+1])
	}
	w, _ := mw.CreateFormFile("file", name)
	_, _ = w.Write(content)
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, target, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	return req
}

func TestAttachmentsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setupProgrammes(t, db)
		prog, err := programmes.NewService(db.Programmes()).Programme(f.ctx, f.landProgramme)
		if err != nil {
			t.Fatal(err)
		}
		res := postJSON(t, f.h, "/api/v1/applications", f.providerToken, applicationBodyJSON(prog.Programme.Calls[0].ID, "32668.00"))
		if res.status != http.StatusCreated {
			t.Fatalf("create: %d %v", res.status, res.body)
		}
		files := fmt.Sprintf("/api/v1/applications/%d/files", int64(res.body["id"].(float64)))

		content := pdfFile("Satzung")
		res = do(t, f.h, uploadRequest(files, f.providerToken, "Satzung.pdf", content))
		sum := sha256.Sum256(content)
		if res.status != http.StatusCreated || res.body["name"] != "Satzung.pdf" || res.body["size"] != float64(len(content)) ||
			res.body["sha256"] != hex.EncodeToString(sum[:]) || res.body["media_type"] != "application/pdf" || res.body["question_id"] != "" {
			t.Fatalf("upload: %d %v", res.status, res.body)
		}
		file := fmt.Sprintf("%s/%d", files, int64(res.body["id"].(float64)))
		if loc := res.header.Get("Location"); loc != file {
			t.Errorf("Location = %q, want %q", loc, file)
		}

		// By content: HTML named .pdf is refused, in the caller's language.
		req := uploadRequest(files, f.providerToken, "rechnung.pdf", []byte("<html><script>alert(1)</script></html>"))
		req.Header.Set("Accept-Language", "en")
		res = do(t, f.h, req)
		wantProblem(t, res, http.StatusUnprocessableEntity, "invalid")
		if got := fieldErrors(res); !slices.Equal(got, []string{"file"}) || !strings.Contains(fmt.Sprint(res.body["errors"]), "not a PDF") {
			t.Errorf("HTML: %v", res.body)
		}
		res = do(t, f.h, uploadRequest(files, f.providerToken, "x.pdf", pdfFile("x"), "question_id", "keine-frage"))
		wantProblem(t, res, http.StatusUnprocessableEntity, "invalid")
		if got := fieldErrors(res); !slices.Equal(got, []string{"question_id"}) {
			t.Errorf("unknown question: %v", got)
		}
		res = do(t, f.h, uploadRequest(files, f.providerToken, "gross.pdf", append(pdfFile("x"), bytes.Repeat([]byte{' '}, 10<<20)...)))
		wantProblem(t, res, http.StatusUnprocessableEntity, "invalid")
		if got := fieldErrors(res); !slices.Equal(got, []string{"file"}) {
			t.Errorf("too large: %v", got)
		}

		list := getWithToken(t, f.h, files, f.providerToken)
		if list.status != http.StatusOK || len(items(t, list)) != 1 || items(t, list)[0]["name"] != "Satzung.pdf" {
			t.Fatalf("list: %d %v", list.status, list.body)
		}
		// The draft's files are the provider's alone.
		for _, tok := range []string{f.landToken, f.token, f.bundToken} {
			wantProblem(t, getWithToken(t, f.h, files, tok), http.StatusNotFound, "not_found")
			wantProblem(t, do(t, f.h, uploadRequest(files, tok, "x.pdf", pdfFile("x"))), http.StatusNotFound, "not_found")
		}

		req = httptest.NewRequest(http.MethodGet, file, nil)
		req.Header.Set("Authorization", "Bearer "+f.providerToken)
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Body.String() != string(content) || rec.Header().Get("Content-Type") != "application/pdf" ||
			rec.Header().Get("Content-Disposition") != `attachment; filename="Satzung.pdf"; filename*=UTF-8''Satzung.pdf` ||
			rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("download: %d %v", rec.Code, rec.Header())
		}

		req = httptest.NewRequest(http.MethodDelete, file, nil)
		req.Header.Set("Authorization", "Bearer "+f.landToken)
		wantProblem(t, do(t, f.h, req), http.StatusNotFound, "not_found")
		req = httptest.NewRequest(http.MethodDelete, file, nil)
		req.Header.Set("Authorization", "Bearer "+f.providerToken)
		rec = httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusNoContent {
			t.Fatalf("delete: %d %s", rec.Code, rec.Body)
		}
		wantProblem(t, getWithToken(t, f.h, file, f.providerToken), http.StatusNotFound, "not_found")
	})
}
