package applications

import (
	"context"
	"slices"
	"time"

	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Asking for the municipal statements (Stellungnahmen) is a step of the procedure:
// submitting a full application asks, in the same transaction, the municipal
// administration of each region it serves. The statements capability takes them
// from there.

// Administration is a municipal administration on the platform, with the region it
// is responsible for and its active integration commissioners.
type Administration struct {
	ID            int64
	Name          string
	RegionKey     string
	Commissioners []int64
}

// StatementRequest asks one administration for its statement on an application.
type StatementRequest struct {
	ApplicationID  int64
	MunicipalityID int64
	RegionKey      string
	RequestedAt    time.Time
	DueAt          time.Time
}

// AskedFor picks, for each region served, the administration nearest to it: the
// one whose region holds it with the longest key (Stadt Stuttgart before the Land
// for a Stuttgart project), among those with a commissioner to answer. A region
// with no such administration on the platform is asked nobody. Each
// administration is asked once, in the order of the regions.
func AskedFor(regionKeys []string, admins []Administration) []Administration {
	var out []Administration
	for _, key := range regionKeys {
		best := -1
		for i, a := range admins {
			if len(a.Commissioners) == 0 || !InRegions(key, []string{a.RegionKey}) {
				continue
			}
			if best < 0 || len(a.RegionKey) > len(admins[best].RegionKey) {
				best = i
			}
		}
		if best >= 0 && !slices.ContainsFunc(out, func(a Administration) bool { return a.ID == admins[best].ID }) {
			out = append(out, admins[best])
		}
	}
	return out
}

// StatementDue is the deadline of statements requested at now: the end of the day,
// in Europe/Berlin, days later.
func StatementDue(now time.Time, days int) time.Time {
	d := now.In(teilhabe.Berlin)
	return time.Date(d.Year(), d.Month(), d.Day()+days, 23, 59, 59, 0, teilhabe.Berlin).UTC()
}

// requestStatements asks for the statements on a full application that is being
// submitted, notifies the commissioners, and moves it to "Stellungnahme angefragt"
// when anyone was asked. A sketch asks nobody: the statements concern the project
// the funder may fund.
func requestStatements(ctx context.Context, tx Tx, a *Application, prog *programmes.Programme, settings programmes.CallSettings) error {
	if a.Stage == StageSketch {
		return nil
	}
	admins, err := tx.Administrations(ctx, a.RegionKeys)
	if err != nil {
		return err
	}
	asked := AskedFor(a.RegionKeys, admins)
	if len(asked) == 0 {
		return nil
	}
	now := tx.Now()
	due := StatementDue(now, settings.StatementDays)
	for _, adm := range asked {
		req := StatementRequest{ApplicationID: a.ID, MunicipalityID: adm.ID, RegionKey: adm.RegionKey, RequestedAt: now, DueAt: due}
		id, err := tx.RequestStatement(ctx, req)
		if err != nil {
			return err
		}
		if err := tx.Audit(ctx, "statement", id, "request", nil, req); err != nil {
			return err
		}
		n := notify.StatementRequested{ApplicationID: a.ID, Application: a.Title, Provider: a.ProviderName,
			Programme: prog.Title, Municipality: adm.Name, DueAt: due}
		if err := tx.Notify(ctx, adm.Commissioners, n, true); err != nil {
			return err
		}
	}
	if err := CheckTransition(a.Status, StatusStatementsRequested); err != nil {
		return err
	}
	a.Status = StatusStatementsRequested
	return nil
}
