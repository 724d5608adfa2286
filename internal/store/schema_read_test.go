package store_test

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
)

func query(t *testing.T, db *sql.DB, q string, fn func(scan func(dest ...any)), args ...any) {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	for rows.Next() {
		fn(func(dest ...any) {
			if err := rows.Scan(dest...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		})
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// sqliteSchema reads a SQLite schema through its PRAGMA functions.
func sqliteSchema(t *testing.T, db *sql.DB) schema {
	t.Helper()
	s := schema{}
	var tables []string
	query(t, db, `SELECT name FROM sqlite_master
		WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name <> 'goose_db_version'`,
		func(scan func(...any)) {
			var name string
			scan(&name)
			tables = append(tables, name)
		})
	for _, table := range tables {
		s["table "+table] = ""
		sqliteColumns(t, db, s, table)
		sqliteIndexes(t, db, s, table)
		sqliteForeignKeys(t, db, s, table)
	}
	return s
}

func sqliteColumns(t *testing.T, db *sql.DB, s schema, table string) {
	t.Helper()
	var withoutRowid bool
	query(t, db, `SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = $1`,
		func(scan func(...any)) { scan(&withoutRowid) }, table)
	type column struct {
		name, typ  string
		notNull    bool
		hasDefault bool
		pk         int // position in the primary key, from 1; 0 if not in it
	}
	var cols []column
	query(t, db, `SELECT name, type, "notnull", dflt_value IS NOT NULL, pk FROM pragma_table_info($1)`,
		func(scan func(...any)) {
			var c column
			scan(&c.name, &c.typ, &c.notNull, &c.hasDefault, &c.pk)
			cols = append(cols, c)
		}, table)

	var pk []string
	for _, c := range slices.SortedFunc(slices.Values(cols), func(a, b column) int { return a.pk - b.pk }) {
		if c.pk > 0 {
			pk = append(pk, c.name)
		}
	}
	if len(pk) > 0 {
		s["table "+table+" primary key"] = "(" + strings.Join(pk, ", ") + ")"
	}
	for _, c := range cols {
		// The PRAGMA reports what was declared; SQLite also refuses NULL in the key of
		// a WITHOUT ROWID table, and fills in its rowid alias (a sole INTEGER key).
		rowidAlias := !withoutRowid && len(pk) == 1 && c.pk == 1 && strings.EqualFold(c.typ, "INTEGER")
		notNull := c.notNull || rowidAlias || (withoutRowid && c.pk > 0)
		s["table "+table+" column "+c.name] = columnDesc(c.typ, "", notNull, c.hasDefault || rowidAlias)
	}
}

func sqliteIndexes(t *testing.T, db *sql.DB, s schema, table string) {
	t.Helper()
	type index struct {
		name, origin    string
		unique, partial bool
	}
	var idxs []index
	query(t, db, `SELECT name, origin, "unique", partial FROM pragma_index_list($1)`,
		func(scan func(...any)) {
			var i index
			scan(&i.name, &i.origin, &i.unique, &i.partial)
			idxs = append(idxs, i)
		}, table)
	for _, i := range idxs {
		var cols []string
		query(t, db, `SELECT coalesce(name, '<expression>') FROM pragma_index_info($1) ORDER BY seqno`,
			func(scan func(...any)) {
				var c string
				scan(&c)
				cols = append(cols, c)
			}, i.name)
		columns := strings.Join(cols, ", ")
		switch i.origin {
		case "pk": // read from table_info
		case "u":
			s["table "+table+" unique ("+columns+")"] = ""
		default:
			s["table "+table+" index "+i.name] = indexDesc(columns, i.unique, i.partial)
		}
	}
}

func sqliteForeignKeys(t *testing.T, db *sql.DB, s schema, table string) {
	t.Helper()
	type fk struct {
		parent, action string
		from, to       []string
	}
	var fks []*fk
	query(t, db, `SELECT id, "table", "from", coalesce("to", ''), on_delete
		FROM pragma_foreign_key_list($1) ORDER BY id, seq`,
		func(scan func(...any)) {
			var id int
			var parent, from, to, action string
			scan(&id, &parent, &from, &to, &action)
			if id >= len(fks) {
				fks = append(fks, &fk{parent: parent, action: action})
			}
			f := fks[len(fks)-1]
			f.from, f.to = append(f.from, from), append(f.to, to)
		}, table)
	for _, f := range fks {
		to := strings.Join(f.to, ", ")
		if to == "" { // REFERENCES parent without columns: its primary key
			var pk []string
			query(t, db, `SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk`,
				func(scan func(...any)) {
					var c string
					scan(&c)
					pk = append(pk, c)
				}, f.parent)
			to = strings.Join(pk, ", ")
		}
		s["table "+table+" foreign key ("+strings.Join(f.from, ", ")+")"] =
			"references " + f.parent + " (" + to + ") on delete " + onDelete(f.action)
	}
}

// postgresSchema reads the PostgreSQL schema of the connection's search path
// (current_schema()) through information_schema and pg_catalog.
func postgresSchema(t *testing.T, db *sql.DB) schema {
	t.Helper()
	s := schema{}
	query(t, db, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'goose_db_version'`,
		func(scan func(...any)) {
			var table string
			scan(&table)
			s["table "+table] = ""
		})

	query(t, db, `SELECT table_name, column_name, data_type, coalesce(collation_name, ''),
			is_nullable = 'NO', column_default IS NOT NULL OR is_identity = 'YES'
		FROM information_schema.columns WHERE table_schema = current_schema()`,
		func(scan func(...any)) {
			var table, column, typ, collation string
			var notNull, hasDefault bool
			scan(&table, &column, &typ, &collation, &notNull, &hasDefault)
			if _, ok := s["table "+table]; ok { // not a view, not goose's
				s["table "+table+" column "+column] = columnDesc(typ, collation, notNull, hasDefault)
			}
		})

	// Every index, with the primary key or unique constraint it backs if any; the
	// columns after indnkeyatts are INCLUDE columns.
	query(t, db, `SELECT t.relname, x.relname, coalesce(c.contype, ''), i.indisunique, i.indpred IS NOT NULL,
			(SELECT string_agg(coalesce(a.attname, '<expression>'), ', ' ORDER BY k.n)
				FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k (attnum, n)
				LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
				WHERE k.n <= i.indnkeyatts),
			coalesce((SELECT string_agg(a.attname, ', ' ORDER BY k.n)
				FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k (attnum, n)
				JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
				WHERE k.n > i.indnkeyatts), '')
		FROM pg_index i
		JOIN pg_class t ON t.oid = i.indrelid
		JOIN pg_class x ON x.oid = i.indexrelid
		LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u')
		WHERE t.relnamespace = current_schema()::regnamespace AND t.relkind = 'r' AND t.relname <> 'goose_db_version'`,
		func(scan func(...any)) {
			var table, name, constraint, columns, include string
			var unique, partial bool
			scan(&table, &name, &constraint, &unique, &partial, &columns, &include)
			switch constraint {
			case "p":
				desc := "(" + columns + ")"
				if include != "" {
					desc += " include (" + include + ")"
				}
				s["table "+table+" primary key"] = desc
			case "u":
				s["table "+table+" unique ("+columns+")"] = ""
			default:
				s["table "+table+" index "+name] = indexDesc(columns, unique, partial)
			}
		})

	query(t, db, `SELECT t.relname, r.relname, c.confdeltype,
			(SELECT string_agg(a.attname, ', ' ORDER BY k.n)
				FROM unnest(c.conkey) WITH ORDINALITY AS k (attnum, n)
				JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum),
			(SELECT string_agg(a.attname, ', ' ORDER BY k.n)
				FROM unnest(c.confkey) WITH ORDINALITY AS k (attnum, n)
				JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum)
		FROM pg_constraint c
		JOIN pg_class t ON t.oid = c.conrelid
		JOIN pg_class r ON r.oid = c.confrelid
		WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace`,
		func(scan func(...any)) {
			var table, parent, action, from, to string
			scan(&table, &parent, &action, &from, &to)
			s["table "+table+" foreign key ("+from+")"] = "references " + parent + " (" + to + ") on delete " + onDelete(action)
		})
	return s
}
