package notify

import (
	"context"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/i18n"
)

// Mail is one message of the outbox: a notice for one user, rendered in the user's
// language when it is sent.
type Mail struct {
	ID        int64
	To        string // the address at the time the notice was written
	Name      string // the recipient's name and language, as they are now
	Locale    string
	Kind      string
	Args      []byte // nil for a mail queued before notices had arguments
	Subject   string // German text of such a mail
	Body      string
	CreatedAt time.Time
	Attempts  int // attempts made before this one
}

// MaxMailAttempts is how often the worker tries to send a mail. After the last
// failure the mail stays in the outbox with its error, for an admin to see, and is
// not tried again.
const MaxMailAttempts = 10

// MailStatus is the outbox at a glance, for logs and admins.
type MailStatus struct {
	Pending int // not sent yet, still to be tried
	Failed  int // given up after MaxMailAttempts
	Sent    int
}

// Outbox is what the worker needs from storage; the store's Mail view implements it.
type Outbox interface {
	// PendingMail claims up to limit mails due at now, so that the worker of another
	// instance sharing the database does not send them too.
	PendingMail(ctx context.Context, now time.Time, limit int) ([]Mail, error)
	MarkMailSent(ctx context.Context, id int64) error
	MarkMailFailed(ctx context.Context, id int64, sendErr error, next time.Time) (gaveUp bool, err error)
	PurgeSentMail(ctx context.Context, before time.Time) (int, error)
}

// mailText renders a mail: a greeting, the notice, the link and a footer that says
// why the mail came and where all notifications are. baseURL makes the link absolute.
func mailText(l *i18n.Localizer, baseURL string, m Mail) (subject, body string, err error) {
	if m.Args == nil {
		return m.Subject, m.Body, nil // written in full before notices had arguments
	}
	n, err := Decode(m.Kind, m.Args)
	if err != nil {
		return "", "", err
	}
	r := Render(l, n)
	base := strings.TrimRight(baseURL, "/")
	var b strings.Builder
	b.WriteString(l.T("mail.greeting", "Name", m.Name) + "\n\n")
	if r.Body != "" {
		b.WriteString(r.Body + "\n\n")
	} else {
		b.WriteString(r.Title + "\n\n")
	}
	if r.Link != "" {
		link := r.Link
		if strings.HasPrefix(link, "/") {
			link = base + link
		}
		b.WriteString(l.T("mail.link") + "\n" + link + "\n\n")
	}
	// "-- " opens a signature (RFC 3676): mail programs leave it out of replies.
	b.WriteString("-- \n" + l.T("mail.signature") + "\n")
	b.WriteString(l.T("mail.footer", "URL", base+"/notifications") + "\n")
	return r.Title, b.String(), nil
}
