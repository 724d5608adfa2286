package server_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestStatementsPerRequest keeps the two requests every consultation makes many of
// from quietly growing queries: the SQL statements each sends, counted by the
// store's driver wrapper, stay at most what the benchmark in bench/ reports. A new
// statement on these paths is a decision to take on purpose, with the limit here.
func TestStatementsPerRequest(t *testing.T) {
	a := newApp(t)
	draft := programmeID(t, a.db, "Digitale Teilhabe in Gemeinschaftsunterkünften")
	published := programmeID(t, a.db, "Sprachkurse im Alltag – Deutsch für Eltern und Neuzugewanderte")
	commissioner := a.login(t, "commissioner")
	cases := []struct {
		name   string
		max    uint64
		status int
		do     func() (int, string)
	}{
		{"public programme page", 3, http.StatusOK, func() (int, string) { return a.get(t, a.client(t), "/programmes/"+published) }},
		{"programme page of an invited commissioner", 7, http.StatusOK, func() (int, string) { return a.get(t, commissioner, "/programmes/"+draft) }},
		{"a commissioner's comment", 10, http.StatusSeeOther, func() (int, string) {
			return a.post(t, commissioner, "/programmes/"+draft+"/consultation/contributions", url.Values{"kind": {"comment"},
				"section": {"0"}, "paragraph": {"0"}, "text": {"Bitte auch Unterkünfte in kommunaler Trägerschaft einbeziehen."}})
		}},
	}
	for _, c := range cases {
		before := a.db.Statements()
		status, body := c.do()
		n := a.db.Statements().Sub(before)
		if status != c.status {
			t.Fatalf("%s: status %d: %.300s", c.name, status, body)
		}
		if n.Total() > c.max {
			t.Errorf("%s: %d statements (%d queries, %d execs, %d transactions), at most %d", c.name, n.Total(), n.Queries, n.Execs, n.Transactions, c.max)
		}
	}
}
