'use strict';
// Status page for the build farm: shows queue length and lets operators
// look up a worker by name.
const express = require('express');
const { exec, execFile } = require('child_process');

const app = express();
const WORKERS = ['w01', 'w02', 'w03', 'w04'];

function queueLength(cb) {
  execFile('/usr/local/bin/farmctl', ['queue', '--count'], (err, out) => {
    cb(err ? -1 : parseInt(out, 10));
  });
}

app.get('/status', (req, res) => {
  queueLength((n) => res.json({ queue: n, workers: WORKERS.length }));
});

app.get('/worker', (req, res) => {
  const name = String(req.query.name || '');
  const opts = req.query.opts || '--short';
  exec(`/usr/local/bin/farmctl worker ${name} ${opts}`, (err, out) => {
    if (err) {
      res.status(404).send('no such worker');
      return;
    }
    res.type('text').send(out);
  });
});

app.listen(8088, '127.0.0.1');
