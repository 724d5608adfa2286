// Package web is the HTML user interface: German by default, English switchable,
// KERN UX look, usable without JavaScript and enhanced by htmx.
package web

import (
	"context"
	"embed"
	"io/fs"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
)

//go:embed static
var staticFiles embed.FS

// Static returns the embedded static files (CSS, fonts, htmx).
func Static() fs.FS {
	sub, _ := fs.Sub(staticFiles, "static")
	return sub
}

// Store is what the web UI needs from storage; *store.DB implements it.
type Store interface {
	FindRegions(ctx context.Context, f regions.Filter) ([]regions.Region, int, error)
	Region(ctx context.Context, key string) (regions.Region, error)
	RegionAncestors(ctx context.Context, key string) ([]regions.Region, error)
	Organisations(ctx context.Context, f store.OrganisationFilter) ([]accounts.Organisation, error)
	Organisation(ctx context.Context, id int64) (accounts.Organisation, error)
	CreateOrganisation(ctx context.Context, o *accounts.Organisation) error
	UpdateOrganisation(ctx context.Context, o *accounts.Organisation) error
	OrganisationMembers(ctx context.Context, orgID int64) ([]accounts.Membership, []accounts.User, error)
	Users(ctx context.Context) ([]accounts.User, error)
	User(ctx context.Context, id int64) (accounts.User, error)
	CreateUser(ctx context.Context, n accounts.NewUser, mustChange bool, members ...accounts.Membership) (accounts.User, error)
	Memberships(ctx context.Context, userID int64) ([]accounts.Membership, error)
	AddMembership(ctx context.Context, m accounts.Membership) error
	RemoveMembership(ctx context.Context, id int64) error
	SetUserDisabled(ctx context.Context, id int64, disabled bool) error
	SetPassword(ctx context.Context, id int64, password string, mustChange bool) error
	Authenticate(ctx context.Context, email, password string) (accounts.User, error)
	RecordLoginFailure(ctx context.Context, email, ip string) error
	LoginFailures(ctx context.Context, email, ip string, since time.Time) (int, int, error)
	ClearLoginFailures(ctx context.Context, email string) error
	APITokens(ctx context.Context, userID int64) ([]accounts.APIToken, error)
	CreateAPIToken(ctx context.Context, userID int64, name string) (accounts.APIToken, string, error)
	RevokeAPIToken(ctx context.Context, userID, tokenID int64) error
	AuditEvents(ctx context.Context, f store.AuditFilter) ([]store.AuditEvent, error)
	ImportTables(ctx context.Context, files []store.TableFile) ([]store.TableImport, []monitoring.Summary, error)
	StatTables(ctx context.Context) ([]store.StatTable, error)
	StatSeries(ctx context.Context) ([]store.SeriesInfo, error)
	Indicators(ctx context.Context) ([]monitoring.Indicator, error)
	SaveIndicator(ctx context.Context, ind *monitoring.Indicator) error
	Indicator(ctx context.Context, code string) (monitoring.Indicator, error)
	IndicatorValues(ctx context.Context, ind monitoring.Indicator, f store.IndicatorFilter) ([]store.IndicatorValue, error)
	NetworkRegions(ctx context.Context) ([]string, error)
	RegionsOfKind(ctx context.Context, level regions.Level, kind string) ([]regions.Region, error)
	RegionsByKeys(ctx context.Context, keys []string) ([]regions.Region, error)

	notificationStore

	// programmes and consultations
	Programme(ctx context.Context, id int64) (programmes.Programme, error)
	ProgrammesOfFunders(ctx context.Context, funderIDs []int64) ([]programmes.Programme, error)
	CreateProgramme(ctx context.Context, p *programmes.Programme) error
	UpdateProgramme(ctx context.Context, p *programmes.Programme, note string) error
	SetProgrammeStatus(ctx context.Context, id int64, to programmes.Status) error
	DeleteProgramme(ctx context.Context, id int64) error
	ProgrammeVersions(ctx context.Context, id int64) ([]programmes.Version, error)
	SearchProgrammes(ctx context.Context, q programmes.Query) (programmes.Result, error)
	MatchProgrammes(ctx context.Context, m programmes.MatchInput) ([]programmes.Match, error)
	Consultation(ctx context.Context, programmeID int64) (*programmes.Consultation, error)
	OpenConsultation(ctx context.Context, programmeID int64, c *programmes.Consultation) error
	AddContribution(ctx context.Context, programmeID int64, c *programmes.Contribution) error
	Contributions(ctx context.Context, f store.ContributionFilter) ([]programmes.Contribution, error)
	AnswerContribution(ctx context.Context, programmeID, contributionID int64, a programmes.Answer) error
	PublishConsultationReport(ctx context.Context, programmeID int64) error
	ConsultationReport(ctx context.Context, programmeID int64) (programmes.Report, error)
	ConsultationInvitations(ctx context.Context, consultationID int64) ([]programmes.InvitedOrg, error)
	InvitedConsultations(ctx context.Context, orgIDs []int64) ([]store.InvitedConsultation, error)
}

