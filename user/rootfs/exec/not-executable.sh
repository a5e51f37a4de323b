#!/bin/args
# Not executable (mode 0644).
