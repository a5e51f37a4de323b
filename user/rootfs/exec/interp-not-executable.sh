#!/exec/not-executable.sh
# The interpreter may not be executed.
