#!/usr/bin/env node
// The `ppconn` of pre-commit's language: node hooks: pre-commit installs the
// repository's package.json, whose dependency is the ppconn npm package at
// this release's version, and runs this, which runs ppconn's own command.
"use strict";
require("ppconn/bin/ppconn.js");
