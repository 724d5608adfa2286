package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/funding"
	"github.com/teilhabe/teilhabe/internal/funding/textsearch"
	"github.com/teilhabe/teilhabe/internal/regions"
)

// indexProgramme rewrites the programme's rows of the finder's term index from its
// current text. Every save calls it in the save's transaction, so the index never
// disagrees with the programme; drafts are indexed as well and filtered out by the
// search, so that publishing needs no re-index.
func (tx *Tx) indexProgramme(ctx context.Context, p *funding.Programme) error {
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
// see (funding.Searchable) that match q's text and filters, one page of them with
// the facet counts.
//
// The work is split so that each engine does what it is quick at, and the same way
// on both: one query reads the facet fields of all searchable programmes, one sums
// up their upcoming calls, one reads the text's matches from the term index;
// scoring, filtering, faceting and sorting happen in Go (funding.Find); then the
// page's programmes are read in full, without their sections.
func (db *DB) SearchProgrammes(ctx context.Context, q funding.Query) (funding.Result, error) {
	q = q.Normalize(db.Now())
	lands, err := db.landKeys(ctx)
	if err != nil {
		return funding.Result{}, err
	}
	cands, err := db.finderCandidates(ctx, q.Now, q.Sort)
	if err != nil {
		return funding.Result{}, err
	}
	if terms := textsearch.Query(q.Text); len(terms) > 0 {
		weights, err := db.termMatches(ctx, terms)
		if err != nil {
			return funding.Result{}, err
		}
		cands = scoreText(cands, weights, len(terms))
	}
	res := funding.Find(q, cands, lands)
	if err := db.fillHits(ctx, res.Hits, q.Now); err != nil {
		return funding.Result{}, err
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
func scoreText(cands []funding.Candidate, weights map[int64][]float64, nterms int) []funding.Candidate {
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

// finderRecord is what funding.Find needs of a programme, packed into one line of
// text: "id|level|kind|financing|status|fields|groups|types|regions|title". Codes
// never hold a "|" (they are checked against fixed lists and the regions), the
// title comes last so that it may, and its line breaks are blanked ($1 is "\n").
const finderRecord = `CAST(p.id AS TEXT) || '|' || o.funder_level || '|' || p.funding_kind || '|' || p.financing_type
	|| '|' || p.status || '|' || CAST(p.action_fields AS TEXT) || '|' || CAST(p.target_groups AS TEXT)
	|| '|' || CAST(p.provider_types AS TEXT) || '|' || CAST(p.region_keys AS TEXT) || '|' || replace(p.title, $1, ' ')`

// finderCandidates reads what funding.Find needs of every searchable programme for
// the sort order: the facet fields and whether a call is open at now always, the
// order of the next deadlines for the sort by deadline, publication dates for the
// sort by newest.
//
// A search reads this for thousands of programmes, so each part comes back as a
// single row of text that Go cuts up: the SQLite driver's cost goes by rows and
// columns handed over, and for 3,000 programmes one aggregated text takes a
// fraction of the time of 3,000 rows. Sorting and grouping are left out where Go
// can do them, because SQLite's sorter is slow in the pure-Go build.
func (db *DB) finderCandidates(ctx context.Context, now time.Time, sort funding.SortOrder) ([]funding.Candidate, error) {
	args := []any{"\n"}
	statuses := marks(&args, searchableStatuses()...)
	var all string
	err := db.read.QueryRowContext(ctx, `SELECT COALESCE(string_agg(`+finderRecord+`, $1), '')
		FROM programmes p JOIN organisations o ON o.id = p.funder_id WHERE p.status IN (`+statuses+`)`, args...).Scan(&all)
	if err != nil {
		return nil, err
	}
	// One allocation for all programmes rather than one each, and lists decoded
	// once for all programmes that share them, spare the garbage collector tens of
	// thousands of objects per search. The shared lists are read-only.
	n := strings.Count(all, "\n") + 1
	progs := make([]funding.Programme, 0, n)
	out := make([]funding.Candidate, 0, n)
	index := make(map[int64]int, n)
	lists := codeLists{strings: map[string][]string{}, types: map[string][]accounts.ProviderType{}}
	for line := range strings.SplitSeq(all, "\n") {
		if line == "" {
			continue
		}
		progs = append(progs, funding.Programme{})
		p := &progs[len(progs)-1]
		if err := lists.parseRecord(line, p); err != nil {
			return nil, err
		}
		index[p.ID] = len(out)
		out = append(out, funding.Candidate{Programme: p})
	}

	// Open now: the programmes with a call whose window contains now. Times are
	// stored in UTC, so they compare as stored on both engines.
	var open string
	err = db.read.QueryRowContext(ctx, `SELECT COALESCE(string_agg(CAST(programme_id AS TEXT), ','), '') FROM programme_calls
		WHERE opens_at <= $1 AND closes_at > $1`, now.UTC()).Scan(&open)
	if err != nil {
		return nil, err
	}
	for id := range strings.SplitSeq(open, ",") {
		pid, err := strconv.ParseInt(id, 10, 64)
		if i, ok := index[pid]; ok && err == nil {
			out[i].Open = funding.CallsCanBeOpen(out[i].Programme.Status)
		}
	}

	switch sort {
	case funding.SortDeadline:
		err = db.deadlineRanks(ctx, now, out, index)
	case funding.SortNewest:
		err = db.publicationDates(ctx, out, index)
	}
	return out, err
}

// codeLists decodes the JSON lists of finder records, each distinct text once.
type codeLists struct {
	strings map[string][]string
	types   map[string][]accounts.ProviderType
}

// parseRecord reads a finderRecord into p.
func (c codeLists) parseRecord(line string, p *funding.Programme) error {
	var f [10]string
	rest := line
	for i := range 9 {
		var ok bool
		if f[i], rest, ok = strings.Cut(rest, "|"); !ok {
			return fmt.Errorf("programmes: unexpected finder record %q", line)
		}
	}
	f[9] = rest // the title, which may hold "|"
	id, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil {
		return fmt.Errorf("programmes: unexpected finder record %q", line)
	}
	p.ID, p.FunderLevel, p.FundingKind, p.FinancingType, p.Status, p.Title = id, accounts.FunderLevel(f[1]), funding.FundingKind(f[2]),
		funding.FinancingType(f[3]), funding.Status(f[4]), f[9]
	return errors.Join(decodeOnce(c.strings, id, "action_fields", f[5], &p.ActionFields), decodeOnce(c.strings, id, "target_groups", f[6], &p.TargetGroups),
		decodeOnce(c.types, id, "provider_types", f[7], &p.ProviderTypes), decodeOnce(c.strings, id, "region_keys", f[8], &p.RegionKeys))
}

func decodeOnce[T ~string](seen map[string][]T, id int64, column, src string, dst *[]T) error {
	if v, ok := seen[src]; ok {
		*dst = v
		return nil
	}
	if err := decodeCodes(id, column, src, dst); err != nil {
		return err
	}
	seen[src] = *dst
	return nil
}

// deadlineRanks sets each candidate's Deadline: the rank of its next closing time
// after now among all programmes, equal times sharing a rank.
func (db *DB) deadlineRanks(ctx context.Context, now time.Time, out []funding.Candidate, index map[int64]int) error {
	var ranks string
	err := db.read.QueryRowContext(ctx, `SELECT COALESCE(string_agg(CAST(programme_id AS TEXT) || ':' || CAST(deadline AS TEXT), ','), '')
		FROM (SELECT programme_id, DENSE_RANK() OVER (ORDER BY MIN(closes_at)) AS deadline
			FROM programme_calls WHERE closes_at > $1 GROUP BY programme_id) AS upcoming`, now.UTC()).Scan(&ranks)
	if err != nil {
		return err
	}
	for item := range strings.SplitSeq(ranks, ",") {
		if item == "" {
			continue
		}
		a, b, _ := strings.Cut(item, ":")
		pid, err1 := strconv.ParseInt(a, 10, 64)
		rank, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("programme_calls: unexpected deadline rank %q", item)
		}
		if i, ok := index[pid]; ok {
			out[i].Deadline = rank
		}
	}
	return nil
}

// publicationDates sets each candidate's PublishedAt and CreatedAt.
func (db *DB) publicationDates(ctx context.Context, out []funding.Candidate, index map[int64]int) error {
	var args []any
	rows, err := db.read.QueryContext(ctx, `SELECT id, published_at, created_at FROM programmes WHERE status IN (`+marks(&args, searchableStatuses()...)+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var published sql.NullTime
		var created time.Time
		if err := rows.Scan(&id, &published, &created); err != nil {
			return err
		}
		if i, ok := index[id]; ok {
			out[i].Programme.PublishedAt, out[i].Programme.CreatedAt = published.Time, created
		}
	}
	return rows.Err()
}

// decodeCodes decodes a JSON list of codes such as ["sprache","arbeit"] (PostgreSQL
// writes ["sprache", "arbeit"]). The finder reads four of them for each of
// thousands of programmes on every search, and codes never hold quotes or escapes,
// so the common case is cut up directly; anything else goes to encoding/json.
func decodeCodes[T ~string](id int64, column, src string, dst *[]T) error {
	inner, ok := strings.CutPrefix(src, "[")
	inner, ok2 := strings.CutSuffix(inner, "]")
	if !ok || !ok2 || strings.Contains(inner, `\`) {
		return decodeJSON(id, column, src, dst)
	}
	*dst = nil
	if strings.TrimSpace(inner) == "" {
		return nil
	}
	for part := range strings.SplitSeq(inner, ",") {
		v, ok := strings.CutPrefix(strings.TrimSpace(part), `"`)
		v, ok2 := strings.CutSuffix(v, `"`)
		if !ok || !ok2 || strings.Contains(v, `"`) {
			return decodeJSON(id, column, src, dst)
		}
		*dst = append(*dst, T(v))
	}
	return nil
}

func decodeJSON[T ~string](id int64, column, src string, dst *[]T) error {
	*dst = nil
	if err := json.Unmarshal([]byte(src), dst); err != nil {
		return fmt.Errorf("programmes.%s of %d: %w", column, id, err)
	}
	return nil
}

// marks appends vals to args and returns their placeholders, "$3, $4, $5".
func marks[T any](args *[]any, vals ...T) string {
	var b strings.Builder
	for i, v := range vals {
		*args = append(*args, v)
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(len(*args)))
	}
	return b.String()
}

func searchableStatuses() []string {
	out := make([]string, len(funding.SearchableStatuses))
	for i, st := range funding.SearchableStatuses {
		out[i] = string(st)
	}
	return out
}

// maxIDList bounds an IN list of ids, to keep statements small.
const maxIDList = 500

// hitColumns are a programme's columns without its sections: what a list of
// programmes shows.
const hitColumns = `p.id, p.funder_id, o.name, o.funder_level, p.title, p.summary, CAST(p.action_fields AS TEXT),
	CAST(p.target_groups AS TEXT), CAST(p.provider_types AS TEXT), CAST(p.region_keys AS TEXT), CAST(p.budgets AS TEXT),
	p.funding_kind, p.financing_type, p.max_grant, p.own_share, p.period_start, p.period_end, p.status, p.version,
	p.published_at, p.created_at, p.updated_at`

// fillHits replaces the finder's partial programmes of hits by the programmes
// without their sections but with all their calls, which give the deadline and
// whether a call is open at now.
func (db *DB) fillHits(ctx context.Context, hits []funding.Hit, now time.Time) error {
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.Programme.ID
	}
	progs, err := db.hitProgrammes(ctx, ids)
	if err != nil {
		return err
	}
	for i := range hits {
		p, ok := progs[hits[i].Programme.ID]
		if !ok {
			// Deleted between the two reads: keep what the finder read.
			continue
		}
		hits[i].Programme = p
		hits[i].NextDeadline, hits[i].OpenNow = p.NextDeadline(now), p.OpenCall(now)
	}
	return nil
}

// hitProgrammes reads the programmes with the given ids, without sections, with
// their calls.
func (db *DB) hitProgrammes(ctx context.Context, ids []int64) (map[int64]funding.Programme, error) {
	out := make(map[int64]funding.Programme, len(ids))
	for chunk := range slices.Chunk(ids, maxIDList) {
		var args []any
		in := marks(&args, chunk...)
		rows, err := db.read.QueryContext(ctx, `SELECT `+hitColumns+` FROM programmes p JOIN organisations o ON o.id = p.funder_id WHERE p.id IN (`+in+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var p funding.Programme
			var level, fields, groups, types, keys, budgets, kind, financing, status string
			var published sql.NullTime
			if err := rows.Scan(&p.ID, &p.FunderID, &p.FunderName, &level, &p.Title, &p.Summary, &fields, &groups, &types, &keys, &budgets,
				&kind, &financing, &p.MaxGrant, &p.OwnShare, &p.PeriodStart, &p.PeriodEnd, &status, &p.Version,
				&published, &p.CreatedAt, &p.UpdatedAt); err != nil {
				rows.Close()
				return nil, err
			}
			p.FunderLevel, p.FundingKind, p.FinancingType, p.Status = accounts.FunderLevel(level), funding.FundingKind(kind), funding.FinancingType(financing), funding.Status(status)
			p.PublishedAt = published.Time
			err := errors.Join(decodeCodes(p.ID, "action_fields", fields, &p.ActionFields), decodeCodes(p.ID, "target_groups", groups, &p.TargetGroups),
				decodeCodes(p.ID, "provider_types", types, &p.ProviderTypes), decodeCodes(p.ID, "region_keys", keys, &p.RegionKeys))
			if err == nil {
				if err = json.Unmarshal([]byte(budgets), &p.Budgets); err != nil {
					err = fmt.Errorf("programmes.budgets of %d: %w", p.ID, err)
				}
			}
			if err != nil {
				rows.Close()
				return nil, err
			}
			out[p.ID] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}

		args = args[:0]
		in = marks(&args, chunk...)
		calls, err := db.read.QueryContext(ctx, `SELECT programme_id, id, title, opens_at, closes_at FROM programme_calls
			WHERE programme_id IN (`+in+`) ORDER BY opens_at, id`, args...)
		if err != nil {
			return nil, err
		}
		for calls.Next() {
			var pid int64
			var c funding.Call
			if err := calls.Scan(&pid, &c.ID, &c.Title, &c.OpensAt, &c.ClosesAt); err != nil {
				calls.Close()
				return nil, err
			}
			if p, ok := out[pid]; ok {
				c.OpensAt, c.ClosesAt = c.OpensAt.UTC(), c.ClosesAt.UTC()
				p.Calls = append(p.Calls, c)
				out[pid] = p
			}
		}
		calls.Close()
		if err := calls.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// landKeys returns the keys of the Länder, the values of the region facet beside
// "DG": the children of the Bund, read through the parent index.
func (db *DB) landKeys(ctx context.Context) ([]string, error) {
	return collect(ctx, db.read, func(rows *sql.Rows) (string, error) {
		var k string
		return k, rows.Scan(&k)
	}, `SELECT key FROM regions WHERE parent_key = $1 AND level = $2 ORDER BY key`, regions.KeyBund, string(regions.LevelLand))
}

// MatchProgrammes lists the searchable programmes that fit a provider or a need,
// each with the reasons why (funding.MatchProgramme): programmes with an open call
// first. Region reasons carry the names of both regions for the UI's sentence.
func (db *DB) MatchProgrammes(ctx context.Context, m funding.MatchInput) ([]funding.Match, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	now := db.Now()
	cands, err := db.finderCandidates(ctx, now, "")
	if err != nil {
		return nil, err
	}
	// The criteria need no calls: sift with the candidates, then read the
	// programmes that fit in full for the reasons about their calls.
	var ids []int64
	for i := range cands {
		if fits, _ := funding.MatchProgramme(cands[i].Programme, m, now); fits {
			ids = append(ids, cands[i].Programme.ID)
		}
	}
	progs, err := db.hitProgrammes(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []funding.Match
	var keys []string
	for _, id := range ids {
		p, ok := progs[id]
		if !ok {
			continue // deleted meanwhile
		}
		fits, reasons := funding.MatchProgramme(&p, m, now)
		if !fits {
			continue // changed meanwhile
		}
		for _, r := range reasons {
			if r.Code == funding.ReasonRegion || r.Code == funding.ReasonRegionPart {
				keys = append(keys, r.Args["programme_region"], r.Args["region"])
			}
		}
		out = append(out, funding.Match{Hit: funding.Hit{Programme: p, NextDeadline: p.NextDeadline(now), OpenNow: p.OpenCall(now)}, Reasons: reasons})
	}
	names, err := db.regionNames(ctx, keys)
	if err != nil {
		return nil, err
	}
	for i := range out {
		for _, r := range out[i].Reasons {
			if r.Code == funding.ReasonRegion || r.Code == funding.ReasonRegionPart {
				r.Args["programme_region_name"] = cmp.Or(names[r.Args["programme_region"]], r.Args["programme_region"])
				r.Args["region_name"] = cmp.Or(names[r.Args["region"]], r.Args["region"])
			}
		}
	}
	funding.SortMatches(out)
	return out, nil
}

// regionNames returns the names of the regions with the given keys, "Landkreis
// Ludwigsburg" rather than "Ludwigsburg": the kind tells a Kreis from its town.
func (db *DB) regionNames(ctx context.Context, keys []string) (map[string]string, error) {
	slices.Sort(keys)
	keys = slices.Compact(keys)
	out := map[string]string{}
	for chunk := range slices.Chunk(keys, maxIDList) {
		var args []any
		rows, err := db.read.QueryContext(ctx, `SELECT key, name, kind FROM regions WHERE key IN (`+marks(&args, chunk...)+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var key, name, kind string
			if err := rows.Scan(&key, &name, &kind); err != nil {
				rows.Close()
				return nil, err
			}
			out[key] = regionLabel(name, kind)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// regionLabel names a region as a sentence does: the Gemeindeverzeichnis calls
// the Landkreis "Ludwigsburg" just like its town, so the kind is put in front where
// it tells them apart; towns and Länder are named by their name alone.
func regionLabel(name, kind string) string {
	switch kind {
	case "Landkreis", "Kreis", "Regierungsbezirk", "Regionalverband":
		return kind + " " + name
	}
	return name
}
