-- Each instance of a distributed load stores its load generator's health
-- when it finishes (JSON: problems, starved, summary; gate/generator-judgement.ts),
-- so that the merged thresholds are judged with every instance's: a
-- threshold one starved instance can explain is inconclusive (ERROR naming
-- that instance's generator), not the system's failure (issue 13, item 8).
-- NULL for instances written before this migration, or that never finished.

ALTER TABLE load_instances ADD COLUMN generator TEXT;
