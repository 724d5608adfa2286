package store

import (
	"context"
	"fmt"
	"math"
	"slices"
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

// SearchProgrammes answers the public programme finder: the programmes anyone may
// see (programmes.Searchable) that match q's text and filters, one page of them with
// the facet counts.
//
// The work is split so that each engine does what it is quick at, and the same way
// on both: one query reads the facet fields of all searchable programmes, one sums
// up their upcoming calls, one reads the text's matches from the term index;
// scoring, filtering, faceting and sorting happen in Go (programmes.Find); then the
// page's programmes are read in full, without their sections.
func (db *DB) SearchProgrammes(ctx context.Context, q programmes.Query) (programmes.Result, error) {
	q = q.Normalize(db.Now())
	lands, err := db.landKeys(ctx)
	if err != nil {
		return programmes.Result{}, err
	}
	cands, err := db.finderCandidates(ctx, q.Now, q.Sort)
	if err != nil {
		return programmes.Result{}, err
	}
	if terms := textsearch.Query(q.Text); len(terms) > 0 {
		weights, err := db.termMatches(ctx, terms)
		if err != nil {
			return programmes.Result{}, err
		}
		cands = scoreText(cands, weights, len(terms))
	}
	res := programmes.Find(q, cands, lands)
	if err := db.fillHits(ctx, res.Hits, q.Now); err != nil {
		return programmes.Result{}, err
	}
	return res, nil
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

// BM25's term-frequency saturation: a programme that says "Sprachkurs" thirty
// times is not thirty times as relevant as one that says it once.
const bm25K1 = 1.2

// scoreText keeps the candidates that match every query term (AND) and gives each
// a BM25-like score: for each query term, the saturated weight of its matches times
// the term's rarity among the searchable programmes (idf), so that a rare word of
// the query counts more than one most programmes contain. Rarity is counted among
// the candidates, so drafts influence no ranking.
func scoreText(cands []programmes.Candidate, weights map[int64][]float64, nterms int) []programmes.Candidate {
	df := make([]float64, nterms)
	for _, c := range cands {
		for i, w := range weights[c.Programme.ID] {
			if w > 0 {
				df[i]++
			}
		}
	}
	n := float64(len(cands))
	out := cands[:0]
	for _, c := range cands {
		ws := weights[c.Programme.ID]
		if ws == nil || slices.Contains(ws, 0) {
			continue
		}
		c.Score = 0
		for i, w := range ws {
			idf := math.Log(1 + (n-df[i]+0.5)/(df[i]+0.5))
			c.Score += idf * w * (bm25K1 + 1) / (w + bm25K1)
		}
		out = append(out, c)
	}
	return out
}
