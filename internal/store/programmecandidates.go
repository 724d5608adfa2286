package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
)

// finderRecord is what programmes.Find needs of a programme, packed into one line of
// text: "id|level|kind|financing|status|fields|groups|types|regions|title". Codes
// never hold a "|" (they are checked against fixed lists and the regions), the
// title comes last so that it may, and its line breaks are blanked ($1 is "\n").
const finderRecord = `CAST(p.id AS TEXT) || '|' || o.funder_level || '|' || p.funding_kind || '|' || p.financing_type
	|| '|' || p.status || '|' || CAST(p.action_fields AS TEXT) || '|' || CAST(p.target_groups AS TEXT)
	|| '|' || CAST(p.provider_types AS TEXT) || '|' || CAST(p.region_keys AS TEXT) || '|' || replace(p.title, $1, ' ')`

// finderCandidates reads what programmes.Find needs of every searchable programme for
// the sort order: the facet fields and whether a call is open at now always, the
// order of the next deadlines for the sort by deadline, publication dates for the
// sort by newest.
//
// A search reads this for thousands of programmes, so each part comes back as a
// single row of text that Go cuts up: the SQLite driver's cost goes by rows and
// columns handed over, and for 3,000 programmes one aggregated text takes a
// fraction of the time of 3,000 rows. Sorting and grouping are left out where Go
// can do them, because SQLite's sorter is slow in the pure-Go build.
func (db *DB) finderCandidates(ctx context.Context, now time.Time, sort programmes.SortOrder) ([]programmes.Candidate, error) {
	args := []any{"\n"}
	statuses := inList(&args, searchableStatuses()...)
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
	progs := make([]programmes.Programme, 0, n)
	out := make([]programmes.Candidate, 0, n)
	index := make(map[int64]int, n)
	lists := codeLists{strings: map[string][]string{}, types: map[string][]accounts.ProviderType{}}
	for line := range strings.SplitSeq(all, "\n") {
		if line == "" {
			continue
		}
		progs = append(progs, programmes.Programme{})
		p := &progs[len(progs)-1]
		if err := lists.parseRecord(line, p); err != nil {
			return nil, err
		}
		index[p.ID] = len(out)
		out = append(out, programmes.Candidate{Programme: p})
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
			out[i].Open = programmes.CallsCanBeOpen(out[i].Programme.Status)
		}
	}

	switch sort {
	case programmes.SortDeadline:
		err = db.deadlineRanks(ctx, now, out, index)
	case programmes.SortNewest:
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
func (c codeLists) parseRecord(line string, p *programmes.Programme) error {
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
	p.ID, p.FunderLevel, p.FundingKind, p.FinancingType, p.Status, p.Title = id, accounts.FunderLevel(f[1]), programmes.FundingKind(f[2]),
		programmes.FinancingType(f[3]), programmes.Status(f[4]), f[9]
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
func (db *DB) deadlineRanks(ctx context.Context, now time.Time, out []programmes.Candidate, index map[int64]int) error {
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
func (db *DB) publicationDates(ctx context.Context, out []programmes.Candidate, index map[int64]int) error {
	var args []any
	rows, err := db.read.QueryContext(ctx, `SELECT id, published_at, created_at FROM programmes WHERE status IN (`+inList(&args, searchableStatuses()...)+`)`, args...)
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

func searchableStatuses() []string {
	out := make([]string, len(programmes.SearchableStatuses))
	for i, st := range programmes.SearchableStatuses {
		out[i] = string(st)
	}
	return out
}
