package server

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/teilhabe/teilhabe/internal/store"
)

// mailCollector reports the mail outbox at each scrape, so that operations can alert
// when invitations and reminders stop leaving (no SMTP configured, or the server
// refuses them): teilhabe_mail_outbox{state="pending|failed|sent"}.
type mailCollector struct {
	db   *store.DB
	desc *prometheus.Desc
}

func newMailCollector(db *store.DB) *mailCollector {
	return &mailCollector{db: db, desc: prometheus.NewDesc("teilhabe_mail_outbox",
		"Mails in the outbox by state: pending (still to be tried), failed (given up), sent (kept 30 days).", []string{"state"}, nil)}
}

func (c *mailCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *mailCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := c.db.Mail().Status(ctx)
	if err != nil {
		slog.Warn("metrics: mail outbox", "err", err)
		ch <- prometheus.NewInvalidMetric(c.desc, err)
		return
	}
	for state, n := range map[string]int{"pending": s.Pending, "failed": s.Failed, "sent": s.Sent} {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n), state)
	}
}