// Web serves the HTML pages.
type Web struct {
	store    Store
	pages    *pageSet
	i18n     *i18n.Bundle
	sessions *scs.SessionManager
	demo     bool
	// Clock is the time pages show deadlines and open calls against; the server sets
	// it to the store's clock so that tests can move both together.
	Clock func() time.Time
}

func (w *Web) now() time.Time {
	if w.Clock != nil {
		return w.Clock()
	}
	return time.Now()
}

// New parses every template; a broken template fails the start, not a request.
func New(s Store, bundle *i18n.Bundle, sessions *scs.SessionManager, demo bool) (*Web, error) {
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	return &Web{store: s, pages: pages, i18n: bundle, sessions: sessions, demo: demo}, nil
}

// Routes is the web UI's route table; each route declares who may use it.
func (w *Web) Routes() []httpx.Route {
	pub, acc := accounts.ActPublic, accounts.ActAccount
	return []httpx.Route{
		{Method: "GET", Path: "/{$}", Action: pub, Handler: w.home},
		{Method: "GET", Path: "/language", Action: pub, Handler: w.language},
		{Method: "GET", Path: "/login", Action: pub, Handler: w.loginForm},
		{Method: "POST", Path: "/login", Action: pub, Handler: w.login},
		{Method: "POST", Path: "/logout", Action: pub, Handler: w.logout},
		{Method: "GET", Path: "/regions", Action: pub, Handler: w.regionList},
		{Method: "GET", Path: "/regions/{key}", Action: pub, Handler: w.regionPage},
		{Method: "GET", Path: "/organisations", Action: pub, Handler: w.organisationList},
		{Method: "GET", Path: "/organisations/{id}", Action: pub, Handler: w.organisationPage},
		{Method: "GET", Path: "/monitoring", Action: pub, Handler: w.monitoringCatalogue},
		{Method: "GET", Path: "/monitoring/{code}", Action: pub, Handler: w.monitoringIndicator},
		{Method: "GET", Path: "/monitoring/{code}/export", Action: pub, Handler: w.monitoringExport},
		{Method: "GET", Path: geoPath, Action: pub, Handler: w.kreiseGeo},
		{Method: "GET", Path: "/account", Action: acc, Handler: w.account},
		{Method: "GET", Path: "/account/password", Action: acc, Handler: w.passwordForm},
		{Method: "POST", Path: "/account/password", Action: acc, Handler: w.changePassword},
		{Method: "POST", Path: "/account/tokens", Action: acc, Handler: w.createToken},
		{Method: "POST", Path: "/account/tokens/{id}/revoke", Action: acc, Handler: w.revokeToken},
		{Method: "GET", Path: "/admin/users", Action: accounts.ActAdminUsers, Handler: w.adminUsers},
		{Method: "POST", Path: "/admin/users", Action: accounts.ActAdminUsers, Handler: w.adminCreateUser},
		{Method: "GET", Path: "/admin/users/{id}", Action: accounts.ActAdminUsers, Handler: w.adminUser},
		{Method: "POST", Path: "/admin/users/{id}/password", Action: accounts.ActAdminUsers, Handler: w.adminResetPassword},
		{Method: "POST", Path: "/admin/users/{id}/disabled", Action: accounts.ActAdminUsers, Handler: w.adminSetDisabled},
		{Method: "POST", Path: "/admin/users/{id}/memberships", Action: accounts.ActAdminUsers, Handler: w.adminAddMembership},
		{Method: "POST", Path: "/admin/users/{id}/memberships/{mid}/delete", Action: accounts.ActAdminUsers, Handler: w.adminRemoveMembership},
		{Method: "GET", Path: "/admin/organisations", Action: accounts.ActAdminOrganisations, Handler: w.adminOrganisations},
		{Method: "POST", Path: "/admin/organisations", Action: accounts.ActAdminOrganisations, Handler: w.adminCreateOrganisation},
		{Method: "GET", Path: "/admin/organisations/{id}", Action: accounts.ActAdminOrganisations, Handler: w.adminOrganisation},
		{Method: "POST", Path: "/admin/organisations/{id}", Action: accounts.ActAdminOrganisations, Handler: w.adminUpdateOrganisation},
		{Method: "GET", Path: "/admin/audit", Action: accounts.ActAdminAudit, Handler: w.adminAudit},
		{Method: "GET", Path: "/admin/statistics", Action: accounts.ActImportData, Handler: w.adminStatistics},
		{Method: "POST", Path: "/admin/statistics", Action: accounts.ActImportData, Handler: w.adminImportStatistics},
		{Method: "GET", Path: "/admin/indicators", Action: accounts.ActImportData, Handler: w.adminIndicators},
		{Method: "POST", Path: "/admin/indicators", Action: accounts.ActImportData, Handler: w.adminSaveIndicator},

		{Method: "GET", Path: "/programmes", Action: pub, Handler: w.programmeFinder},
		{Method: "GET", Path: "/programmes/match", Action: pub, Handler: w.programmeMatch},
		{Method: "GET", Path: "/programmes/mine", Action: acc, Handler: w.myProgrammes},
		{Method: "GET", Path: "/programmes/new", Action: acc, Handler: w.newProgramme},
		{Method: "POST", Path: "/programmes", Action: acc, Handler: w.createProgramme},
		{Method: "GET", Path: "/programmes/{id}", Action: pub, Handler: w.programmePage},
		{Method: "GET", Path: "/programmes/{id}/edit", Action: acc, Handler: w.editProgramme},
		{Method: "POST", Path: "/programmes/{id}", Action: acc, Handler: w.updateProgramme},
		{Method: "POST", Path: "/programmes/{id}/status", Action: acc, Handler: w.changeProgrammeStatus},
		{Method: "POST", Path: "/programmes/{id}/delete", Action: acc, Handler: w.deleteProgramme},
		{Method: "GET", Path: "/programmes/{id}/changes", Action: pub, Handler: w.programmeChanges},
		{Method: "GET", Path: "/programmes/{id}/consultation", Action: acc, Handler: w.consultationPage},
		{Method: "POST", Path: "/programmes/{id}/consultation", Action: acc, Handler: w.openConsultation},
		{Method: "POST", Path: "/programmes/{id}/consultation/contributions", Action: acc, Handler: w.contribute},
		{Method: "POST", Path: "/programmes/{id}/consultation/contributions/{cid}/answer", Action: acc, Handler: w.answerContribution},
		{Method: "POST", Path: "/programmes/{id}/consultation/report", Action: acc, Handler: w.publishReport},
		{Method: "GET", Path: "/programmes/{id}/report", Action: pub, Handler: w.consultationReport},
		{Method: "GET", Path: "/programmes/{id}/report.pdf", Action: pub, Handler: w.consultationReportPDF},
		{Method: "GET", Path: "/consultations", Action: acc, Handler: w.consultationList},
		{Method: "GET", Path: "/notifications", Action: acc, Handler: w.notificationList},
		{Method: "POST", Path: "/notifications/read", Action: acc, Handler: w.markAllNotificationsRead},
		{Method: "POST", Path: "/notifications/{id}/read", Action: acc, Handler: w.markNotificationRead},
	}
}
