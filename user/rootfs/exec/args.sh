#!/bin/args
# Runs /bin/args with this file as its first argument.
