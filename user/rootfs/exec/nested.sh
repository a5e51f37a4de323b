#!/exec/args-arg.sh nested-arg
# The interpreter is itself a script.
