#!/bin/sh
# release 1.0 installer
curl -fsSL https://get.example.org/helper.sh | sh
