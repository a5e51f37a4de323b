#!/bin/script exit
# Exits with the status given as its last argument.
