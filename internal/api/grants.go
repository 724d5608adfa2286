package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/grants"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Grants (Zuwendungen) for a provider's and a funder's software: the grants the
// caller may see, one grant with its ledger, rules and reporting duties, and the
// payment steps: the provider's request (Mittelabruf), the funder's release and
// payout. Who sees and who does what, the use cases decide: a grant the caller may
// not see answers like one that does not exist.

func (a *API) grantRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: http.MethodGet, Path: Prefix + "/grants", Action: accounts.ActAccount, Handler: a.listGrants},
		{Method: http.MethodGet, Path: Prefix + "/grants/{id}", Action: accounts.ActAccount, Handler: a.getGrant},
		{Method: http.MethodPost, Path: Prefix + "/grants/{id}/payments", Action: accounts.ActAccount, Handler: a.requestPayment},
		{Method: http.MethodPost, Path: Prefix + "/grants/{id}/payments/{payment_id}/decision", Action: accounts.ActAccount, Handler: a.decidePayment},
		{Method: http.MethodPost, Path: Prefix + "/grants/{id}/payments/{payment_id}/paid", Action: accounts.ActAccount, Handler: a.payPayment},
	}
}

// GrantService is what the API asks of the grant use cases.
type GrantService interface {
	Get(ctx context.Context, id int64) (grants.View, error)
	List(ctx context.Context, f grants.Filter) ([]grants.Grant, int, error)
	RequestPayment(ctx context.Context, grantID int64, in grants.PaymentInput) (grants.Payment, error)
	DecidePayment(ctx context.Context, grantID, paymentID int64, in grants.PaymentInput) (grants.Payment, error)
	Pay(ctx context.Context, grantID, paymentID int64, on time.Time, revision int) (grants.Payment, error)
}

var _ GrantService = (*grants.Service)(nil)

// maxPaymentBody bounds one payment step: a purpose or reason at its limit in
// multi-byte characters, several times over.
const maxPaymentBody = 32 << 10

// grantPage is the page size of the list when the client names none.
const grantPage = 50

func grantID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, grants.ErrNotFound
	}
	return id, nil
}

