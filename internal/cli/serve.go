package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/teilhabe/teilhabe/internal/clamav"
	"github.com/teilhabe/teilhabe/internal/demo"
	"github.com/teilhabe/teilhabe/internal/server"
	"github.com/teilhabe/teilhabe/internal/store"
)

// DemoURL is the database serve --demo uses unless --db or TEILHABE_DB names another.
const DemoURL = "sqlite:teilhabe-demo.db"

func runServe(ctx context.Context, e env, args []string) error {
	start := time.Now()
	fs, dbURL := flags("serve", e)
	addr := fs.String("addr", envOr("TEILHABE_ADDR", "127.0.0.1:8080"), "Adresse, an der der Server lauscht (Umgebung TEILHABE_ADDR)")
	withDemo := fs.Bool("demo", false, "Demo-Datenbank anlegen oder wiederverwenden und die Demo-Zugänge ausgeben")
	secure := fs.Bool("secure-cookies", true, "Cookies nur über HTTPS senden (für eine lokale Demo über HTTP: --secure-cookies=false; --demo schaltet es aus)")
	hsts := fs.Bool("hsts", false, "Strict-Transport-Security senden (nur hinter TLS)")
	logLevel := fs.String("log-level", "info", "debug, info, warn oder error")
	clamd := fs.String("clamd", envOr("TEILHABE_CLAMD", ""), "clamd, der jede hochgeladene Anlage auf Viren prüft: tcp:HOST:PORT, unix:/PFAD oder HOST:PORT (Umgebung TEILHABE_CLAMD); leer: keine Prüfung")
	mail := addMailFlags(fs)
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	setupLogging(e.stderr, level)
	explicit := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })
	if *withDemo {
		if !explicit["db"] && os.Getenv("TEILHABE_DB") == "" {
			*dbURL = DemoURL
		}
		if !explicit["secure-cookies"] {
			*secure = false
		}
	}
	// A malformed --clamd fails before anything is opened; an unreachable clamd is
	// no reason not to start: each upload is refused until it answers, and says so.
	opts := server.Options{Version: Version, SecureCookies: *secure, HSTS: *hsts, Demo: *withDemo}
	if *clamd != "" {
		scanner, err := clamav.New(*clamd)
		if err != nil {
			return fmt.Errorf("--clamd: %w", err)
		}
		if err := scanner.Ping(ctx); err != nil {
			slog.Warn("clamd does not answer; uploads are refused until it does", "clamd", scanner.String(), "err", err)
		}
		opts.Scanner = scanner
	}
	claim := store.InstanceProduction
	if *withDemo {
		claim = ""
	}
	db, err := openDB(ctx, *dbURL, claim)
	if err != nil {
		return err
	}
	defer db.Close()
	stopMail, err := mail.start(ctx, db, *addr)
	if err != nil {
		return err
	}
	defer stopMail()
	if *withDemo {
		logins, err := demo.Load(ctx, db)
		if err != nil {
			return err
		}
		printLogins(e, logins)
	}
	srv, err := server.New(db, opts)
	if err != nil {
		return err
	}
	return srv.ListenAndServe(ctx, *addr, func(a net.Addr) {
		slog.Info("listening", "addr", a.String(), "db", db.URL(), "version", Version, "startup_ms", time.Since(start).Milliseconds())
		fmt.Fprintf(e.stdout, "Teilhabe läuft auf http://%s/ (Datenbank %s). Beenden mit Strg+C.\n", a.String(), db.URL())
	})
}

func printLogins(e env, logins []demo.Login) {
	fmt.Fprintf(e.stdout, "Demo-Zugänge (Passwort für alle: %s):\n", demo.Password)
	for _, l := range logins {
		fmt.Fprintf(e.stdout, "  %-48s %-16s %s\n", l.Email, l.Role, l.Organisation)
	}
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
