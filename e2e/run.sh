#!/usr/bin/env bash
# Placeholder until the browser tests land.
echo "e2e: no browser tests yet"
