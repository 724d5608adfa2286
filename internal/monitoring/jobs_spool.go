package monitoring

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The files of a job wait on the disk of the instance that received them, in a
// directory of their own under the spool directory, until the job has run. They are
// not put into the database: a 200 MB upload would double the database's writes and
// its size for a file that is read once, and the job runs where the files are. If
// that instance stops, the job fails (it must, the import is one transaction on its
// connection), and the next start of any instance removes what it left behind.

// maxUploadFiles caps the files of one upload; the upload's size is capped by the
// surface that receives it.
const maxUploadFiles = 50

// spool writes the upload's files into a new directory under root, as 0, 1, …
// (the names users gave stay in the job, never in a path). An error of the upload
// itself (a broken or cut-off request) is EINVALID, an error of the disk internal.
func spool(root string, up Upload) (dir string, files []JobFile, err error) {
	if err := os.MkdirAll(root, 0o700); err != nil {
		return "", nil, err
	}
	dir, err = os.MkdirTemp(root, "upload-")
	if err != nil {
		return "", nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	for {
		name, content, err := up.Next()
		if errors.Is(err, io.EOF) {
			return dir, files, nil
		}
		if err != nil {
			return dir, nil, errUpload()
		}
		if len(files) == maxUploadFiles {
			return dir, nil, invalid("files", "monitoring.job.error.too_many_files", "Max", maxUploadFiles)
		}
		name = filepath.Base(strings.TrimSpace(name))
		size, err := spoolFile(filepath.Join(dir, strconv.Itoa(len(files))), content)
		if err != nil {
			return dir, nil, err
		}
		files = append(files, JobFile{Name: name, Size: size})
	}
}

func errUpload() error {
	return teilhabe.Invalid("monitoring.error.upload", teilhabe.FieldMsg("files", "invalid", "monitoring.fielderror.files_upload"))
}

// spoolFile copies one file to path; a read error is the upload's, a write error the
// disk's.
func spoolFile(path string, content io.Reader) (int64, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, err
	}
	r := &readErr{r: content}
	n, err := io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if r.err != nil {
		return n, errUpload()
	}
	return n, err
}

type readErr struct {
	r   io.Reader
	err error
}

func (r *readErr) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		r.err = err
	}
	return n, err
}

// errPeeked ends a read once the table's header is known.
var errPeeked = errors.New("header read")

// peekSink learns a file's table code from its header and stops the reader there.
type peekSink struct{ code string }

func (p *peekSink) Begin(t Table, _ []Series) error { p.code = t.Code; return errPeeked }
func (p *peekSink) Observation(Observation) error   { return errPeeked }
func (p *peekSink) End(string) error                { return errPeeked }

// peekTables reads the header of each spooled file and returns the distinct table
// codes, sorted. A file that is no table is refused now, with the reader's error
// naming file and line, rather than minutes later by the job.
func peekTables(dir string, files []JobFile) ([]string, error) {
	var codes []string
	for i, jf := range files {
		f, err := os.Open(filepath.Join(dir, strconv.Itoa(i)))
		if err != nil {
			return nil, err
		}
		var p peekSink
		_, err = ReadGenesis(f, jf.Name, &p)
		f.Close()
		if err != nil && !errors.Is(err, errPeeked) {
			return nil, err
		}
		if p.code == "" {
			return nil, invalid("files", "monitoring.error.no_table", "File", jf.Name)
		}
		if !slices.Contains(codes, p.code) {
			codes = append(codes, p.code)
		}
	}
	slices.Sort(codes)
	return codes, nil
}

// jobDir is where the files of job id wait.
func jobDir(root string, id int64) string { return filepath.Join(root, fmt.Sprintf("job-%d", id)) }

// countingReader counts what the reader has taken from a file, for the progress.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// spooledFiles are a job's files as ImportTables reads them, counting into read.
func spooledFiles(dir string, files []JobFile, read *atomic.Int64) []TableFile {
	out := make([]TableFile, len(files))
	for i, jf := range files {
		path, name := filepath.Join(dir, strconv.Itoa(i)), jf.Name
		out[i] = TableFile{Name: name, Read: func(sink Sink) (Summary, error) {
			f, err := os.Open(path)
			if err != nil {
				return Summary{}, ErrOpenFile(name, err)
			}
			defer f.Close()
			return ReadGenesis(countingReader{r: f, n: read}, name, sink)
		}}
	}
	return out
}
