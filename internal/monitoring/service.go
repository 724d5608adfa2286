package monitoring

import (
	"context"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Service is what users can do with the official statistics and the indicators
// computed from them. The web UI, the JSON API and the CLI call the same methods.
// Reading is public: the catalogue, an indicator's values, the monitoring view and the
// export of observations. Writing (importing GENESIS tables, saving an indicator) is
// for platform admins, decided here with accounts.Authorize on the principal in the
// context, and a write records its audit event in its own transaction.
//
// The command line and other work that no user starts act as the system
// (accounts.System), which has a platform admin's rights.
//
// Errors are *teilhabe.Error values with the codes each method names, or internal
// faults.
type Service struct {
	store Store
	jobs  jobRunner // the background imports of this instance (service_jobs.go)
}

// NewService returns the monitoring use cases over s.
func NewService(s Store) *Service { return &Service{store: s} }

// admin returns the context an admin's write runs in, or why the caller may not
// write: EUNAUTHORIZED for the anonymous public, EFORBIDDEN for anyone but a
// platform admin (or the system).
func (s *Service) admin(ctx context.Context) (context.Context, error) {
	return ctx, accounts.Authorize(accounts.PrincipalFrom(ctx), accounts.ActImportData, accounts.Target{})
}

// Indicators returns the catalogue, by action field and name.
func (s *Service) Indicators(ctx context.Context) ([]Indicator, error) {
	return s.store.Indicators(ctx)
}

// Indicator returns the indicator with this code, in any case ("alq-ausl-diff").
// Errors: ENOTFOUND.
func (s *Service) Indicator(ctx context.Context, code string) (Indicator, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	ind, err := s.store.Indicator(ctx, code)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
		return ind, errNoIndicator(code)
	}
	return ind, err
}

// IndicatorGroup is the indicators of one action field.
type IndicatorGroup struct {
	Field      string
	Indicators []Indicator
}

// Catalogue is the indicators by action field, for a page that links each of them.
type Catalogue struct {
	Groups []IndicatorGroup
	// Region is the key of a known region the links are to carry (from a region's
	// page); "" for none, and for a key that names no region.
	Region string
}

// Catalogue returns the indicators grouped by action field, in the order of
// ActionFields (the order of the position paper), not alphabetically, and the
// region the links are to carry, if region names one.
func (s *Service) Catalogue(ctx context.Context, region string) (Catalogue, error) {
	inds, err := s.store.Indicators(ctx)
	if err != nil {
		return Catalogue{}, err
	}
	c := Catalogue{Groups: GroupByActionField(inds)}
	if region = strings.TrimSpace(region); region != "" {
		reg, err := s.store.Region(ctx, region)
		if err == nil {
			c.Region = reg.Key // only a known key goes into the links
		} else if teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			return c, err
		}
	}
	return c, nil
}

// GroupByActionField groups indicators by action field, in the order of
// ActionFields; fields without indicators are left out.
func GroupByActionField(inds []Indicator) []IndicatorGroup {
	var groups []IndicatorGroup
	for _, f := range ActionFields {
		g := IndicatorGroup{Field: f}
		for _, ind := range inds {
			if ind.ActionField == f {
				g.Indicators = append(g.Indicators, ind)
			}
		}
		if len(g.Indicators) > 0 {
			groups = append(groups, g)
		}
	}
	return groups
}

// Values computes an indicator from the observations as imported now, for the
// regions, level and year f selects (as typed: a key, a level name, a year).
// Errors: EINVALID (every bad field of f at once, before anything is read),
// ENOTFOUND.
func (s *Service) Values(ctx context.Context, code string, f IndicatorFilter) (Indicator, []IndicatorValue, error) {
	f, err := f.normalize()
	if err != nil {
		return Indicator{}, nil, err
	}
	ind, err := s.Indicator(ctx, code)
	if err != nil {
		return ind, nil, err
	}
	vals, err := s.store.IndicatorValues(ctx, ind, f)
	return ind, vals, err
}

// normalize checks a filter as typed: a region key, a level, a four-digit year.
func (f IndicatorFilter) normalize() (IndicatorFilter, error) {
	var fields []teilhabe.FieldError
	if f.Region != "" {
		key, ok := regions.NormalizeKey(f.Region)
		if !ok {
			fields = append(fields, teilhabe.FieldMsg("region", "invalid", "monitoring.fielderror.region_key", "Value", f.Region))
		}
		f.Region = key
	}
	if f.Level != "" && f.Level.Rank() < 0 {
		fields = append(fields, teilhabe.FieldMsg("level", "invalid", "monitoring.fielderror.level", "Value", string(f.Level)))
	}
	if f.Period != "" && (len(f.Period) != 4 || strings.Trim(f.Period, "0123456789") != "") {
		fields = append(fields, teilhabe.FieldMsg("year", "invalid", "monitoring.fielderror.year", "Value", f.Period))
	}
	if len(fields) > 0 {
		return f, teilhabe.Invalid("monitoring.error.filter", fields...)
	}
	return f, nil
}

