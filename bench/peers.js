// bench/peers.js - the jobs of make bench as DuckDB and Polars do them,
// from Node.js: node bench/peers.js TOOL JOB IN OUT [THREADS]
//   TOOL duckdb | polars; JOB stats (per-group mean and median of value by
//   subject) | version (print the peer's version; no IN or OUT).
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
  if (job === 'stats')
    await c.run(`COPY (SELECT subject, avg(value) AS mean, median(value) AS median
      FROM read_csv('${q(input)}', header = true, columns = {'subject': 'VARCHAR',
      'region': 'VARCHAR', 'value': 'DOUBLE'}) GROUP BY subject)
      TO '${q(out)}' (HEADER, DELIMITER ',')`);
  else throw new Error(`unknown job ${job}`);
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
  } else throw new Error(`unknown job ${job}`);
}

(async () => {
  if (tool === 'duckdb') await duckdb();
  else if (tool === 'polars') polars();
  else throw new Error(`unknown tool ${tool}`);
})().catch((e) => { console.error(`peers.js: ${tool} ${job}: ${e.message}`); process.exit(1); });
