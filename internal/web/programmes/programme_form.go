package programmes

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

// programmeForm holds what the funder typed, as typed, so that a form with an error
// comes back exactly as it was sent.
type programmeForm struct {
	FunderID      int64
	Title         string
	Summary       string
	Sections      []programmes.Section
	ActionFields  []string
	TargetGroups  []string
	ProviderTypes []string
	Regions       string
	Budgets       []budgetRow
	FundingKind   string
	FinancingType string
	MaxGrant      string
	OwnShare      string
	FundingRate   string
	PeriodStart   string
	PeriodEnd     string
	Calls         []callRow
	ChangeNote    string
	Revision      int // the programme's revision the form was filled from
}

type budgetRow struct{ Year, Amount string }

type callRow struct {
	ID                   int64
	Title, Opens, Closes string
}

// Empty slots the form offers beyond what is filled in; more appear after saving.
const (
	spareSections = 2
	spareBudgets  = 2
	spareCalls    = 1
)

type programmeFormPage struct {
	web.Page
	Form           programmeForm
	Programme      *programmes.Programme // nil for a new programme
	Funders        []accounts.Organisation
	ActionFields   []string
	TargetGroups   []string
	ProviderTypes  []accounts.ProviderType
	FundingKinds   []programmes.FundingKind
	FinancingTypes []programmes.FinancingType
}

func (w *Web) programmeFormPage(r *http.Request, prog *programmes.Programme) programmeFormPage {
	title := "programme.new.title"
	if prog != nil {
		title = "programme.edit.title"
	}
	return programmeFormPage{Page: w.ui.Page(r, title), Programme: prog, Funders: w.svc.Funders(r.Context()), ActionFields: programmes.ActionFields,
		TargetGroups: programmes.TargetGroups, ProviderTypes: accounts.ProviderTypes, FundingKinds: programmes.FundingKinds,
		FinancingTypes: programmes.FinancingTypes}
}

func formOf(p *programmes.Programme) programmeForm {
	f := programmeForm{FunderID: p.FunderID, Title: p.Title, Summary: p.Summary, Sections: slices.Clone(p.Sections),
		ActionFields: p.ActionFields, TargetGroups: p.TargetGroups, Regions: strings.Join(p.RegionKeys, ", "),
		FundingKind: string(p.FundingKind), FinancingType: string(p.FinancingType), MaxGrant: formatEuro(p.MaxGrant),
		PeriodStart: dateValue(p.PeriodStart), PeriodEnd: dateValue(p.PeriodEnd), Revision: p.Revision}
	if p.FundingRate > 0 {
		f.FundingRate = formatPercent(p.FundingRate)
	}
	if p.OwnShare > 0 {
		f.OwnShare = formatPercent(p.OwnShare)
	}
	for _, t := range p.ProviderTypes {
		f.ProviderTypes = append(f.ProviderTypes, string(t))
	}
	for _, b := range p.Budgets {
		f.Budgets = append(f.Budgets, budgetRow{Year: strconv.Itoa(b.Year), Amount: formatEuro(b.Amount)})
	}
	for _, c := range p.Calls {
		f.Calls = append(f.Calls, callRow{ID: c.ID, Title: c.Title, Opens: localTimeValue(c.OpensAt), Closes: localTimeValue(c.ClosesAt)})
	}
	return f
}

// withSpares adds the empty slots for another section, budget year and call.
func (f programmeForm) withSpares() programmeForm {
	for range spareSections {
		f.Sections = append(f.Sections, programmes.Section{})
	}
	for range spareBudgets {
		f.Budgets = append(f.Budgets, budgetRow{})
	}
	for range spareCalls {
		f.Calls = append(f.Calls, callRow{})
	}
	return f
}

