package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/applications"
)

// The commissioners' lists: the submitted applications serving a region read from
// application_regions alone, whose rows carry their application's status, call
// and time of change (migration 00018). Only the page's applications are loaded.

// regionsOnly reports whether the scope is a commissioner's and nothing else.
func regionsOnly(s applications.Scope) bool {
	return !s.All && len(s.RegionKeys) > 0 && len(s.ProviderIDs) == 0 && len(s.FunderIDs) == 0
}

func (s *ApplicationStore) listByRegion(ctx context.Context, keys []string, f applications.Filter) ([]applications.Application, int, error) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	where := []string{regionRanges(&args, "r", keys), "r.status <> 'draft'"}
	if f.Status != "" {
		where = append(where, "r.status = "+arg(string(f.Status)))
	}
	if f.CallID != 0 {
		where = append(where, "r.call_id = "+arg(f.CallID))
	}
	cond := " FROM application_regions r WHERE " + strings.Join(where, " AND ")
	var total int
	if err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(DISTINCT r.application_id)`+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	ids, err := collect(ctx, s.db.read, func(rows *sql.Rows) (int64, error) {
		var id int64
		var at any
		return id, rows.Scan(&id, &at)
	}, `SELECT r.application_id, MAX(r.updated_at) AS changed`+cond+` GROUP BY r.application_id
		ORDER BY changed DESC, r.application_id DESC LIMIT `+arg(f.Limit)+` OFFSET `+arg(f.Offset), args...)
	if err != nil || len(ids) == 0 {
		return nil, total, err
	}
	var inArgs []any
	in := inList(&inArgs, ids...)
	page, err := collect(ctx, s.db.read, func(rows *sql.Rows) (applications.Application, error) { return scanApplication(rows) },
		`SELECT `+applicationColumns+applicationFrom+` WHERE a.id IN (`+in+`)`, inArgs...)
	if err != nil {
		return nil, 0, err
	}
	// Back into the order of the index.
	pos := make(map[int64]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	ordered := make([]applications.Application, len(ids))
	for _, a := range page {
		ordered[pos[a.ID]] = a
	}
	keysOf, err := applicationRegions(ctx, s.db.read, ids)
	for i := range ordered {
		ordered[i].RegionKeys = keysOf[ordered[i].ID]
	}
	return ordered, total, err
}

// regionRanges is the condition that r.region_key lies in or under one of keys:
// key ranges, not LIKE (SQLite's LIKE ignores case and PostgreSQL's needs the C
// collation, so neither would use the index on region_key).
func regionRanges(args *[]any, alias string, keys []string) string {
	var ranges []string
	for _, k := range keys {
		*args = append(*args, k)
		if strings.Trim(k, "0123456789") != "" {
			ranges = append(ranges, alias+".region_key = $"+strconv.Itoa(len(*args)))
			continue
		}
		cond := "(" + alias + ".region_key >= $" + strconv.Itoa(len(*args))
		if upper, ok := keySuccessor(k); ok {
			*args = append(*args, upper)
			cond += " AND " + alias + ".region_key < $" + strconv.Itoa(len(*args))
		}
		ranges = append(ranges, cond+")")
	}
	return "(" + strings.Join(ranges, " OR ") + ")"
}

// keySuccessor returns the smallest digit key that does not start with the digit
// key k and sorts after every key that does: "08111" → "08112", "08119" → "0812".
// Digit strings sort alike in every collation, so the range [k, successor) holds
// exactly the keys under k. ok is false for "" and all nines (no upper bound) and
// for keys that are not digits.
func keySuccessor(k string) (string, bool) {
	b := []byte(k)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '0' || b[i] > '9' {
			return "", false
		}
		if b[i] < '9' {
			b[i]++
			return string(b[:i+1]), true
		}
	}
	return "", false
}
