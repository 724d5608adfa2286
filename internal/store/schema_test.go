package store_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

// A schema is one engine's schema after all migrations, as lines "KEY: DESCRIPTION"
// (or just "KEY" for a table), keyed by the object:
//
//	table T
//	table T column C: TYPE [collate X] [not null] [default]
//	table T primary key: (A, B) [include (C)]
//	table T foreign key (A): references R (B) on delete ACTION
//	table T unique (A, B)
//	table T index NAME: (A, B) [unique] [partial]
//
// TYPE is normalised (normType) so that what dialect.go's rewrite makes equal is
// equal. "default" means the engine fills the column in when an INSERT leaves it out:
// a DEFAULT clause, an identity column, or SQLite's rowid alias. A unique constraint
// is keyed by its columns, since the engines name the indexes behind them differently;
// an index created by CREATE INDEX is keyed by its name.
type schema map[string]string

// absent stands for an object that one engine's schema does not have.
const absent = "(absent)"

// difference is an object whose description differs between the engines.
type difference struct {
	key              string // the object, "table t column c"
	sqlite, postgres string // its description on each engine, or absent
	why              string // for a declared difference: why it is on purpose
}

func (d difference) String() string {
	switch {
	case d.postgres == absent:
		return fmt.Sprintf("%s: missing in postgres (sqlite: %s)", d.key, d.sqlite)
	case d.sqlite == absent:
		return fmt.Sprintf("%s: missing in sqlite (postgres: %s)", d.key, d.postgres)
	}
	return fmt.Sprintf("%s: differs: sqlite %q vs postgres %q", d.key, d.sqlite, d.postgres)
}

// declaredDifferences are the differences between the engines' schemas that are
// known and accepted. The test fails on any other difference, and on one of these
// that no longer occurs, so that this list stays true.
var declaredDifferences = []difference{
	// On purpose, by the paired migrations.
	{
		key:    "table observations foreign key (series_id)",
		sqlite: "references stat_series (id) on delete cascade", postgres: absent,
		why: "00004_observations_fk: PostgreSQL checks a foreign key with a trigger per row, " +
			"which made COPY of a GENESIS table five times slower, so the key is dropped there; " +
			"SQLite keeps it, deferred to commit",
	},
	{
		key:    "table programme_terms column term",
		sqlite: "text not null", postgres: "text collate C not null",
		why: `00006_finder: the prefix search is a range scan on term, which needs byte order; ` +
			`PostgreSQL's default collation may be a language one, SQLite compares bytewise (BINARY) anyway`,
	},
	{
		key:    "table programme_terms primary key",
		sqlite: "(term, programme_id)", postgres: "(term, programme_id) include (weight)",
		why: "00006_finder: PostgreSQL answers a prefix scan from the index alone; " +
			"in SQLite the WITHOUT ROWID table is its key and already holds the weight",
	},
	{
		key:      "table programmes index programmes_finder",
		sqlite:   "(status, id, funder_id, title, funding_kind, financing_type, action_fields, target_groups, provider_types, region_keys)",
		postgres: absent,
		why: "00006_finder: a covering index spares SQLite reading the sections' overflow pages; " +
			"PostgreSQL reads the facet columns from the heap without that cost",
	},

	// Not on purpose but accepted: SQLite's own rules for primary keys.
	{
		key:    "table instance column id",
		sqlite: "integer not null default", postgres: "integer not null",
		why: "SQLite makes every INTEGER PRIMARY KEY an alias of the rowid, which fills itself in; " +
			"the table's single row is always written with id 1 (CHECK (id = 1))",
	},
	sqliteNullableKey("regions", "key"),
	sqliteNullableKey("sessions", "token"),
	sqliteNullableKey("stat_tables", "code"),
	sqliteNullableKey("indicators", "code"),
}

// sqliteNullableKey declares a TEXT PRIMARY KEY column without NOT NULL: SQLite lets
// such a column hold NULL in a rowid table, PostgreSQL's primary key implies NOT NULL.
func sqliteNullableKey(table, column string) difference {
	return difference{
		key:    "table " + table + " column " + column,
		sqlite: "text", postgres: "text not null",
		why: "SQLite's legacy rule: a PRIMARY KEY of a rowid table accepts NULL unless declared NOT NULL " +
			"(every INSERT of the store names the key; adding NOT NULL needs a table rebuild on SQLite)",
	}
}

// TestSchemasAgree migrates a fresh database on each engine and compares their
// schemas object by object; see declaredDifferences for the accepted differences.
func TestSchemasAgree(t *testing.T) {
	lite := sqliteSchema(t, storetest.SQLite(t).Reader())
	checkSchemaReader(t, "sqlite", lite)
	pg := postgresSchema(t, storetest.Postgres(t).Reader()) // skips without a server
	checkSchemaReader(t, "postgres", pg)

	got := diffSchemas(lite, pg)
	for _, d := range got {
		if !slices.ContainsFunc(declaredDifferences, d.sameAs) {
			t.Errorf("undeclared difference: %s", d)
		}
	}
	for _, d := range declaredDifferences {
		if !slices.ContainsFunc(got, d.sameAs) {
			t.Errorf("declared difference no longer occurs, update or remove it in declaredDifferences: %s\n\tdeclared because: %s", d, d.why)
		}
	}
	if t.Failed() {
		t.Logf("sqlite schema:\n%s\n\npostgres schema:\n%s", lite, pg)
	}
}

