package monitoring

import (
	"context"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// SeriesAliases lists the aliases of every table, by table and alias.
// Errors: EUNAUTHORIZED, EFORBIDDEN (not a platform admin).
func (s *Service) SeriesAliases(ctx context.Context) ([]SeriesAlias, error) {
	ctx, err := s.admin(ctx)
	if err != nil {
		return nil, err
	}
	return s.store.SeriesAliases(ctx)
}

// AliasSaved is what saving an alias did: the alias, and the series it merged.
type AliasSaved struct {
	Alias  SeriesAlias
	Merged []SeriesMerge // stored series that were the alias and now are the target
}

// SaveSeriesAlias declares that a column a file labels in.Alias is the stored series
// in.SeriesID, in that series' table, from the next import on. A stored series that
// an earlier import made of such a column (the import summary named it as
// unmatched) is merged into the target at once: its cells move over where the
// target has none, and where both have one the target's stays. An alias of the same
// labels in the table is replaced. Audited with what it merged.
// Errors: EUNAUTHORIZED, EFORBIDDEN (not a platform admin), EINVALID (no or a too
// long alias, an alias that is the series' own labels, an unknown series).
func (s *Service) SaveSeriesAlias(ctx context.Context, in AliasInput) (AliasSaved, error) {
	ctx, err := s.admin(ctx)
	if err != nil {
		return AliasSaved{}, err
	}
	var out AliasSaved
	err = s.store.Update(ctx, func(tx Tx) error {
		out = AliasSaved{}
		target, err := tx.SeriesByID(ctx, in.SeriesID)
		if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
			return teilhabe.Invalid("monitoring.import.error.alias", teilhabe.FieldMsg("series", "invalid", "monitoring.import.fielderror.alias_series"))
		} else if err != nil {
			return err
		}
		a := SeriesAlias{Table: target.Table, Alias: in.Alias, Series: target.Name}
		if err := validateAlias(&a); err != nil {
			return err
		}
		old, err := tx.SeriesAliases(ctx, a.Table)
		if err != nil {
			return err
		}
		var before any
		for _, o := range old {
			if o.Alias == a.Alias {
				before = o
			}
		}
		if a, err = tx.SaveSeriesAlias(ctx, a); err != nil {
			return err
		}
		stored, err := tx.TableSeries(ctx, a.Table)
		if err != nil {
			return err
		}
		alias := normalizeName(a.Alias)
		for _, from := range stored {
			if from.ID == target.ID || normalizeName(from.Name) != alias {
				continue
			}
			into, ok := seriesOf(stored, target.Name, from.Unit)
			if !ok {
				continue // the target has no series of this unit: nothing to merge with
			}
			m, err := tx.MergeSeries(ctx, from.ID, into.ID)
			if err != nil {
				return err
			}
			m.From, m.Unit = from.Name, from.Unit
			out.Merged = append(out.Merged, m)
		}
		out.Alias = a
		action := "create"
		if before != nil {
			action = "update"
		}
		return tx.Audit(ctx, "stat_series_alias", a.Table+" "+a.Alias, action, before, out)
	})
	return out, err
}

func seriesOf(stored []SeriesInfo, name, unit string) (SeriesInfo, bool) {
	for _, s := range stored {
		if s.Name == name && s.Unit == unit {
			return s, true
		}
	}
	return SeriesInfo{}, false
}

// DeleteSeriesAlias removes an alias: later imports no longer take its labels for the
// series. What it merged stays merged. Audited.
// Errors: EUNAUTHORIZED, EFORBIDDEN (not a platform admin), ENOTFOUND.
func (s *Service) DeleteSeriesAlias(ctx context.Context, table, alias string) error {
	ctx, err := s.admin(ctx)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		old, err := tx.DeleteSeriesAlias(ctx, table, alias)
		if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
			return teilhabe.E(teilhabe.ENOTFOUND, "monitoring.import.error.no_alias", "Alias", alias, "Table", table)
		} else if err != nil {
			return err
		}
		return tx.Audit(ctx, "stat_series_alias", table+" "+alias, "delete", old, nil)
	})
}
