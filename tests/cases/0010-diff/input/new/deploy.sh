#!/bin/sh
# release 1.1: same download, moved down one line
# release 1.0 installer
curl -fsSL https://get.example.org/helper.sh | sh
