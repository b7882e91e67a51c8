// bench/peers.js - the jobs of make bench as DuckDB and Polars do them,
// from Node.js: node bench/peers.js TOOL JOB IN OUT [THREADS]
//   TOOL duckdb | polars; JOB
//   stats     per-group mean and median of value by subject;
//   panel     per subject and day (the first 10 characters of ts) of a band
//             log: wear_minutes (rows worn), steps (sum), active_minutes
//             (rows with steps > 0);
//   validate  (DuckDB) a band log read with its types, every cell checked
//             as its Table Schema says (required, pattern, minimum, maximum)
//             and the primary key (subject_id, ts) for repeats: writes
//             rows,bad,repeated;
//   read      a vendor export read with its types, its rows counted;
//   version   print the peer's version (no IN or OUT).
// Each writes its answer as CSV to OUT, which the bench checks against
// ssp's before anything is timed. The modules come from the folder the
// bench installs them into (NODE_PATH).
'use strict';
const [tool, job, input, out, threads = '2'] = process.argv.slice(2);

async function duckdb() {
  const { DuckDBInstance } = require('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:', { threads });
  const c = await db.connect();
  const q = (s) => s.replace(/'/g, "''");
  if (job === 'version') {
    const r = await c.runAndReadAll('SELECT version()');
    console.log(`DuckDB ${r.getRows()[0][0]}`);
    return;
  }
  const band = `read_csv('${q(input)}', header = true, auto_detect = false,
    nullstr = ['', 'NA'], columns = {'subject_id': 'VARCHAR', 'ts': 'VARCHAR',
    'steps': 'INTEGER', 'heart_rate': 'INTEGER', 'worn': 'BOOLEAN'})`;
  const sql = {
    stats: `SELECT subject, avg(value) AS mean, median(value) AS median
      FROM read_csv('${q(input)}', header = true, columns = {'subject': 'VARCHAR',
      'region': 'VARCHAR', 'value': 'DOUBLE'}) GROUP BY subject`,
    panel: `SELECT subject_id, substr(ts, 1, 10) AS date,
      count(*) FILTER (WHERE worn) AS wear_minutes, sum(steps) AS steps,
      count(*) FILTER (WHERE steps > 0) AS active_minutes
      FROM ${band} GROUP BY subject_id, date`,
    validate: `SELECT sum(n) AS rows, sum(bad) AS bad, sum(n) - count(*) AS repeated
      FROM (SELECT subject_id, ts, count(*) AS n, count(*) FILTER (WHERE
        subject_id IS NULL OR NOT regexp_full_match(subject_id, '[A-Za-z0-9_-]{1,64}')
        OR ts IS NULL OR ts < TIMESTAMPTZ '2024-01-01 00:00:00+09'
        OR steps < 0 OR steps > 300 OR heart_rate < 20 OR heart_rate > 250
        OR worn IS NULL) AS bad
      FROM read_csv('${q(input)}', header = true, auto_detect = false,
        nullstr = ['', 'NA'], columns = {'subject_id': 'VARCHAR',
        'ts': 'TIMESTAMPTZ', 'steps': 'INTEGER', 'heart_rate': 'INTEGER',
        'worn': 'BOOLEAN'}) GROUP BY subject_id, ts)`,
    read: `SELECT count(*) AS rows FROM read_csv('${q(input)}', header = true)`,
  }[job];
  if (!sql) throw new Error(`unknown job ${job}`);
  await c.run(`COPY (${sql}) TO '${q(out)}' (HEADER, DELIMITER ',')`);
}

function polars() {
  process.env.POLARS_MAX_THREADS = threads;
  const pl = require('nodejs-polars');
  if (job === 'version') {
    console.log(`Polars ${require('nodejs-polars/package.json').version}`);
    return;
  }
  if (job === 'stats') {
    const df = pl.scanCSV(input, { schema: { subject: pl.Utf8, region: pl.Utf8, value: pl.Float64 } })
      .groupBy('subject')
      .agg(pl.col('value').mean().alias('mean'), pl.col('value').median().alias('median'))
      .collectSync();
    df.writeCSV(out);
  } else if (job === 'panel') {
    const df = pl.scanCSV(input, { nullValues: ['', 'NA'], schema: { subject_id: pl.Utf8,
        ts: pl.Utf8, steps: pl.Int64, heart_rate: pl.Int64, worn: pl.Bool } })
      .withColumns(pl.col('ts').str.slice(0, 10).alias('date'))
      .groupBy(['subject_id', 'date'])
      .agg(pl.col('worn').cast(pl.Int64).sum().alias('wear_minutes'),
        pl.col('steps').sum().alias('steps'),
        pl.col('steps').gt(0).cast(pl.Int64).sum().alias('active_minutes'))
      .collectSync();
    df.writeCSV(out);
  } else throw new Error(`unknown job ${job}`);
}

(async () => {
  if (tool === 'duckdb') await duckdb();
  else if (tool === 'polars') polars();
  else throw new Error(`unknown tool ${tool}`);
})().catch((e) => { console.error(`peers.js: ${tool} ${job}: ${e.message}`); process.exit(1); });