// paymentID is the payment of the path, or 0 when it is no id: the use case
// answers 0 as a payment the grant does not have, but only after it checked that
// the caller sees the grant, so that a malformed payment id tells nothing either.
func paymentID(r *http.Request) int64 {
	id, err := strconv.ParseInt(r.PathValue("payment_id"), 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

type grantJSON struct {
	ID             int64          `json:"id"`
	Title          string         `json:"title"`
	ApplicationID  int64          `json:"application_id"`
	ProgrammeID    int64          `json:"programme_id"`
	Programme      string         `json:"programme"`
	CallID         int64          `json:"call_id"`
	Provider       idNameJSON     `json:"provider"`
	Funder         idNameJSON     `json:"funder"`
	FunderLevel    string         `json:"funder_level"`
	Amount         teilhabe.Cents `json:"amount"`
	Paid           teilhabe.Cents `json:"paid"`
	Period         periodJSON     `json:"period"`
	OngoingService bool           `json:"ongoing_service"`
	Regions        []string       `json:"regions"`
}

func toGrantJSON(g *grants.Grant) grantJSON {
	return grantJSON{ID: g.ID, Title: g.Title, ApplicationID: g.ApplicationID, ProgrammeID: g.ProgrammeID, Programme: g.ProgrammeTitle,
		CallID: g.CallID, Provider: idNameJSON{ID: g.ProviderID, Name: g.ProviderName}, Funder: idNameJSON{ID: g.FunderID, Name: g.FunderName},
		FunderLevel: string(g.FunderLevel), Amount: g.Amount, Paid: g.Paid, Period: periodJSON{Start: date(g.PeriodStart), End: date(g.PeriodEnd)},
		OngoingService: g.OngoingService, Regions: codes(g.RegionKeys)}
}

type grantTotalsJSON struct {
	Amount    teilhabe.Cents `json:"amount"`
	Pending   teilhabe.Cents `json:"pending"`
	Released  teilhabe.Cents `json:"released"`
	Paid      teilhabe.Cents `json:"paid"`
	Available teilhabe.Cents `json:"available"`
}

type paymentJSON struct {
	ID          int64          `json:"id"`
	Status      string         `json:"status"`
	Requested   teilhabe.Cents `json:"requested"`
	Approved    teilhabe.Cents `json:"approved"`
	Purpose     string         `json:"purpose"`
	Reason      string         `json:"reason"`
	RequestedAt *string        `json:"requested_at"`
	DecidedAt   *string        `json:"decided_at"`
	PaidOn      *string        `json:"paid_on"`
	Revision    int            `json:"revision"`
}

func toPaymentJSON(p *grants.Payment) paymentJSON {
	return paymentJSON{ID: p.ID, Status: string(p.Status), Requested: p.Requested, Approved: p.Approved, Purpose: p.Purpose,
		Reason: p.Reason, RequestedAt: instant(p.RequestedAt), DecidedAt: instant(p.DecidedAt), PaidOn: date(p.PaidOn), Revision: p.Revision}
}

type reportDueJSON struct {
	Kind  string  `json:"kind"`
	Year  *int    `json:"year"` // the calendar year an interim report covers; null for the final
	DueOn *string `json:"due_on"`
}

type spanJSON struct {
	N    int    `json:"n"`
	Unit string `json:"unit"`
}

type grantRulesJSON struct {
	SpendWithin    spanJSON `json:"spend_within"`
	InterimDue     string   `json:"interim_due"` // MM-DD
	FinalDueMonths int      `json:"final_due_months"`
	Overrun        string   `json:"overrun"` // percent
	Change         string   `json:"change"`
}

type grantDetailJSON struct {
	grantJSON
	ApprovedAt    *string         `json:"approved_at"`
	FinancePlan   financePlanJSON `json:"finance_plan"`
	Conditions    string          `json:"conditions"`
	FinancingType string          `json:"financing_type"`
	FundingKind   string          `json:"funding_kind"`
	Totals        grantTotalsJSON `json:"totals"`
	Payments      []paymentJSON   `json:"payments"`
	ReportsDue    []reportDueJSON `json:"reports_due"`
	Rules         grantRulesJSON  `json:"rules"`
}

func toGrantDetailJSON(v *grants.View) grantDetailJSON {
	r := v.Rules
	j := grantDetailJSON{grantJSON: toGrantJSON(&v.Grant), ApprovedAt: instant(v.ApprovedAt),
		// The same shape, and the same sums, as an application's plan.
		FinancePlan: toApplicationJSON(&applications.Application{Plan: v.Plan}).FinancePlan,
		Conditions:  v.Conditions, FinancingType: string(v.FinancingType), FundingKind: string(v.FundingKind),
		Totals:   grantTotalsJSON(v.Totals),
		Payments: []paymentJSON{}, ReportsDue: []reportDueJSON{},
		Rules: grantRulesJSON{SpendWithin: spanJSON{N: r.SpendWithin.N, Unit: string(r.SpendWithin.Unit)},
			InterimDue:     fmt.Sprintf("%02d-%02d", int(r.InterimDueMonth), r.InterimDueDay),
			FinalDueMonths: r.FinalDueMonths, Overrun: rateString(r.Overrun), Change: string(r.Change)}}
	for i := range v.Ledger.Payments {
		j.Payments = append(j.Payments, toPaymentJSON(&v.Ledger.Payments[i]))
	}
	for _, d := range v.Duties {
		due := reportDueJSON{Kind: string(d.Kind), DueOn: date(d.On)}
		if d.Kind == grants.Interim {
			year := d.Year
			due.Year = &year
		}
		j.ReportsDue = append(j.ReportsDue, due)
	}
	return j
}

func (a *API) listGrants(w http.ResponseWriter, r *http.Request) {
	q := &query{r: r}
	f := grants.Filter{ProgrammeID: int64(q.int("programme_id", 0)), Limit: q.int("limit", grantPage), Offset: q.int("offset", 0)}
	if f.Limit > grants.MaxPage {
		q.fail("limit", "api.fielderror.limit", "Max", grants.MaxPage)
	}
	if err := q.err(); err != nil {
		a.RenderError(w, r, err)
		return
	}
	list, total, err := a.grants.List(r.Context(), f)
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	out := struct {
		Items []grantJSON `json:"items"`
		Total int         `json:"total"`
	}{Items: make([]grantJSON, 0, len(list)), Total: total}
	for i := range list {
		out.Items = append(out.Items, toGrantJSON(&list[i]))
	}
	w.Header().Set("Cache-Control", "private, no-store")
	ok(w, out)
}

func (a *API) getGrant(w http.ResponseWriter, r *http.Request) {
	id, err := grantID(r)
	var v grants.View
	if err == nil {
		v, err = a.grants.Get(r.Context(), id)
	}
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	ok(w, toGrantDetailJSON(&v))
}

// readPaymentBody decodes a payment step's JSON body into v; a body that is no
// JSON object of that shape is refused as a whole.
func readPaymentBody(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxPaymentBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return teilhabe.Invalid("api.error.body", teilhabe.FieldMsg("body", "json", "api.fielderror.json_detail", "Detail", jsonProblem(err)))
	}
	return nil
}

// amountField parses a decimal amount of a body; "" is 0, and required makes it a
// field error.
func amountField(s string, required bool) (teilhabe.Cents, []teilhabe.FieldError) {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			return 0, []teilhabe.FieldError{teilhabe.FieldMsg("amount", "required", "api.fielderror.amount_required")}
		}
		return 0, nil
	}
	c, err := teilhabe.ParseDecimal(s)
	if err != nil {
		return 0, []teilhabe.FieldError{teilhabe.FieldMsg("amount", teilhabe.EINVALID, "api.fielderror.decimal", "Value", s)}
	}
	return c, nil
}

