package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/programmes/textsearch"
)

// indexProgramme rewrites the programme's rows of the finder's term index from its
// current text. Every save calls it in the save's transaction, so the index never
// disagrees with the programme; drafts are indexed as well and filtered out by the
// search, so that publishing needs no re-index.
func (tx *Tx) indexProgramme(ctx context.Context, p *programmes.Programme) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM programme_terms WHERE programme_id = $1`, p.ID); err != nil {
		return err
	}
	fields := []textsearch.Field{{Text: p.Title, Weight: textsearch.WeightTitle}, {Text: p.Summary, Weight: textsearch.WeightSummary}}
	for _, s := range p.Sections {
		fields = append(fields, textsearch.Field{Text: s.Heading, Weight: textsearch.WeightHeading}, textsearch.Field{Text: s.Body, Weight: textsearch.WeightBody})
	}
	terms := textsearch.Index(fields...)
	b := newBatchInserter(tx, "programme_terms", "term, programme_id, weight", 3)
	defer b.Close()
	args := make([]any, 0, 3*b.size)
	for i, t := range terms {
		args = append(args, t.Term, p.ID, t.Weight)
		if len(args) == 3*b.size || i == len(terms)-1 {
			if err := b.Exec(ctx, len(args)/3, args); err != nil {
				return err
			}
			args = args[:0]
		}
	}
	return nil
}

// termMatches reads, for every programme with a match for any query term, the
// summed weight of the indexed terms each query term matched. A query term matches
// the indexed terms it is a prefix of: "sprach" matches "sprachkur" and
// "sprachforder"; the primary key (term, programme_id) serves each prefix as a
// range scan. Drafts are among the results; scoreText keeps the searchable
// programmes only.
//
// Each query term's matches come back as one text "id:weight,id:weight,…" in one
// row, and Go sums them up: a common prefix matches tens of thousands of rows, and
// both grouping them in SQLite and handing them to Go row by row cost several times
// more than the aggregation into one string. Weights are whole numbers
// (textsearch's weights are), and SQLite writes an integer as text at half the
// cost of a float.
func (db *DB) termMatches(ctx context.Context, terms []string) (map[int64][]float64, error) {
	var b strings.Builder
	args := make([]any, 0, 2*len(terms))
	for i, t := range terms {
		if i > 0 {
			b.WriteString(" UNION ALL ")
		}
		fmt.Fprintf(&b, `SELECT %d, COALESCE(string_agg(CAST(programme_id AS TEXT) || ':' || CAST(CAST(weight AS INTEGER) AS TEXT), ','), '')
			FROM programme_terms WHERE term >= $%d AND term < $%d`, i, len(args)+1, len(args)+2)
		args = append(args, t, prefixEnd(t))
	}
	rows, err := db.read.QueryContext(ctx, b.String(), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]float64{}
	for rows.Next() {
		var i int
		var list string
		if err := rows.Scan(&i, &list); err != nil {
			return nil, err
		}
		for pair := range strings.SplitSeq(list, ",") {
			if pair == "" {
				continue
			}
			id, w, err := parseMatch(pair)
			if err != nil {
				return nil, err
			}
			ws := out[id]
			if ws == nil {
				ws = make([]float64, len(terms))
				out[id] = ws
			}
			ws[i] += w
		}
	}
	return out, rows.Err()
}

// parseMatch reads "id:weight" of termMatches.
func parseMatch(pair string) (int64, float64, error) {
	a, b, ok := strings.Cut(pair, ":")
	id, err1 := strconv.ParseInt(a, 10, 64)
	w, err2 := strconv.ParseFloat(b, 64)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("programme_terms: unexpected match %q", pair)
	}
	return id, w, nil
}

// prefixEnd returns the least string greater than every string with the prefix p
// in code point order, the order of SQLite's BINARY collation and of PostgreSQL's
// C collation: p with its last character incremented.
func prefixEnd(p string) string {
	r, n := utf8.DecodeLastRuneInString(p)
	return p[:len(p)-n] + string(r+1)
}
