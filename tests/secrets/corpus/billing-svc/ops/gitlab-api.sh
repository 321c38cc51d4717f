#!/bin/sh
curl -fsS -H "PRIVATE-TOKEN: glpat-iQ7caDu2fThYNIEUIE2x" https://gitlab.com/api/v4/projects
