package cli

import (
	"context"
	"flag"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// mailFlags are serve's settings for notifications by e-mail.
type mailFlags struct {
	smtp    *string
	baseURL *string
}

func addMailFlags(fs *flag.FlagSet) mailFlags {
	return mailFlags{
		smtp: fs.String("smtp", os.Getenv("TEILHABE_SMTP"),
			"SMTP-Server für E-Mails: smtp://BENUTZER:PASSWORT@HOST:587?from=ABSENDER&tls=starttls|tls|none (Umgebung TEILHABE_SMTP); "+
				"ohne bleiben E-Mails in der Warteschlange der Datenbank"),
		baseURL: fs.String("base-url", os.Getenv("TEILHABE_BASE_URL"),
			"Adresse, unter der Nutzer die Weboberfläche erreichen, für Links in E-Mails, z. B. https://teilhabe.kommune.example "+
				"(Umgebung TEILHABE_BASE_URL; Standard: http:// und --addr)"),
	}
}

// start sets the address that mail links to and starts the notification worker,
// which sends the outbox (when an SMTP server is configured) and runs the reminder
// and digest jobs. stop ends the worker and waits for it, so that the database is
// not closed under it.
func (f mailFlags) start(ctx context.Context, db *store.DB, addr string) (stop func(), err error) {
	var sender notify.Sender
	var smtp *notify.SMTP
	if strings.TrimSpace(*f.smtp) != "" {
		if smtp, err = notify.ParseSMTP(*f.smtp); err != nil {
			return nil, err
		}
		sender = smtp
	}
	base, derived, err := baseURL(*f.baseURL, addr)
	if err != nil {
		return nil, err
	}
	if smtp != nil {
		slog.Info("mail configured", "smtp", smtp.String(), "base_url", base)
		if derived {
			slog.Warn("links in e-mails point to the listening address: set --base-url (TEILHABE_BASE_URL) to the address users reach", "base_url", base)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	w := &notify.Worker{Outbox: db.Mail(), Jobs: programmes.NewService(db.Programmes()).Jobs(), Sender: sender, BaseURL: base,
		Now: func() time.Time { return db.Now() }}
	go func() {
		defer close(done)
		w.Run(ctx)
	}()
	return func() { cancel(); <-done }, nil
}

// baseURL checks --base-url, or derives it from the listening address; derived
// reports the latter. An address without a host (":8080", "0.0.0.0:8080") gives
// localhost, which only works for someone on the same machine.
func baseURL(flagValue, addr string) (base string, derived bool, err error) {
	if s := strings.TrimSpace(flagValue); s != "" {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return "", false, teilhabe.E(teilhabe.EINVALID, "cli.error.base_url", "Value", s)
		}
		return strings.TrimRight(u.String(), "/"), false, nil
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", false, teilhabe.E(teilhabe.EINVALID, "cli.error.addr", "Value", addr, "Detail", err.Error())
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port), true, nil
}
