#!  	/bin/args   two  words 	 
# Blanks around the interpreter; the argument keeps its inner blanks.
