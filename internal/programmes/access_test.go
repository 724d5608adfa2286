package programmes

import (
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func member(orgID int64, kind accounts.OrgKind, region string, role accounts.Role) *accounts.Principal {
	return &accounts.Principal{User: accounts.User{ID: orgID * 10}, Memberships: []accounts.Membership{
		{Organisation: accounts.Organisation{ID: orgID, Kind: kind, RegionKey: region}, Role: role}}}
}

func TestWhoSeesADraft(t *testing.T) {
	deadline := time.Date(2027, 1, 15, 17, 0, 0, 0, time.UTC)
	prog := &Programme{ID: 1, FunderID: 7, Status: StatusConsultation}
	cons := &Consultation{Regions: []string{"08"}, Deadline: deadline}
	funder := member(7, accounts.KindFunder, "", accounts.RoleFunderStaff)
	reviewer := member(7, accounts.KindFunder, "", accounts.RoleReviewer)
	otherFunder := member(8, accounts.KindFunder, "", accounts.RoleFunderStaff)
	invited := member(3, accounts.KindMunicipality, "08118", accounts.RoleCommissioner)
	bavarian := member(4, accounts.KindMunicipality, "09162", accounts.RoleCommissioner)
	provider := member(5, accounts.KindProvider, "08118", accounts.RoleProviderStaff)
	admin := member(6, accounts.KindPlatform, "", accounts.RolePlatformAdmin)
	cases := []struct {
		name   string
		p      *accounts.Principal
		view   bool
		manage bool
	}{
		{"anonymous", nil, false, false}, {"funder staff", funder, true, true}, {"funder reviewer", reviewer, true, false},
		{"other funder", otherFunder, false, false}, {"invited commissioner", invited, true, false},
		{"commissioner of a region not invited", bavarian, false, false}, {"provider", provider, false, false},
		{"platform admin", admin, false, false},
	}
	for _, c := range cases {
		if got := CanView(c.p, prog, cons); got != c.view {
			t.Errorf("%s: CanView = %v", c.name, got)
		}
		if got := CanManage(c.p, prog); got != c.manage {
			t.Errorf("%s: CanManage = %v", c.name, got)
		}
	}
	if err := CheckView(provider, prog, cons); teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
		t.Errorf("a hidden draft is not found, err = %v", err)
	}
	draft := &Programme{ID: 2, FunderID: 7, Status: StatusDraft}
	if CanView(invited, draft, nil) {
		t.Error("before the consultation only the funder sees the draft")
	}

	before, after := deadline.Add(-time.Minute), deadline
	if m, err := CheckContribute(invited, prog, cons, 0, before); err != nil || m.Organisation.ID != 3 {
		t.Errorf("invited commissioner before the deadline: %v", err)
	}
	if _, err := CheckContribute(invited, prog, cons, 0, after); teilhabe.ErrorCode(err) != teilhabe.ECONFLICT {
		t.Errorf("at the deadline: err = %v, want a conflict", err)
	}
	if _, err := CheckContribute(bavarian, prog, cons, 0, before); teilhabe.ErrorCode(err) != teilhabe.EFORBIDDEN {
		t.Errorf("not invited: err = %v", err)
	}
	if _, err := CheckContribute(funder, prog, cons, 0, before); teilhabe.ErrorCode(err) != teilhabe.EFORBIDDEN {
		t.Errorf("the funder does not comment on its own draft: err = %v", err)
	}
}

func TestContributionValidate(t *testing.T) {
	draft := Text{Sections: []Section{{Heading: "Ziel", Body: "Erster Absatz.\n\nZweiter Absatz mit WLAN."}}}
	c := Contribution{Kind: KindComment, Section: 0, Paragraph: 1, Quote: "mit WLAN", Text: "Bitte genauer."}
	if err := c.Validate(draft); err != nil {
		t.Fatal(err)
	}
	c.Quote = "steht nicht da"
	if e := teilhabe.AsError(c.Validate(draft)); e == nil || e.Fields[0].Field != "quote" {
		t.Errorf("a quote from elsewhere: %v", e)
	}
	c = Contribution{Kind: KindComment, Section: 0, Paragraph: 0, Text: "x"}
	if err := c.Validate(draft); err != nil || c.Quote != "Erster Absatz." {
		t.Errorf("without a quote the paragraph is quoted: %q, %v", c.Quote, err)
	}
	c = Contribution{Kind: KindComment, Section: 3, Text: "x"}
	if err := c.Validate(draft); err == nil {
		t.Error("a section that does not exist")
	}
	s := Contribution{Kind: KindStatement, Text: "Passt.", Rating: 6}
	if e := teilhabe.AsError(s.Validate(draft)); e == nil || e.Fields[0].Field != "rating" {
		t.Errorf("rating 6: %v", e)
	}
	a := Answer{Verdict: VerdictPartly}
	if e := teilhabe.AsError(a.Validate()); e == nil || e.Fields[0].Field != "reason" {
		t.Errorf("an answer needs a reason: %v", e)
	}
}