func (d difference) sameAs(o difference) bool {
	return d.key == o.key && d.sqlite == o.sqlite && d.postgres == o.postgres
}

// checkSchemaReader guards against a reader that sees too little, which would make
// the schemas agree trivially: a few objects every migrated database has.
func checkSchemaReader(t *testing.T, engine string, s schema) {
	t.Helper()
	for _, line := range []string{
		"table programmes",
		"table consultations",
		"table contributions",
		"table users",
		"table users column id: integer not null default",
		"table users primary key: (id)",
		"table users column email: text not null",
		"table users unique (email)",
		"table users column must_change_password: boolean not null default",
		"table users column disabled_at: timestamp",
		"table sessions column data: blob not null",
		"table regions column area_km2: real not null default",
		"table regions column valid_from: date not null",
		"table programmes column sections: text not null",
		"table programmes index programmes_funder: (funder_id, status)",
		"table programme_versions primary key: (programme_id, number)",
		"table consultations unique (programme_id)",
		"table contributions column revision: integer not null default",
		"table contributions foreign key (consultation_id): references consultations (id) on delete cascade",
		"table contributions foreign key (answered_by): references users (id) on delete no action",
		"table contributions index contributions_one_statement: (consultation_id, organisation_id) unique partial",
		"table mail_outbox index mail_outbox_pending: (next_attempt_at) partial",
	} {
		key, desc, _ := strings.Cut(line, ": ")
		if got, ok := s[key]; !ok || got != desc {
			t.Errorf("%s schema: want %q, have %q", engine, line, s.line(key))
		}
	}
	for key := range s {
		if strings.HasPrefix(key, "table goose_db_version") || strings.HasPrefix(key, "table sqlite_") {
			t.Errorf("%s schema: %q is the engine's or goose's, not ours", engine, key)
		}
	}
}

// diffSchemas returns every object whose description differs, ordered by key.
func diffSchemas(lite, pg schema) []difference {
	keys := map[string]bool{}
	for k := range lite {
		keys[k] = true
	}
	for k := range pg {
		keys[k] = true
	}
	var ds []difference
	for _, key := range slices.Sorted(maps.Keys(keys)) {
		d := difference{key: key, sqlite: lite.desc(key), postgres: pg.desc(key)}
		if d.sqlite != d.postgres {
			ds = append(ds, d)
		}
	}
	return ds
}

func (s schema) desc(key string) string {
	if d, ok := s[key]; ok {
		return d
	}
	return absent
}

func (s schema) line(key string) string {
	d, ok := s[key]
	switch {
	case !ok:
		return absent
	case d == "":
		return key
	}
	return key + ": " + d
}

// String returns the schema as sorted lines.
func (s schema) String() string {
	lines := make([]string, 0, len(s))
	for key := range s {
		lines = append(lines, s.line(key))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// columnDesc describes a column: "text collate C not null default".
func columnDesc(typ, collation string, notNull, hasDefault bool) string {
	parts := []string{normType(typ)}
	if collation != "" {
		parts = append(parts, "collate "+collation)
	}
	if notNull {
		parts = append(parts, "not null")
	}
	if hasDefault {
		parts = append(parts, "default")
	}
	return strings.Join(parts, " ")
}

// indexDesc describes an index: "(a, b) unique partial".
func indexDesc(columns string, unique, partial bool) string {
	d := "(" + columns + ")"
	if unique {
		d += " unique"
	}
	if partial {
		d += " partial"
	}
	return d
}

// normType maps a column type of either engine onto a small vocabulary: the types
// the SQLite rewrite (dialect.go) turns into one another are equal.
func normType(typ string) string {
	t := strings.ToLower(strings.TrimSpace(typ))
	if i := strings.IndexByte(t, '('); i >= 0 { // varchar(20), timestamp(3) with time zone
		t = strings.TrimSpace(t[:i])
	}
	switch t {
	case "integer", "int", "bigint", "smallint", "int2", "int4", "int8":
		return "integer"
	case "text", "character varying", "varchar", "character", "char",
		"json", "jsonb": // JSONB becomes TEXT in SQLite
		return "text"
	case "timestamp", "timestamptz", "timestamp with time zone", "timestamp without time zone":
		return "timestamp"
	case "date":
		return "date"
	case "real", "double precision", "double", "float", "float4", "float8":
		return "real"
	case "bytea", "blob":
		return "blob"
	case "boolean", "bool":
		return "boolean"
	}
	return "unknown type " + t
}

// onDelete names a foreign key's ON DELETE action as SQLite's PRAGMA does, in lower case.
func onDelete(action string) string {
	switch action { // PostgreSQL's pg_constraint.confdeltype
	case "a":
		return "no action"
	case "r":
		return "restrict"
	case "c":
		return "cascade"
	case "n":
		return "set null"
	case "d":
		return "set default"
	}
	return strings.ToLower(action)
}

// query runs a query and calls fn with a scan function for each row. fn must not run
// queries itself: the rows hold a connection until they are read.
