package httpx_test

import (
	"bytes"
	"errors"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/httpx"
)

func multipartBody(t *testing.T, fields map[string]string, name string, content []byte) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if content != nil {
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write(content)
	}
	_ = mw.Close()
	return &b, mw.FormDataContentType()
}

func TestReadUpload(t *testing.T) {
	read := func(body *bytes.Buffer, ct string, maxFile, maxBody int64) (httpx.Upload, error) {
		r := httptest.NewRequest("POST", "/", body)
		r.Header.Set("Content-Type", ct)
		return httpx.ReadUpload(httptest.NewRecorder(), r, "file", maxFile, maxBody)
	}
	body, ct := multipartBody(t, map[string]string{"question_id": "satzung"}, "Satzung.pdf", []byte("%PDF-1.4 …"))
	up, err := read(body, ct, 100, 1000)
	if err != nil || up.Name != "Satzung.pdf" || string(up.Content) != "%PDF-1.4 …" || up.Fields.Get("question_id") != "satzung" {
		t.Fatalf("%+v, %v", up, err)
	}
	body, ct = multipartBody(t, nil, "big.pdf", bytes.Repeat([]byte("x"), 101))
	if _, err := read(body, ct, 100, 1000); !errors.Is(err, httpx.ErrUploadTooLarge) {
		t.Errorf("file over the limit: %v", err)
	}
	body, ct = multipartBody(t, nil, "huge.pdf", bytes.Repeat([]byte("x"), 5000))
	if _, err := read(body, ct, 10000, 1000); !errors.Is(err, httpx.ErrUploadTooLarge) {
		t.Errorf("body over the limit: %v", err)
	}
	body, ct = multipartBody(t, map[string]string{"back": "edit"}, "", nil)
	if up, err := read(body, ct, 100, 1000); !errors.Is(err, httpx.ErrUploadNoFile) || up.Fields.Get("back") != "edit" {
		t.Errorf("no file: %+v, %v", up, err)
	}
	if _, err := read(bytes.NewBufferString(`{"file":"x"}`), "application/json", 100, 1000); !errors.Is(err, httpx.ErrUploadNoFile) {
		t.Errorf("JSON: %v", err)
	}
}

func TestServeDownload(t *testing.T) {
	rec := httptest.NewRecorder()
	httpx.ServeDownload(rec, httptest.NewRequest("GET", "/", nil), "Übersicht; \"neu\".pdf", "application/pdf", "abc", time.Time{}, []byte("%PDF-1.4"))
	h := rec.Header()
	if rec.Code != http.StatusOK || h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" ||
		h.Get("Content-Disposition") != `attachment; filename="_bersicht; _neu_.pdf"; filename*=UTF-8''%C3%9Cbersicht%3B%20%22neu%22.pdf` ||
		!strings.Contains(h.Get("Content-Security-Policy"), "sandbox") || rec.Body.String() != "%PDF-1.4" {
		t.Fatalf("%d %v %q", rec.Code, h, rec.Body.String())
	}
}
