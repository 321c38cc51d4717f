"use strict";
const express = require("express");
const { execFile } = require("child_process");
const dns = require("dns").promises;

const router = express.Router();

router.get("/lookup", async (req, res) => {
  const name = String(req.query.name || "");
  if (!/^[a-z0-9.-]{1,253}$/i.test(name)) return res.status(400).send("bad name");
  try {
    const addrs = await dns.resolve4(name);
    res.json({ name, addrs });
  } catch (e) {
    res.status(404).json({ name, error: e.code });
  }
});

router.get("/whois", (req, res) => {
  const domain = String(req.query.domain || "");
  if (!/^[a-z0-9.-]{1,253}$/i.test(domain)) return res.status(400).send("bad domain");
  execFile("/usr/bin/whois", [domain], { timeout: 10000 }, (err, out) => {
    res.type("text").send(err ? err.message : out);
  });
});

module.exports = router;
