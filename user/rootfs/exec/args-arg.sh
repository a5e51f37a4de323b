#!/bin/args one-arg
# One optional argument for the interpreter.
