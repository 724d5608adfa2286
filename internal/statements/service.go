package statements

import (
	"context"
	"slices"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Service holds the use cases of statements. Every method takes the caller from
// the context and decides itself what the caller may do.
type Service struct {
	store Store
}

// NewService returns the use cases on s.
func NewService(s Store) *Service { return &Service{store: s} }

// Asked returns the statements asked of the caller's administrations: the open
// ones first, the nearest deadline first, then those given and those missed.
// Anyone who is no commissioner has none.
func (s *Service) Asked(ctx context.Context) ([]Item, time.Time, error) {
	now := s.store.Now()
	orgs := administrations(accounts.PrincipalFrom(ctx))
	if len(orgs) == 0 {
		return nil, now, nil
	}
	ids := make([]int64, len(orgs))
	for i, o := range orgs {
		ids[i] = o.ID
	}
	items, err := s.store.Asked(ctx, ids)
	rank := map[State]int{StateOpen: 0, StateGiven: 1, StateMissing: 2}
	slices.SortStableFunc(items, func(a, b Item) int {
		if d := rank[a.StateAt(now)] - rank[b.StateAt(now)]; d != 0 {
			return d
		}
		if a.StateAt(now) == StateOpen {
			return a.DueAt.Compare(b.DueAt)
		}
		return b.DueAt.Compare(a.DueAt)
	})
	return items, now, err
}

// Workspace is an application with the statements the caller may read on it.
type Workspace struct {
	App        applications.Application
	Regions    map[string]string
	Statements []Statement
	Now        time.Time
}

// Mine returns the statements in the workspace the caller writes.
func (w Workspace) Mine(p *accounts.Principal) []Statement {
	var out []Statement
	for _, s := range w.Statements {
		if Writes(p, s.MunicipalityID) {
			out = append(out, s)
		}
	}
	return out
}

// Open returns an application the caller may see with the statements they may
// read on it: all for its funder, their own for a commissioner, none for the
// provider, who gets ENOTFOUND. Errors: ENOTFOUND (also for an application the
// caller may not see).
func (s *Service) Open(ctx context.Context, applicationID int64) (Workspace, error) {
	p := accounts.PrincipalFrom(ctx)
	app, err := visible(ctx, s.store, p, applicationID)
	if err != nil {
		return Workspace{}, err
	}
	list, err := readable(ctx, s.store, p, &app)
	if err != nil {
		return Workspace{}, err
	}
	// The statement page is the funder's and the asked administrations'; to the
	// provider it does not exist.
	if len(list) == 0 && !funds(p, &app) && !p.IsSystem() {
		return Workspace{}, applications.ErrNotFound
	}
	names, err := s.store.RegionNames(ctx, app.RegionKeys)
	return Workspace{App: app, Regions: names, Statements: list, Now: s.store.Now()}, err
}

// Give writes the statement of one of the caller's administrations on the
// application (municipalityID 0: the only one asked of the caller). It may be
// revised until the deadline, and not after the decision or a withdrawal. When
// the last statement asked is in, the application moves to "Stellungnahme liegt
// vor". Errors: ENOTFOUND, EFORBIDDEN (no statement asked of the caller),
// ECONFLICT (deadline passed, application decided or withdrawn, changed since),
// EINVALID (every gap at once).
func (s *Service) Give(ctx context.Context, applicationID, municipalityID int64, in Input) (Statement, error) {
	p := accounts.PrincipalFrom(ctx)
	in.Normalize()
	var out Statement
	err := s.store.Update(ctx, func(tx Tx) error {
		app, err := visible(ctx, tx, p, applicationID)
		if err != nil {
			return err
		}
		all, err := tx.Statements(ctx, applicationID)
		if err != nil {
			return err
		}
		i, err := pick(p, all, municipalityID)
		if err != nil {
			return err
		}
		cur := all[i]
		now := tx.Now()
		switch {
		case !open(app.Status):
			return teilhabe.E(teilhabe.ECONFLICT, "statements.error.closed", "Status", teilhabe.Msg("applications.status."+string(app.Status)))
		case now.After(cur.DueAt):
			return teilhabe.E(teilhabe.ECONFLICT, "statements.error.deadline", "DueAt", cur.DueAt)
		case in.Revision != 0 && in.Revision != cur.Revision:
			return teilhabe.E(teilhabe.ECONFLICT, "statements.error.changed")
		}
		if err := in.Validate(); err != nil {
			return err
		}
		before, action := cur, "give"
		if cur.Given() {
			action = "update"
		}
		cur.StrategyFit, cur.Overlap, cur.Recommendation, cur.Conditions, cur.Text = in.StrategyFit, in.Overlap, in.Recommendation, in.Conditions, in.Text
		cur.GivenBy, cur.GivenByName, cur.GivenAt = p.User.ID, p.User.Name, now
		ok, err := tx.UpdateStatement(ctx, &cur, before.Revision)
		if err != nil {
			return err
		} else if !ok {
			return teilhabe.E(teilhabe.ECONFLICT, "statements.error.changed")
		}
		all[i], out = cur, cur
		if err := tx.Audit(ctx, "statement", cur.ID, action, before, cur); err != nil {
			return err
		}
		return received(ctx, tx, app, all, now)
	})
	return out, err
}

// received moves an application awaiting statements on once every one asked
// has been given.
func received(ctx context.Context, tx Tx, app applications.Application, all []Statement, now time.Time) error {
	if app.Status != applications.StatusStatementsRequested || slices.ContainsFunc(all, func(s Statement) bool { return !s.Given() }) {
		return nil
	}
	before := app
	app.Status, app.UpdatedAt = applications.StatusStatementsReceived, now
	ok, err := tx.UpdateApplication(ctx, &app, before.Revision)
	if err != nil {
		return err
	} else if !ok {
		return teilhabe.E(teilhabe.ECONFLICT, "statements.error.changed")
	}
	return tx.Audit(ctx, "application", app.ID, "statements_received", before, app)
}

// pick finds the statement of the caller's administration among those asked.
func pick(p *accounts.Principal, all []Statement, municipalityID int64) (int, error) {
	var mine []int
	for i, s := range all {
		if Writes(p, s.MunicipalityID) && (municipalityID == 0 || s.MunicipalityID == municipalityID) {
			mine = append(mine, i)
		}
	}
	switch {
	case len(mine) == 0:
		return 0, teilhabe.E(teilhabe.EFORBIDDEN, "statements.error.not_asked")
	case len(mine) > 1:
		return 0, teilhabe.Invalid("statements.error.invalid", teilhabe.FieldMsg("municipality_id", "required", "statements.fielderror.municipality_id.required"))
	}
	return mine[0], nil
}

// OfApplication returns the statements the caller may read on an application.
// Errors: ENOTFOUND.
func (s *Service) OfApplication(ctx context.Context, applicationID int64) ([]Statement, time.Time, error) {
	p := accounts.PrincipalFrom(ctx)
	app, err := visible(ctx, s.store, p, applicationID)
	if err != nil {
		return nil, time.Time{}, err
	}
	list, err := readable(ctx, s.store, p, &app)
	return list, s.store.Now(), err
}

// Comparison is a call's applications in a commissioner's regions side by side,
// each with the caller's statements on it.
type Comparison struct {
	Programme programmes.Programme
	Call      programmes.Call
	Rows      []CompareRow
	Total     int // the applications in the caller's regions, of which Rows holds at most a page
	Now       time.Time
}

// CompareRow is one application of the comparison.
type CompareRow struct {
	App  applications.Application
	Mine []Statement
}

// Compare lists the submitted full applications of a call that serve the
// caller's regions, for a commissioner to weigh one against the others. Errors:
// ENOTFOUND (unknown call, or one of a programme the caller may not see),
// EFORBIDDEN (no commissioner).
func (s *Service) Compare(ctx context.Context, callID int64) (Comparison, error) {
	p := accounts.PrincipalFrom(ctx)
	prog, err := s.store.CallProgramme(ctx, callID)
	unknown := teilhabe.E(teilhabe.ENOTFOUND, "applications.error.call_unknown")
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND || (err == nil && !prog.Status.Public() && !programmes.InFunder(p, &prog)) {
		return Comparison{}, unknown
	} else if err != nil {
		return Comparison{}, err
	}
	i := slices.IndexFunc(prog.Calls, func(c programmes.Call) bool { return c.ID == callID })
	if i < 0 {
		return Comparison{}, unknown
	}
	keys := regionKeys(p)
	if len(keys) == 0 {
		return Comparison{}, teilhabe.E(teilhabe.EFORBIDDEN, "statements.error.not_commissioner")
	}
	apps, total, err := s.store.List(ctx, applications.Scope{RegionKeys: keys}, applications.Filter{CallID: callID, Limit: applications.MaxPage})
	if err != nil {
		return Comparison{}, err
	}
	c := Comparison{Programme: prog, Call: prog.Calls[i], Total: total, Now: s.store.Now()}
	mine, err := s.store.CallStatements(ctx, callID)
	if err != nil {
		return c, err
	}
	for _, a := range apps {
		if a.Stage == applications.StageSketch {
			continue
		}
		row := CompareRow{App: a}
		for _, st := range mine {
			if st.ApplicationID == a.ID && Writes(p, st.MunicipalityID) {
				row.Mine = append(row.Mine, st)
			}
		}
		c.Rows = append(c.Rows, row)
	}
	if total <= len(apps) { // all read: the sketches left out are not counted
		c.Total = len(c.Rows)
	}
	return c, nil
}

// visible loads an application the caller may see; any other answers like one
// that does not exist.
func visible(ctx context.Context, r Reader, p *accounts.Principal, id int64) (applications.Application, error) {
	app, err := r.Application(ctx, id)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND || (err == nil && !applications.CanView(p, &app)) {
		return applications.Application{}, applications.ErrNotFound
	}
	return app, err
}

func readable(ctx context.Context, r Reader, p *accounts.Principal, app *applications.Application) ([]Statement, error) {
	all, err := r.Statements(ctx, app.ID)
	if err != nil {
		return nil, err
	}
	var out []Statement
	for _, s := range all {
		if CanRead(p, app, &s) {
			out = append(out, s)
		}
	}
	return out, nil
}
