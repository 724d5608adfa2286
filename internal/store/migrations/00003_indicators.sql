-- Integration indicators: formulas over official series, modelled on the
-- Integrationsmonitoring der Länder. Values are computed when read, so they follow
-- every new import of their tables.

-- +goose Up
CREATE TABLE indicators (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    action_field TEXT NOT NULL,
    unit         TEXT NOT NULL,
    better       TEXT NOT NULL,
    definition   TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL,
    a_table      TEXT NOT NULL,
    a_series     TEXT NOT NULL,
    a_unit       TEXT NOT NULL,
    a_breakdown  TEXT NOT NULL DEFAULT '',
    b_table      TEXT NOT NULL DEFAULT '',
    b_series     TEXT NOT NULL DEFAULT '',
    b_unit       TEXT NOT NULL DEFAULT '',
    b_breakdown  TEXT NOT NULL DEFAULT '',
    factor       DOUBLE PRECISION NOT NULL DEFAULT 1,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- The starting catalogue: indicators of the Integrationsmonitoring that the
-- Regionalstatistik tables 13211-02-04-4 (unemployment), 21111-02-06-4 (school
-- leavers) and 12411-01-01-4 (population) provide by Kreis.
INSERT INTO indicators (code, name, action_field, unit, better, definition, source, kind,
    a_table, a_series, a_unit, b_table, b_series, b_unit, factor, updated_at) VALUES
('ALQ-AUSL', 'Arbeitslosenquote der Ausländerinnen und Ausländer', 'arbeit', '%', 'lower',
 'Arbeitslose Ausländerinnen und Ausländer in Prozent der abhängigen zivilen Erwerbspersonen gleicher Staatsangehörigkeit, Jahresdurchschnitt.',
 'Statistik der Bundesagentur für Arbeit; Regionaldatenbank, Tabelle 13211-02-04-4', 'value',
 '13211-02-04-4', 'Arbeitslosenquote bez. auf abhäng. Erwerbsp. | Ausländer', 'Prozent', '', '', '', 1, CURRENT_TIMESTAMP),
('ALQ-AUSL-DIFF', 'Abstand der Arbeitslosenquote der Ausländer zur Quote insgesamt', 'arbeit', 'Prozentpunkte', 'lower',
 'Arbeitslosenquote der Ausländerinnen und Ausländer minus Arbeitslosenquote aller abhängigen zivilen Erwerbspersonen.',
 'Statistik der Bundesagentur für Arbeit; Regionaldatenbank, Tabelle 13211-02-04-4', 'difference',
 '13211-02-04-4', 'Arbeitslosenquote bez. auf abhäng. Erwerbsp. | Ausländer', 'Prozent',
 '13211-02-04-4', 'Arbeitslosenquote bez. auf abhäng. Erwerbsp.', 'Prozent', 1, CURRENT_TIMESTAMP),
('AL-AUSL-ANTEIL', 'Anteil der Ausländerinnen und Ausländer an allen Arbeitslosen', 'arbeit', '%', 'neutral',
 'Arbeitslose Ausländerinnen und Ausländer in Prozent aller Arbeitslosen, Jahresdurchschnitt.',
 'Statistik der Bundesagentur für Arbeit; Regionaldatenbank, Tabelle 13211-02-04-4', 'ratio',
 '13211-02-04-4', 'Arbeitslose | Ausländer', 'Anzahl', '13211-02-04-4', 'Arbeitslose', 'Anzahl', 100, CURRENT_TIMESTAMP),
('AL-JE-1000-EW', 'Arbeitslose je 1.000 Einwohner', 'arbeit', 'je 1.000 Einwohner', 'lower',
 'Arbeitslose im Jahresdurchschnitt je 1.000 Einwohnerinnen und Einwohner am 31.12. desselben Jahres.',
 'Statistik der Bundesagentur für Arbeit; Fortschreibung des Bevölkerungsstandes; Regionaldatenbank, Tabellen 13211-02-04-4 und 12411-01-01-4', 'ratio',
 '13211-02-04-4', 'Arbeitslose', 'Anzahl', '12411-01-01-4', 'Insgesamt', 'Anzahl', 1000, CURRENT_TIMESTAMP),
('SCHULE-OHNE-HSA', 'Schulabgänger ohne Hauptschulabschluss', 'bildung', '%', 'lower',
 'Abgängerinnen und Abgänger allgemeinbildender Schulen ohne Hauptschulabschluss in Prozent aller Absolventen und Abgänger des Schuljahres.',
 'Statistik der allgemein bildenden Schulen; Regionaldatenbank, Tabelle 21111-02-06-4', 'ratio',
 '21111-02-06-4', 'Schulabschluss | ohne Hauptschulabschluss | Insgesamt', 'Anzahl',
 '21111-02-06-4', 'Schulabschluss | Insgesamt | Insgesamt', 'Anzahl', 100, CURRENT_TIMESTAMP);

-- +goose Down
DROP TABLE indicators;
