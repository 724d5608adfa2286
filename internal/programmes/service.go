package programmes

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Service is what users can do with funding programmes and their consultations. The
// web UI, the JSON API and the CLI call the same methods. Each takes the acting user
// from the context (accounts.PrincipalFrom) and decides access itself, with the rules
// of access.go; a write loads, checks, validates, writes and records its audit event
// in one transaction. Errors are *teilhabe.Error values with the codes each method
// names, or internal faults.
type Service struct {
	store Store
}

// NewService returns the programme use cases over s.
func NewService(s Store) *Service { return &Service{store: s} }

// Now is the service's clock, by which pages show deadlines and open calls.
func (s *Service) Now() time.Time { return s.store.Now() }

// RegionRef names a region of a programme's area.
type RegionRef struct {
	Key  string
	Name string
}

// ProgrammeView is a programme as the caller may see it, with what they may do.
type ProgrammeView struct {
	Programme    Programme
	Consultation *Consultation // nil when there is none
	Regions      []RegionRef   // the funding area, named
	Versions     int           // published versions ("Änderungen")
	Can          Permissions
	Next         Status    // the only status the programme may move to next
	WaitUntil    time.Time // while the consultation runs, publishing waits for its deadline
	Now          time.Time
}

// Programme returns the programme with the given id for its page.
// Errors: ENOTFOUND (none, or not visible to the caller: a draft is seen only by
// its funder and, while it is in consultation, by the invited commissioners).
func (s *Service) Programme(ctx context.Context, id int64) (ProgrammeView, error) {
	p := accounts.PrincipalFrom(ctx)
	prog, cons, err := s.visible(ctx, s.store, p, id)
	if err != nil {
		return ProgrammeView{}, err
	}
	now := s.store.Now()
	v := ProgrammeView{Programme: prog, Consultation: cons, Can: PermissionsOf(p, &prog, cons, now), Now: now}
	if v.Can.Manage {
		v.Next = prog.Status.Next()
	}
	if prog.Status == StatusConsultation && cons != nil && cons.Accepts(now) {
		v.WaitUntil = cons.Deadline
	}
	names, err := s.store.RegionNames(ctx, prog.RegionKeys)
	if err != nil {
		return v, err
	}
	for _, k := range prog.RegionKeys {
		v.Regions = append(v.Regions, RegionRef{Key: k, Name: names[k]})
	}
	if prog.Status.Versioned() {
		v.Versions = prog.Version // versions are numbered from 1 on, one per published state
	}
	return v, nil
}

// visible loads a programme with its consultation if p may see it.
func (s *Service) visible(ctx context.Context, r Reader, p *accounts.Principal, id int64) (Programme, *Consultation, error) {
	prog, cons, err := r.ProgrammeWithConsultation(ctx, id)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
		return prog, nil, ErrNotFound // the same answer as for a draft p may not see
	} else if err != nil {
		return prog, nil, err
	}
	return prog, cons, CheckView(p, &prog, cons)
}

// managed loads a programme with its consultation if p may manage it.
func (s *Service) managed(ctx context.Context, r Reader, p *accounts.Principal, id int64) (Programme, *Consultation, error) {
	prog, cons, err := s.visible(ctx, r, p, id)
	if err == nil {
		err = CheckManage(p, &prog)
	}
	return prog, cons, err
}

// ToEdit returns the programme with the given id for its edit form.
// Errors: ENOTFOUND (none, or not visible), EFORBIDDEN (not the funder's staff).
func (s *Service) ToEdit(ctx context.Context, id int64) (Programme, error) {
	p, _, err := s.managed(ctx, s.store, accounts.PrincipalFrom(ctx), id)
	return p, err
}

// Funders returns the organisations for which the caller may create programmes:
// those where they work for a funder as staff. Empty for everyone else.
func (s *Service) Funders(ctx context.Context) []accounts.Organisation {
	var out []accounts.Organisation
	for _, m := range FunderMemberships(accounts.PrincipalFrom(ctx)) {
		out = append(out, m.Organisation)
	}
	return out
}

// Mine lists the programmes of the caller's funders in every status, newest change
// first: the funder's desk. Errors: EUNAUTHORIZED, EFORBIDDEN (not a funder's staff).
func (s *Service) Mine(ctx context.Context) ([]Programme, error) {
	p := accounts.PrincipalFrom(ctx)
	if p == nil {
		return nil, teilhabe.E(teilhabe.EUNAUTHORIZED, "")
	}
	var ids []int64
	for _, o := range s.Funders(ctx) {
		ids = append(ids, o.ID)
	}
	if len(ids) == 0 {
		return nil, teilhabe.E(teilhabe.EFORBIDDEN, "programme.error.funders_only")
	}
	return s.store.ProgrammesOfFunders(ctx, ids)
}