// Tables lists the imported tables by code.
func (s *Service) Tables(ctx context.Context) ([]StatTable, error) { return s.store.Tables(ctx) }

// StatSeries lists every series of the imported tables, for choosing the two series of
// an indicator.
func (s *Service) StatSeries(ctx context.Context) ([]SeriesInfo, error) { return s.store.Series(ctx) }

// ImportResult is what importing one file did, with what the reader counted.
type ImportResult struct {
	Result  TableImport
	Summary Summary
}

// ImportOptions are the choices of an import besides its files.
type ImportOptions struct {
	// ReplaceTable replaces each file's table as a whole: what the file lacks of it
	// (other years, series, regions) is deleted. Without it, files of one table merge.
	ReplaceTable bool
}

// ImportTables imports statistical tables, all in one transaction. A file merges into
// what its table holds: it replaces exactly the cells of its series × periods ×
// breakdowns and keeps the rest, so that yearly downloads of one table form one time
// series (opt.ReplaceTable replaces the table instead). A series keeps its identity
// when a later vintage relabels it (MatchSeries, with the admins' aliases). Any
// error, from a file or the database, leaves every table as it was. Region keys the
// Gemeindeverzeichnis does not know are kept and reported. Each import that changes a
// table is audited; the same file imported again changes nothing and is not.
// Errors: EUNAUTHORIZED, EFORBIDDEN (not a platform admin), EINVALID (no files; a
// file that is no table, or no readable one: the reader's errors name file, line and
// column; with opt.ReplaceTable, two files of the same table).
func (s *Service) ImportTables(ctx context.Context, files []TableFile, opt ImportOptions) ([]ImportResult, error) {
	ctx, err := s.admin(ctx)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, teilhabe.Invalid("monitoring.error.no_files", teilhabe.FieldMsg("files", "required", "monitoring.fielderror.files_required"))
	}
	var out []ImportResult
	err = s.store.Update(ctx, func(tx Tx) error {
		out = nil
		aliases, err := tx.SeriesAliases(ctx, "")
		if err != nil {
			return err
		}
		plan := TablePlan{ReplaceTable: opt.ReplaceTable, Match: func(table string, stored []SeriesInfo, file []Series) []SeriesMatch {
			return MatchSeries(stored, file, AliasesOf(aliases, table))
		}}
		seen := map[string]string{}
		for _, f := range files {
			res, sum, err := tx.ImportTable(ctx, f, plan)
			if err != nil {
				return err
			}
			if res.Table == "" {
				return invalid("files", "monitoring.error.no_table", "File", f.Name)
			}
			// Files of one table merge in the order given; replacing the table twice
			// in one import would keep only the last file.
			if other, ok := seen[res.Table]; ok && opt.ReplaceTable {
				return invalid("files", "monitoring.error.same_table", "First", other, "Second", f.Name, "Table", res.Table)
			}
			seen[res.Table] = f.Name
			out = append(out, ImportResult{Result: res, Summary: sum})
			if res.Unchanged() {
				continue
			}
			audit := map[string]any{"import": res, "encoding": sum.Encoding, "periods": sum.Periods}
			if err := tx.Audit(ctx, "stat_table", res.Table, "import", nil, audit); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SaveIndicator adds an indicator, or changes the one with its code, and returns it
// as stored (code in capitals, factor 1 where none was given). Its series are named
// by table, labels and unit, so that it survives re-imports.
// Errors: EUNAUTHORIZED, EFORBIDDEN (not a platform admin), EINVALID (every field at
// once).
func (s *Service) SaveIndicator(ctx context.Context, ind Indicator) (Indicator, error) {
	ctx, err := s.admin(ctx)
	if err != nil {
		return ind, err
	}
	if err := ind.Validate(); err != nil {
		return ind, err
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		before, err := tx.Indicator(ctx, ind.Code)
		action, old := "update", any(before)
		if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
			action, old = "create", nil
		} else if err != nil {
			return err
		}
		if err := tx.SaveIndicator(ctx, ind); err != nil {
			return err
		}
		return tx.Audit(ctx, "indicator", ind.Code, action, old, ind)
	})
	return ind, err
}
