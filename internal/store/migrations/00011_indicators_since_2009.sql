-- The catalogue gains the foreigners' unemployment rate and its gap to the overall
-- rate from table 13211-02-05-4 (annual averages since 2009, Kreise and up), so that
-- the years before and after the pandemic stand side by side. The rates of that table
-- refer to all civilian labour force (the 2008 table 13211-02-04-4 to dependent
-- civilian labour force only), so they are indicators of their own.

-- +goose Up
INSERT INTO indicators (code, name, action_field, unit, better, definition, source, kind,
    a_table, a_series, a_unit, b_table, b_series, b_unit, factor, updated_at) VALUES
('ALQ-AUSL-ZIV', 'Arbeitslosenquote der Ausländerinnen und Ausländer (alle zivilen Erwerbspersonen)', 'arbeit', '%', 'lower',
 'Arbeitslose Ausländerinnen und Ausländer in Prozent aller zivilen Erwerbspersonen gleicher Staatsangehörigkeit, Jahresdurchschnitt.',
 'Statistik der Bundesagentur für Arbeit; Regionaldatenbank, Tabelle 13211-02-05-4', 'value',
 '13211-02-05-4', 'Arbeitslosenquote bez. auf alle zivile Erwerbsp. | Ausländer', 'Prozent', '', '', '', 1, CURRENT_TIMESTAMP),
('ALQ-AUSL-ZIV-DIFF', 'Abstand der Arbeitslosenquote der Ausländer zur Quote insgesamt (alle zivilen Erwerbspersonen)', 'arbeit', 'Prozentpunkte', 'lower',
 'Arbeitslosenquote der Ausländerinnen und Ausländer minus Arbeitslosenquote aller zivilen Erwerbspersonen, Jahresdurchschnitt.',
 'Statistik der Bundesagentur für Arbeit; Regionaldatenbank, Tabelle 13211-02-05-4', 'difference',
 '13211-02-05-4', 'Arbeitslosenquote bez. auf alle zivile Erwerbsp. | Ausländer', 'Prozent',
 '13211-02-05-4', 'Arbeitslosenquote bez. auf alle zivile Erwerbsp.', 'Prozent', 1, CURRENT_TIMESTAMP)
ON CONFLICT (code) DO NOTHING;

-- +goose Down
DELETE FROM indicators WHERE code IN ('ALQ-AUSL-ZIV', 'ALQ-AUSL-ZIV-DIFF');