// Versions returns the published states of a programme, newest first ("Änderungen").
// Errors: ENOTFOUND (none, not visible, or not published yet: versions begin with
// the publication).
func (s *Service) Versions(ctx context.Context, id int64) (Programme, []Version, error) {
	prog, _, err := s.visible(ctx, s.store, accounts.PrincipalFrom(ctx), id)
	if err != nil {
		return prog, nil, err
	}
	if !prog.Status.Versioned() {
		return prog, nil, teilhabe.E(teilhabe.ENOTFOUND, "programme.error.no_versions")
	}
	versions, err := s.store.Versions(ctx, id)
	return prog, versions, err
}

// Create stores a new programme as a draft of its funder and returns it.
// Errors: EUNAUTHORIZED, EFORBIDDEN (the caller is not staff of p.FunderID),
// EINVALID (with every field at once, unknown region keys included).
func (s *Service) Create(ctx context.Context, p Programme) (Programme, error) {
	pr := accounts.PrincipalFrom(ctx)
	if pr == nil {
		return p, teilhabe.E(teilhabe.EUNAUTHORIZED, "")
	}
	i := slices.IndexFunc(FunderMemberships(pr), func(m accounts.Membership) bool { return m.Organisation.ID == p.FunderID })
	if i < 0 {
		return p, teilhabe.E(teilhabe.EFORBIDDEN, "programme.error.funders_only")
	}
	funder := FunderMemberships(pr)[i].Organisation
	p.FunderName, p.FunderLevel = funder.Name, funder.FunderLevel
	p.Status, p.Version, p.Revision = StatusDraft, 1, 1
	err := s.store.Update(ctx, func(tx Tx) error {
		if err := validateWithRegions(ctx, tx, &p); err != nil {
			return err
		}
		p.CreatedAt, p.UpdatedAt = tx.Now(), tx.Now()
		if err := tx.CreateProgramme(ctx, &p); err != nil {
			return err
		}
		return tx.Audit(ctx, "programme", p.ID, "create", nil, p)
	})
	return p, err
}

// Check validates a programme as Create and Update would, without writing: a form
// that could not read every field still reports every other mistake at once.
// Errors: EINVALID.
func (s *Service) Check(ctx context.Context, p Programme) error {
	return validateWithRegions(ctx, s.store, &p)
}

// validateWithRegions validates p and checks its region keys against the
// Gemeindeverzeichnis, and reports both at once.
func validateWithRegions(ctx context.Context, r Reader, p *Programme) error {
	err := p.Validate()
	unknown, uerr := r.UnknownRegions(ctx, p.RegionKeys)
	if uerr != nil {
		return uerr
	}
	if len(unknown) == 0 {
		return err
	}
	field := teilhabe.Field("region_keys", "unknown", "Keys", strings.Join(unknown, ", "))
	if e := teilhabe.AsError(err); e != nil {
		e.Fields = append(e.Fields, field)
		return e
	}
	return teilhabe.Invalid("programme.error.incomplete", field)
}