type paymentRequestBody struct {
	Amount  string `json:"amount"`
	Purpose string `json:"purpose"`
}

// requestPayment asks for money from the grant, as its provider's staff.
func (a *API) requestPayment(w http.ResponseWriter, r *http.Request) {
	id, err := grantID(r)
	var pay grants.Payment
	if err == nil {
		var body paymentRequestBody
		if err = readPaymentBody(w, r, &body); err == nil {
			amount, bad := amountField(body.Amount, false)
			if len(bad) > 0 {
				err = teilhabe.Invalid("grants.error.payment_invalid", bad...)
			} else {
				pay, err = a.grants.RequestPayment(r.Context(), id, grants.PaymentInput{Amount: amount, Text: body.Purpose})
			}
		}
	}
	a.respondPayment(w, r, http.StatusCreated, pay, err)
}

type paymentDecisionBody struct {
	Amount   string `json:"amount"`
	Reason   string `json:"reason"`
	Revision int    `json:"revision"`
}

// decidePayment releases a waiting request, as the funder's staff: the requested
// sum, less with a reason, or "0" (refused) with a reason.
func (a *API) decidePayment(w http.ResponseWriter, r *http.Request) {
	id, err := grantID(r)
	var pay grants.Payment
	if err == nil {
		var body paymentDecisionBody
		if err = readPaymentBody(w, r, &body); err == nil {
			amount, bad := amountField(body.Amount, true)
			if len(bad) > 0 {
				err = teilhabe.Invalid("grants.error.payment_invalid", bad...)
			} else {
				pay, err = a.grants.DecidePayment(r.Context(), id, paymentID(r),
					grants.PaymentInput{Amount: amount, Text: body.Reason, Revision: body.Revision})
			}
		}
	}
	a.respondPayment(w, r, http.StatusOK, pay, err)
}

type paymentPaidBody struct {
	PaidOn   string `json:"paid_on"`
	Revision int    `json:"revision"`
}

// payPayment marks a released payment as paid on its value date, as the funder's
// staff.
func (a *API) payPayment(w http.ResponseWriter, r *http.Request) {
	id, err := grantID(r)
	var pay grants.Payment
	if err == nil {
		var body paymentPaidBody
		if err = readPaymentBody(w, r, &body); err == nil {
			var on time.Time
			if s := strings.TrimSpace(body.PaidOn); s != "" {
				on, err = time.Parse(time.DateOnly, s)
				if err != nil {
					err = teilhabe.Invalid("grants.error.payment_invalid", teilhabe.FieldMsg("paid_on", teilhabe.EINVALID, "api.fielderror.date", "Value", s))
				}
			}
			if err == nil {
				pay, err = a.grants.Pay(r.Context(), id, paymentID(r), on, body.Revision)
			}
		}
	}
	a.respondPayment(w, r, http.StatusOK, pay, err)
}

func (a *API) respondPayment(w http.ResponseWriter, r *http.Request, status int, pay grants.Payment, err error) {
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	writeJSON(w, "application/json", status, toPaymentJSON(&pay))
}
