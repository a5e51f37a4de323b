-- io and os on files in the case's directory.
local name = "lua-test.txt"
local f = assert(io.open(name, "w"))
for i = 1, 100 do f:write(string.format("line %03d %s\n", i, ("x"):rep(i % 7))) end
f:write("no newline at end")
f:close()

local n, bytes = 0, 0
for line in io.lines(name) do n = n + 1; bytes = bytes + #line end
print(n, bytes)

f = assert(io.open(name, "r"))
print(f:read("l"))
print(f:read(5), f:read("n"))
print(f:seek("cur"), f:seek("end"), f:seek("set", 10))
print(f:read("L"))
local all = f:read("a")
print(#all, f:read("a") == "", f:read("l"))
f:close()
print(io.type(f), io.type(io.stdout), io.type(42))

f = assert(io.open(name, "a+"))
f:write("\nappended")
f:seek("set")
local content = f:read("a")
f:close()
print(#content, content:sub(-8))

f = assert(io.open("bin.dat", "wb"))
f:write(string.pack("<I4I4", 0xdeadbeef, 12345))
f:close()
f = assert(io.open("bin.dat", "rb"))
print(string.format("%x %d", string.unpack("<I4I4", f:read("a"))))
f:close()

print(io.open("does-not-exist"))
print(os.rename(name, "renamed.txt"), io.open(name) == nil)
print(os.remove("renamed.txt"), os.remove("renamed.txt"))
print(os.remove("bin.dat"))
local p = io.popen("echo from a child; exit 3")
print(p:read("a"), p:close())
print(os.execute("exit 5"))
print(os.getenv("TZ"), os.getenv("NOT_SET"))
print(os.date("!%Y-%m-%d %H:%M:%S", 1234567890), os.time({year = 2000, month = 1, day = 1, hour = 0}))
io.write("written ", "with io.write", "\n")
io.stderr:write("to stderr\n")
