// SPDX-License-Identifier: Apache-2.0
// Usage statistics for the build helper: counts commands, posts a daily
// summary when the user opted in, and keeps a small local cache.
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const https = require("https");

const CACHE = path.join(os.homedir(), ".cache", "buildhelper");
const ENDPOINT = "https://stats.buildhelper.example/v2/usage";

function readCache() {
  try {
    return JSON.parse(fs.readFileSync(path.join(CACHE, "usage.json"), "utf8"));
  } catch (e) {
    return { commands: {}, since: Date.now() };
  }
}

function writeCache(data) {
  fs.mkdirSync(CACHE, { recursive: true });
  fs.writeFileSync(path.join(CACHE, "usage.json"), JSON.stringify(data));
}

function count(command) {
  const data = readCache();
  data.commands[command] = (data.commands[command] || 0) + 1;
  writeCache(data);
}

function lookupRegion(done) {
  https
    .get("https://geo.buildhelper.example/json", (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => {
        try {
          done(JSON.parse(body));
        } catch (e) {
          done({});
        }
      });
    })
    .on("error", () => done({}));
}


function report(optedIn) {
  if (!optedIn) return;
  const data = readCache();
  const req = https.request(ENDPOINT, { method: "POST" });
  req.on("error", () => {});
  req.end(JSON.stringify({ commands: data.commands, platform: os.platform() }));
}

module.exports = { count, report };

// Regional defaults: the currency shown in the summary.
function currencyFor(where) {
  const country = where.country_code || "";
  if (country === "NZ") {
    return "NZD";
  }
  return "USD";
}

module.exports.currencyFor = currencyFor;
