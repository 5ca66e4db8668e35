// Writes the json-server database for scripts/bench-server.sh: 20,000 observations, the same
// records `cairn-server --seed-bench` creates, so both servers read and grow the same data set.
//
// Record i (0-based): period 2000-01 plus floor(i / 50) months, partner P01..P50 by i % 50.
// That fills 2000-01..2033-04; the write workloads start at 2100-01 so they never overwrite it.
//
// Usage: node bench/make-json-db.mjs <output db.json>
import { writeFileSync } from "node:fs";

const out = process.argv[2];
if (!out) {
  console.error("usage: node bench/make-json-db.mjs <output db.json>");
  process.exit(2);
}

const RECORDS = 20_000;
const PARTNERS = 50;
const two = (n) => String(n).padStart(2, "0");
// Month arithmetic on a 0-based month count keeps year roll-over in one place.
const month = (m) => `${2000 + Math.floor(m / 12)}-${two((m % 12) + 1)}`;

const observations = [];
for (let i = 0; i < RECORDS; i++) {
  observations.push({
    id: i + 1,
    measure: "W1",
    period: month(Math.floor(i / PARTNERS)),
    partner: "P" + two((i % PARTNERS) + 1),
    value: i % 1000,
  });
}

// Indented as json-server itself rewrites it, so the first write does not suddenly change the
// file size the remaining writes pay for.
writeFileSync(out, JSON.stringify({ observations }, null, 2) + "\n");
