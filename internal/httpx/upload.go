package httpx

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Uploads (multipart/form-data) and downloads of stored files, shared by the web UI
// and the API.

// Errors of ReadUpload, for the surface to say in its own words.
var (
	ErrUploadTooLarge = errors.New("upload: file too large")
	ErrUploadNoFile   = errors.New("upload: no file")
)

// Upload is what ReadUpload read: the file's name as the client gave it (only a
// name: neither it nor the part's Content-Type says what the bytes are), its
// content, and the small form fields.
type Upload struct {
	Name    string
	Content []byte
	Fields  url.Values
}

// maxUploadField bounds each small field of an upload.
const maxUploadField = 1 << 10

// ReadUpload streams a multipart body: the part named field into memory up to
// maxFile bytes (a larger one is ErrUploadTooLarge), every other part as a small
// field up to 1 KiB. Nothing goes to a temporary file. The body is limited to
// maxBody (http.MaxBytesReader); what the handler does not read is read and dropped
// up to that limit, so that the client gets to see the answer rather than a
// connection reset.
func ReadUpload(rw http.ResponseWriter, r *http.Request, field string, maxFile, maxBody int64) (Upload, error) {
	up := Upload{Fields: url.Values{}}
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" || params["boundary"] == "" {
		return up, ErrUploadNoFile
	}
	r.Body = http.MaxBytesReader(rw, r.Body, maxBody)
	defer func() { _, _ = io.Copy(io.Discard, r.Body) }()
	mr := multipart.NewReader(r.Body, params["boundary"])
	seen := false
	for {
		p, err := mr.NextPart()
		var big *http.MaxBytesError
		switch {
		case errors.Is(err, io.EOF):
			if !seen || (up.Name == "" && len(up.Content) == 0) {
				return up, ErrUploadNoFile
			}
			return up, nil
		case errors.As(err, &big):
			return up, ErrUploadTooLarge
		case err != nil:
			return up, ErrUploadNoFile
		}
		switch name := p.FormName(); {
		case name == field && !seen:
			seen = true
			b, err := io.ReadAll(io.LimitReader(p, maxFile+1))
			if err != nil || int64(len(b)) > maxFile {
				return up, ErrUploadTooLarge
			}
			up.Name, up.Content = p.FileName(), b
		case name != "":
			b, _ := io.ReadAll(io.LimitReader(p, maxUploadField))
			up.Fields.Set(name, string(b))
		}
		p.Close()
	}
}

// ServeDownload sends a stored file as a download, never for display in the site's
// origin: the type as given, no sniffing, a sandbox for any viewer that opens it
// inline anyway. Ranges and conditional requests work (PDF viewers use them).
func ServeDownload(rw http.ResponseWriter, r *http.Request, name, mediaType, etag string, modified time.Time, content []byte) {
	h := rw.Header()
	h.Set("Content-Type", mediaType)
	h.Set("Content-Disposition", ContentDisposition(name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	if etag != "" {
		h.Set("ETag", `"`+etag+`"`)
	}
	http.ServeContent(rw, r, "", modified, bytes.NewReader(content))
}

// ContentDisposition names a download: an ASCII fallback for old clients and the
// real name in RFC 5987 form.
func ContentDisposition(name string) string {
	var ascii strings.Builder
	for _, r := range name {
		if r >= 0x20 && r < 0x7f && r != '"' && r != '\\' && r != '%' {
			ascii.WriteRune(r)
		} else {
			ascii.WriteByte('_')
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + extValue(name)
}

// extValue percent-encodes every byte but RFC 5987's attr-char.
func extValue(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