// Update stores the changed text and fields of a programme. revision is the one the
// caller's form showed (0: whatever the programme's state, for callers that read
// and write in one go). Once the programme is published every change makes a new
// version, and note must say why it changed: it is shown publicly under "Änderungen".
// Errors: ENOTFOUND, EFORBIDDEN (not the funder's staff), ECONFLICT (archived, or
// changed by someone else since revision: nothing is overwritten), EINVALID.
func (s *Service) Update(ctx context.Context, id int64, changed Programme, note string, revision int) (Programme, error) {
	pr := accounts.PrincipalFrom(ctx)
	note = strings.TrimSpace(note)
	var p Programme
	err := s.store.Update(ctx, func(tx Tx) error {
		before, _, err := s.managed(ctx, tx, pr, id)
		if err != nil {
			return err
		}
		if !before.Status.Editable() {
			return teilhabe.E(teilhabe.ECONFLICT, "programme.error.archived")
		}
		if revision == 0 {
			revision = before.Revision
		} else if before.Revision != revision {
			return errChanged(before)
		}
		p = changed
		// What the store owns stays as it was.
		p.ID, p.FunderID, p.FunderName, p.FunderLevel = before.ID, before.FunderID, before.FunderName, before.FunderLevel
		p.Status, p.Version, p.PublishedAt, p.CreatedAt, p.ConsultationID = before.Status, before.Version, before.PublishedAt, before.CreatedAt, before.ConsultationID
		err = validateWithRegions(ctx, tx, &p)
		if before.Status.Versioned() && note == "" {
			field := teilhabe.Field("change_note", "required")
			if e := teilhabe.AsError(err); e != nil {
				e.Fields = append(e.Fields, field)
			} else if err == nil {
				err = teilhabe.Invalid("programme.error.change_note", field)
			}
		}
		if err != nil {
			return err
		}
		p.UpdatedAt, p.ChangeNote = tx.Now(), note
		if before.Status.Versioned() {
			p.Version++
		}
		if ok, err := tx.UpdateProgramme(ctx, &p, revision); err != nil {
			return err
		} else if !ok {
			return errChanged(before)
		}
		if before.Status.Versioned() {
			if err := tx.SaveVersion(ctx, &p, note); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, "programme", id, "update", before, p)
	})
	return p, err
}

// errChanged is the answer to a change based on an outdated page: someone else saved
// the programme meanwhile, and nothing of the caller's is written.
func errChanged(now Programme) error {
	return teilhabe.E(teilhabe.ECONFLICT, "programme.error.changed", "UpdatedAt", now.UpdatedAt)
}

// SetStatus moves a programme one step along its lifecycle; revision is the one the
// caller saw, or 0 to move whatever the programme's state (the API's plain step).
// The step into consultation is OpenConsultation's, since it needs the invitation;
// publishing waits for the consultation's deadline; the Antragsphase needs a call.
// Errors: ENOTFOUND, EFORBIDDEN, EINVALID (no such status), ECONFLICT (any other step,
// or changed since revision).
func (s *Service) SetStatus(ctx context.Context, id int64, to Status, revision int) (Programme, error) {
	pr := accounts.PrincipalFrom(ctx)
	var p Programme
	err := s.store.Update(ctx, func(tx Tx) error {
		var cons *Consultation
		var err error
		if p, cons, err = s.managed(ctx, tx, pr, id); err != nil {
			return err
		}
		if revision != 0 && p.Revision != revision {
			return errChanged(p)
		}
		if err := CheckTransition(p.Status, to); err != nil {
			return err
		}
		switch to {
		case StatusConsultation:
			return teilhabe.E(teilhabe.ECONFLICT, "programme.error.consultation_needs_invitation")
		case StatusPublished:
			if cons != nil && tx.Now().Before(cons.Deadline) {
				return teilhabe.E(teilhabe.ECONFLICT, "programme.error.consultation_running", "Deadline", cons.Deadline)
			}
			p.PublishedAt = tx.Now()
		case StatusApplications:
			if len(p.Calls) == 0 {
				return teilhabe.E(teilhabe.ECONFLICT, "programme.error.needs_call")
			}
		}
		from := p.Status
		p.Status, p.UpdatedAt = to, tx.Now()
		if ok, err := tx.SetStatus(ctx, &p, p.Revision); err != nil {
			return err
		} else if !ok {
			return errChanged(p)
		}
		if to == StatusPublished {
			if err := tx.SaveVersion(ctx, &p, ""); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, "programme", id, "status", map[string]Status{"status": from}, map[string]Status{"status": to})
	})
	return p, err
}

// Delete removes a draft that was never put to consultation: nobody outside the
// funder has seen it, so nothing needs to be kept. Anything later is part of the
// public record and can only be archived. It returns the deleted programme.
// Errors: ENOTFOUND, EFORBIDDEN, ECONFLICT (not such a draft, or changed since).
func (s *Service) Delete(ctx context.Context, id int64, revision int) (Programme, error) {
	pr := accounts.PrincipalFrom(ctx)
	var p Programme
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		if p, _, err = s.managed(ctx, tx, pr, id); err != nil {
			return err
		}
		if revision != 0 && p.Revision != revision {
			return errChanged(p)
		}
		if p.Status != StatusDraft || p.ConsultationID != 0 {
			return teilhabe.E(teilhabe.ECONFLICT, "programme.error.delete")
		}
		if err := tx.DeleteProgramme(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, "programme", id, "delete", p, nil)
	})
	return p, err
}
