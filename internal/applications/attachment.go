package applications

import (
	"bytes"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Attachment is a file an applicant adds to an application (Anlage): a general one,
// or the answer to one of the call's questions of kind file. Only PDF is taken, by
// its content: a name or a media type sent along is never believed.
type Attachment struct {
	ID            int64
	ApplicationID int64
	// QuestionID is the call's question the file answers; "" for a general attachment.
	QuestionID string
	Name       string // sanitised, ends in .pdf
	MediaType  string // always MediaTypePDF
	Size       int64
	SHA256     string // hex, of the content as stored
	UploadedBy int64  // 0 once the user is deleted
	CreatedAt  time.Time
}

// Limits of attachments: a scanned certificate or a Satzung fits, a film does not;
// twenty files hold any application's annexes, and the database stays bounded.
const (
	MaxAttachmentSize = 10 << 20
	MaxAttachments    = 20
	maxAttachmentName = 120 // runes, with the extension
	maxQuestionID     = 64
)

// MediaTypePDF is the only type attachments have.
const MediaTypePDF = "application/pdf"

// Where a PDF's markers may lie: readers accept the header within the first KiB (some
// writers put bytes before it) and look for the end marker in the last KiB (trailing
// whitespace or a second newline after %%EOF is common).
const (
	pdfHeaderWindow  = 1024
	pdfTrailerWindow = 1024
)

// CheckPDF reports, as a field error of "file", why content is no PDF this platform
// takes: empty, too large, or not a PDF by its bytes. nil means it is one.
func CheckPDF(content []byte) *teilhabe.FieldError {
	var f teilhabe.FieldError
	switch {
	case len(content) == 0:
		f = teilhabe.FieldMsg("file", "empty", "attachments.fielderror.empty")
	case len(content) > MaxAttachmentSize:
		f = teilhabe.FieldMsg("file", "too_large", "attachments.fielderror.too_large", "MaxMiB", MaxAttachmentSize>>20)
	case !looksLikePDF(content):
		f = teilhabe.FieldMsg("file", "not_pdf", "attachments.fielderror.not_pdf")
	default:
		return nil
	}
	return &f
}

// looksLikePDF checks the header "%PDF-" with a version digit near the start and
// the end marker "%%EOF" near the end, which every conforming writer puts there.
func looksLikePDF(b []byte) bool {
	head := b[:min(len(b), pdfHeaderWindow)]
	i := bytes.Index(head, []byte("%PDF-"))
	if i < 0 || i+6 > len(b) || b[i+5] < '1' || b[i+5] > '2' {
		return false
	}
	tail := b[max(0, len(b)-pdfTrailerWindow):]
	return bytes.Contains(tail, []byte("%%EOF"))
}

// CleanAttachmentName makes a name sent by a browser or a client safe to store and
// to put into a download's Content-Disposition: the last path element only (also of
// a Windows path), no control or formatting characters, spaces collapsed, at most
// maxAttachmentName runes, always ending in ".pdf". A name with nothing left
// becomes "Anlage.pdf".
func CleanAttachmentName(name string) string {
	name = strings.ToValidUTF8(name, "")
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	var b strings.Builder
	space := false
	for _, r := range name {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '"' || r == '/' || r == utf8.RuneError:
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	name = strings.TrimRight(b.String(), " .")
	stem := name
	if ext := path.Ext(name); strings.EqualFold(ext, ".pdf") {
		stem = strings.TrimSuffix(name, ext)
	}
	stem = strings.Trim(stem, " .") // no hidden files, no "name..pdf"
	if r := []rune(stem); len(r) > maxAttachmentName-4 {
		stem = strings.TrimRight(string(r[:maxAttachmentName-4]), " .")
	}
	if stem == "" {
		stem = "Anlage"
	}
	return stem + ".pdf"
}
