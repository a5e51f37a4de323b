-- The string library: find, match, gsub, format, byte/char, pack.
local s = "The quick brown fox jumps over the lazy dog"
print(#s, s:upper(), s:lower():sub(5, 9))
print(s:find("fox"), s:find("o", 20), s:find("%s"), s:find(".", 1, true))
print(s:match("(%a+) fox"), s:match("^(%w+)"), s:match("(%a+)$"))
local words = {}
for w in s:gmatch("%a+") do words[#words + 1] = w end
print(#words, words[4])
print(s:gsub("o", "0"))
print(s:gsub("(%w+)", "<%1>", 3))
print(("hello world"):gsub("%w+", {hello = "HI", world = false}))
print(("abc"):gsub("%w", function(c) return c:byte() .. "." end))
print(("x = 1, y = 22"):match("y = (%d+)"))
print(string.format("%q", 'a "quoted"\n string'))
print(string.format("%5s|%-5s|%05d|%x|%X|%o|%e|%g|%c", "r", "l", 42, 255, 255, 8, 1234.5, 0.0001, 65))
print(("abc"):rep(3, "-"), ("abc"):reverse(), ("  trim  "):match("^%s*(.-)%s*$"))
print(string.byte("ABC", 1, 3), string.char(72, 105))
print(("%d items"):format(3), tostring(12.0), tostring(1e100), math.type(1), math.type(1.0))
print(tonumber("0x1F"), tonumber("z", 36), tonumber("  12  "), tonumber("1e2"), tonumber("abc"))
print(utf8.char(72, 228, 8364), utf8.len("häé"), #"€")
for p, c in utf8.codes("aé") do io.write(p, ":", c, " ") end
print()
local packed = string.pack("<i4 i2 z", 100000, -2, "str")
print(#packed, string.unpack("<i4 i2 z", packed))
print(("key=val; k2=v2"):gsub("(%w+)=(%w+)", "%2=%1"))
print(("path/to/file.txt"):match("([^/]+)%.(%w+)$"))
print(("%bxy"):len(), ("(a(b)c)"):match("%b()"), ("THE (quick) fox"):find("%f[%a]%a+%f[%A]"))