// parseProgrammeForm reads the form into a programme. Values that cannot be read
// (an amount that is no number) become field errors beside the domain's own.
func parseProgrammeForm(r *http.Request) (programmeForm, programmes.Programme, []teilhabe.FieldError) {
	_ = r.ParseForm()
	v := r.PostForm
	f := programmeForm{Title: v.Get("title"), Summary: v.Get("summary"), ActionFields: v["action_fields"], TargetGroups: v["target_groups"],
		ProviderTypes: v["provider_types"], Regions: v.Get("region_keys"), FundingKind: v.Get("funding_kind"), FinancingType: v.Get("financing_type"),
		MaxGrant: v.Get("max_grant"), OwnShare: v.Get("own_share"), FundingRate: v.Get("funding_rate"), PeriodStart: v.Get("period_start"), PeriodEnd: v.Get("period_end"),
		ChangeNote: v.Get("change_note"), Revision: formInt(r, "revision")}
	f.FunderID, _ = strconv.ParseInt(v.Get("funder_id"), 10, 64)
	for i, h := range v["section_heading"] {
		body := ""
		if i < len(v["section_body"]) {
			body = v["section_body"][i]
		}
		f.Sections = append(f.Sections, programmes.Section{Heading: h, Body: body})
	}
	for i, y := range v["budget_year"] {
		row := budgetRow{Year: y}
		if i < len(v["budget_amount"]) {
			row.Amount = v["budget_amount"][i]
		}
		f.Budgets = append(f.Budgets, row)
	}
	for i, t := range v["call_title"] {
		row := callRow{Title: t}
		row.ID, _ = strconv.ParseInt(at(v["call_id"], i), 10, 64)
		row.Opens, row.Closes = at(v["call_opens"], i), at(v["call_closes"], i)
		f.Calls = append(f.Calls, row)
	}

	var errs []teilhabe.FieldError
	bad := func(field, id string) {
		errs = append(errs, teilhabe.FieldError{Field: field, Code: "invalid", ID: id})
	}
	p := programmes.Programme{FunderID: f.FunderID, Title: f.Title, Summary: f.Summary, Sections: f.Sections, ActionFields: f.ActionFields,
		TargetGroups: f.TargetGroups, FundingKind: programmes.FundingKind(f.FundingKind), FinancingType: programmes.FinancingType(f.FinancingType)}
	for _, t := range f.ProviderTypes {
		p.ProviderTypes = append(p.ProviderTypes, accounts.ProviderType(t))
	}
	p.RegionKeys = strings.FieldsFunc(f.Regions, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
	var err error
	if p.MaxGrant, err = parseEuro(f.MaxGrant); err != nil {
		bad("max_grant", "")
	}
	if p.OwnShare, err = parsePercent(f.OwnShare); err != nil {
		bad("own_share", "")
	}
	if p.FundingRate, err = parsePercent(f.FundingRate); err != nil {
		bad("funding_rate", "")
	}
	if p.PeriodStart, err = parseDate(f.PeriodStart); err != nil {
		bad("period", "fielderror.period.start")
	}
	if p.PeriodEnd, err = parseDate(f.PeriodEnd); err != nil {
		bad("period", "fielderror.period.end")
	}
	for _, b := range f.Budgets {
		if strings.TrimSpace(b.Year) == "" && strings.TrimSpace(b.Amount) == "" {
			continue
		}
		year, yerr := strconv.Atoi(strings.TrimSpace(b.Year))
		amount, aerr := parseEuro(b.Amount)
		if yerr != nil || year < 2000 || year > 2100 || aerr != nil {
			bad("budgets", "")
			continue
		}
		p.Budgets = append(p.Budgets, programmes.Budget{Year: year, Amount: amount})
	}
	for _, c := range f.Calls {
		if strings.TrimSpace(c.Title) == "" && c.Opens == "" && c.Closes == "" {
			continue
		}
		opens, oerr := parseLocalTime(c.Opens)
		closes, cerr := parseLocalTime(c.Closes)
		if oerr != nil || cerr != nil {
			bad("calls", "")
			continue
		}
		p.Calls = append(p.Calls, programmes.Call{ID: c.ID, Title: c.Title, OpensAt: opens, ClosesAt: closes})
	}
	return f, p, errs
}

func at(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return ""
}

// fieldErrors joins form reading errors with the use case's validation, so that the
// form reports everything at once.
func fieldErrors(parse []teilhabe.FieldError, err error) error {
	if len(parse) == 0 {
		return err
	}
	if e := teilhabe.AsError(err); e != nil && e.Code == teilhabe.EINVALID {
		parse = append(parse, e.Fields...)
	} else if err != nil {
		return err
	}
	return teilhabe.Invalid("programme.error.incomplete", parse...)
}

func (w *Web) newProgramme(rw http.ResponseWriter, r *http.Request) {
	page := w.programmeFormPage(r, nil)
	if len(page.Funders) == 0 {
		w.ui.Error(rw, r, teilhabe.E(teilhabe.EFORBIDDEN, "programme.error.funders_only"))
		return
	}
	page.Form = programmeForm{FunderID: page.Funders[0].ID, FundingKind: string(programmes.FundingProject), FinancingType: string(programmes.FinancingShare)}.withSpares()
	w.render(rw, r, http.StatusOK, "programme_form", page)
}

// formFailed shows the form again as it was sent, with every error.
func (w *Web) formFailed(rw http.ResponseWriter, r *http.Request, page programmeFormPage, err error) {
	w.ui.FormFailed(rw, r, err, func(status int) {
		page.WithError(r, err)
		page.Form = page.Form.withSpares()
		w.render(rw, r, status, "programme_form", page)
	})
}

func (w *Web) createProgramme(rw http.ResponseWriter, r *http.Request) {
	page := w.programmeFormPage(r, nil)
	form, prog, parseErrs := parseProgrammeForm(r)
	page.Form = form
	if len(parseErrs) > 0 {
		// The use case checks the rest, so that every mistake shows at once.
		w.formFailed(rw, r, page, fieldErrors(parseErrs, w.svc.Check(r.Context(), prog)))
		return
	}
	created, err := w.svc.Create(r.Context(), prog)
	if err != nil {
		w.formFailed(rw, r, page, err)
		return
	}
	w.ui.Redirect(rw, r, programmePath(created.ID), "flash.programme_created")
}

func (w *Web) editProgramme(rw http.ResponseWriter, r *http.Request) {
	id, err := programmeID(r)
	var p programmes.Programme
	if err == nil {
		p, err = w.svc.ToEdit(r.Context(), id)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	page := w.programmeFormPage(r, &p)
	page.Form = formOf(&p).withSpares()
	w.render(rw, r, http.StatusOK, "programme_form", page)
}

func (w *Web) updateProgramme(rw http.ResponseWriter, r *http.Request) {
	id, err := programmeID(r)
	var p programmes.Programme
	if err == nil {
		p, err = w.svc.ToEdit(r.Context(), id)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	page := w.programmeFormPage(r, &p)
	form, changed, parseErrs := parseProgrammeForm(r)
	form.FunderID = p.FunderID
	page.Form = form
	if len(parseErrs) > 0 {
		w.formFailed(rw, r, page, fieldErrors(parseErrs, w.svc.Check(r.Context(), changed)))
		return
	}
	if _, err := w.svc.Update(r.Context(), id, changed, form.ChangeNote, form.Revision); err != nil {
		if teilhabe.ErrorCode(err) == teilhabe.ECONFLICT {
			// Someone saved meanwhile: keep what this user typed, and say so.
			page.WithError(r, err)
			page.Form = page.Form.withSpares()
			w.render(rw, r, http.StatusConflict, "programme_form", page)
			return
		}
		w.formFailed(rw, r, page, err)
		return
	}
	w.ui.Redirect(rw, r, programmePath(id), "flash.programme_saved")
}

// changeStatus moves the programme one step along its lifecycle.
func (w *Web) changeStatus(rw http.ResponseWriter, r *http.Request) {
	id, err := programmeID(r)
	to := programmes.Status(r.PostFormValue("status"))
	if err == nil {
		_, err = w.svc.SetStatus(r.Context(), id, to, formInt(r, "revision"))
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.ui.Redirect(rw, r, programmePath(id), "flash.programme_status", "Status", teilhabe.Msg("programme.status."+string(to)))
}

// deleteProgramme removes a draft that never went to consultation.
func (w *Web) deleteProgramme(rw http.ResponseWriter, r *http.Request) {
	id, err := programmeID(r)
	var p programmes.Programme
	if err == nil {
		p, err = w.svc.Delete(r.Context(), id, formInt(r, "revision"))
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.ui.Redirect(rw, r, "/programmes/mine", "flash.programme_deleted", "Title", p.Title)
}
