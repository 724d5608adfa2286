package grants

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/grants"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

type listPage struct {
	web.Page
	Items      []grants.Grant
	Total      int
	Prev, Next string
}

func (w *Web) list(rw http.ResponseWriter, r *http.Request) {
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	offset = max(offset, 0)
	items, total, err := w.svc.List(r.Context(), grants.Filter{Limit: pageSize, Offset: offset})
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	p := listPage{Page: w.ui.Page(r, "grants.list.title"), Items: items, Total: total}
	if offset > 0 {
		p.Prev = "/grants?offset=" + strconv.Itoa(max(offset-pageSize, 0))
	}
	if offset+len(items) < total {
		p.Next = "/grants?offset=" + strconv.Itoa(offset+pageSize)
	}
	w.pages.Render(rw, r, http.StatusOK, "grants", p)
}

// paymentForm is a form as typed, so that a refused one comes back as sent.
type paymentForm struct {
	Amount, Text, PaidOn string
	Revision             int
}

type grantPage struct {
	web.Page
	grants.View
	Form paymentForm
}

func (w *Web) show(rw http.ResponseWriter, r *http.Request) {
	w.renderGrant(rw, r, http.StatusOK, nil, nil)
}

func (w *Web) renderGrant(rw http.ResponseWriter, r *http.Request, status int, sent *paymentForm, failed error) {
	id, _, err := pathIDs(r)
	var v grants.View
	if err == nil {
		v, err = w.svc.Get(r.Context(), id)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	p := grantPage{Page: w.ui.Page(r, ""), View: v}
	p.Title = v.Title
	if sent != nil {
		p.Form = *sent
	}
	if failed != nil {
		p.WithError(r, failed)
	}
	w.pages.Render(rw, r, status, "grant", p)
}

// form reads the posted form, bounded.
func form(rw http.ResponseWriter, r *http.Request) paymentForm {
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	_ = r.ParseForm()
	v := r.PostForm
	f := paymentForm{Amount: v.Get("amount"), Text: v.Get("text"), PaidOn: v.Get("paid_on")}
	f.Revision, _ = strconv.Atoi(v.Get("revision"))
	return f
}

// amount parses the form's amount as German or English input; what does not parse
// is a field error of its own, reported with the use case's.
func (w *Web) amount(r *http.Request, f paymentForm) (teilhabe.Cents, error) {
	c, err := teilhabe.ParseEuro(strings.TrimSpace(f.Amount), w.ui.Localizer(r).Lang)
	if err != nil || strings.TrimSpace(f.Amount) == "" {
		return 0, teilhabe.Invalid("grants.error.payment_invalid", teilhabe.FieldMsg("amount", teilhabe.EINVALID, "grants.fielderror.amount"))
	}
	return c, nil
}

func (w *Web) request(rw http.ResponseWriter, r *http.Request) {
	id, _, err := pathIDs(r)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	f := form(rw, r)
	c, err := w.amount(r, f)
	if err == nil {
		_, err = w.svc.RequestPayment(r.Context(), id, grants.PaymentInput{Amount: c, Text: f.Text})
	}
	switch teilhabe.ErrorCode(err) {
	case "":
		w.ui.Redirect(rw, r, "/grants/"+strconv.FormatInt(id, 10)+"#abrufe", "grants.flash.requested")
	case teilhabe.EINVALID, teilhabe.ECONFLICT:
		w.renderGrant(rw, r, httpx.Status(err), &f, err)
	default:
		w.ui.Error(rw, r, err)
	}
}

type paymentPage struct {
	web.Page
	grants.View
	Payment grants.Payment
	Number  int // the request's number within the grant, from 1
	Form    paymentForm
}

func (w *Web) payment(rw http.ResponseWriter, r *http.Request) {
	w.renderPayment(rw, r, http.StatusOK, nil, nil)
}

func (w *Web) renderPayment(rw http.ResponseWriter, r *http.Request, status int, sent *paymentForm, failed error) {
	id, pid, err := pathIDs(r)
	var v grants.View
	if err == nil {
		v, err = w.svc.Get(r.Context(), id)
	}
	i := slices.IndexFunc(v.Ledger.Payments, func(p grants.Payment) bool { return p.ID == pid })
	if err == nil && i < 0 {
		err = grants.ErrPaymentNotFound
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	p := paymentPage{Page: w.ui.Page(r, ""), View: v, Payment: v.Ledger.Payments[i], Number: i + 1}
	p.Title = p.L.T("grants.payment.title", "Number", p.Number, "Grant", v.Title)
	lang := p.L.Lang
	p.Form = paymentForm{Amount: web.AmountValue(p.Payment.Requested, lang), Revision: p.Payment.Revision,
		PaidOn: time.Now().In(teilhabe.Berlin).Format(time.DateOnly)}
	if sent != nil {
		p.Form = *sent
	}
	if failed != nil {
		p.WithError(r, failed)
	}
	w.pages.Render(rw, r, status, "payment", p)
}

func (w *Web) decide(rw http.ResponseWriter, r *http.Request) {
	id, pid, err := pathIDs(r)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	f := form(rw, r)
	c, err := w.amount(r, f)
	if err == nil {
		_, err = w.svc.DecidePayment(r.Context(), id, pid, grants.PaymentInput{Amount: c, Text: f.Text, Revision: f.Revision})
	}
	w.after(rw, r, id, "grants.flash.decided", &f, err)
}

func (w *Web) pay(rw http.ResponseWriter, r *http.Request) {
	id, pid, err := pathIDs(r)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	f := form(rw, r)
	on, perr := time.Parse(time.DateOnly, strings.TrimSpace(f.PaidOn))
	if perr != nil {
		err = teilhabe.Invalid("grants.error.payment_invalid", teilhabe.Field("paid_on", "required"))
	} else {
		_, err = w.svc.Pay(r.Context(), id, pid, on, f.Revision)
	}
	w.after(rw, r, id, "grants.flash.paid", &f, err)
}

// after answers a funder's step on a payment: back to the grant, or the payment's
// page again with what was wrong.
func (w *Web) after(rw http.ResponseWriter, r *http.Request, id int64, flash string, f *paymentForm, err error) {
	switch teilhabe.ErrorCode(err) {
	case "":
		w.ui.Redirect(rw, r, "/grants/"+strconv.FormatInt(id, 10)+"#abrufe", flash)
	case teilhabe.EINVALID, teilhabe.ECONFLICT:
		w.renderPayment(rw, r, httpx.Status(err), f, err)
	default:
		w.ui.Error(rw, r, err)
	}
}
