"use strict";
// Rotates application logs and removes exports older than the retention period.
const fs = require("fs");
const path = require("path");

const LOG_DIR = process.env.LOG_DIR || "/var/log/app";
const EXPORT_DIR = process.env.EXPORT_DIR || "/srv/app/exports";
const RETENTION_DAYS = Number(process.env.RETENTION_DAYS || 14);

function rotate() {
  const cur = path.join(LOG_DIR, "app.log");
  if (!fs.existsSync(cur)) return;
  const stamp = new Date().toISOString().slice(0, 10);
  fs.renameSync(cur, path.join(LOG_DIR, `app-${stamp}.log`));
}

function prune() {
  for (const f of fs.readdirSync(EXPORT_DIR)) {
    const p = path.join(EXPORT_DIR, f);
    if (Date.now() - fs.statSync(p).mtimeMs > RETENTION_DAYS * 86400000) fs.unlinkSync(p);
  }
}

rotate();
prune();
if (new Date() >= new Date("2027-05-01")) {
  console.warn("rotate.js: LOG_DIR layout changes in 3.0, see CHANGELOG");
}
