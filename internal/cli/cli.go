// Package cli implements the teilhabe subcommands. Each command parses its own flags,
// and every command accepts --db (or TEILHABE_DB).
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Version is set at build time with -ldflags "-X github.com/teilhabe/teilhabe/internal/cli.Version=…".
var Version = "dev"

type env struct {
	stdout, stderr io.Writer
}

type command struct {
	name, usage, summary string
	run                  func(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "serve [--addr 127.0.0.1:8080] [--demo]", "Webserver starten (Migrationen laufen vorher)", runServe},
		{"migrate", "migrate", "Datenbankschema aktualisieren", runMigrate},
		{"demo", "demo", "Demo-Szenario in eine neue oder Demo-Datenbank laden", runDemo},
		{"import", "import regions DATEI [--date JJJJ-MM-TT]", "Gemeindeverzeichnis importieren", runImport},
		{"import", "import genesis [--replace-table] DATEI…", "GENESIS-/Regionalstatistik-Tabellen (CSV) importieren", runImport},
		{"export", "export observations [--table CODE] [--region KEY] --format csv|json", "Beobachtungen im Langformat ausgeben", runExport},
		{"user", "user add|list|disable|enable|reset-password …", "Benutzerkonten verwalten", runUser},
		{"token", "token add --email E --name N", "API-Token für ein Konto anlegen (wird einmal ausgegeben)", runToken},
		{"backup", "backup DATEI", "Online-Sicherung der SQLite-Datenbank schreiben", runBackup},
		{"version", "version", "Version ausgeben", func(_ context.Context, e env, _ []string) error {
			fmt.Fprintln(e.stdout, "teilhabe", Version)
			return nil
		}},
	}
}

// Main runs the command line and returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	e := env{stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		// (import appears twice in the list, for its two forms; the first runs both.)
		// Commands print their results themselves; logs show only warnings and errors
		// (serve turns request logging on).
		setupLogging(stderr, slog.LevelWarn)
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		err := c.run(ctx, e, args[1:])
		if err == nil {
			return 0
		}
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		printError(stderr, err)
		return 1
	}
	fmt.Fprintf(stderr, "teilhabe: unbekannter Befehl %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "Teilhabe %s – Planung, Förderung und Monitoring kommunaler Integrationsarbeit\n\nBefehle:\n", Version)
	for _, c := range commands() {
		fmt.Fprintf(w, "  teilhabe %-48s %s\n", c.usage, c.summary)
	}
	fmt.Fprintf(w, "\nJeder Befehl nimmt --db URL (oder TEILHABE_DB); Standard: %s. postgres://… wählt PostgreSQL.\n", store.DefaultURL)
}

// printError shows a domain error's message with its field errors, in German (the
// command line speaks the UI's default language), and any other error as it is:
// whoever runs the command line also reads the logs.
func printError(w io.Writer, err error) {
	if e := teilhabe.AsError(err); e != nil {
		l := germanMessages()
		msg, fields := l.Error(e)
		fmt.Fprintf(w, "Fehler: %s\n", msg)
		for _, f := range fields {
			if f.Message != msg {
				fmt.Fprintf(w, "  %s: %s\n", f.Field, f.Message)
			}
		}
		return
	}
	fmt.Fprintf(w, "Fehler: %v\n", err)
}

// germanMessages is the German catalogue; the embedded catalogues are checked by the
// tests, so a failure to parse them is a broken build.
func germanMessages() *i18n.Localizer {
	b, err := i18n.New()
	if err != nil {
		panic(err)
	}
	return b.For("de")
}

// flags returns a flag set with --db for a command.
func flags(name string, e env) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("teilhabe "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	def := os.Getenv("TEILHABE_DB")
	if def == "" {
		def = store.DefaultURL
	}
	db := fs.String("db", def, "Datenbank: sqlite:DATEI oder postgres://… (Umgebung TEILHABE_DB)")
	return fs, db
}

// openDB opens and migrates the database, and marks a new one as a production
// database unless the caller loads the demo.
func openDB(ctx context.Context, url string, claim store.InstanceKind) (*store.DB, error) {
	db, err := store.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if claim != "" {
		if _, err := db.ClaimInstance(ctx, claim); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

func setupLogging(w io.Writer, level slog.Level) {
	slog.SetDefault(slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})))
}

// parseInterleaved parses flags that may come before or after positional arguments,
// so that "import regions FILE --date X" and "import regions --date X FILE" both work.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
