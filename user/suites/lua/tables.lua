-- Tables: arrays, maps, sorting, table library, metatables.
local t = {}
for i = 1, 10 do t[#t + 1] = i * i end
print(#t, t[1], t[10], table.concat(t, ","))
table.insert(t, 1, 0)
table.remove(t)
print(#t, table.concat(t, " "))
print(table.unpack({1, 2, 3}))
local packed = table.pack("a", nil, "c")
print(packed.n, packed[1], packed[2], packed[3])

local words = {"pear", "apple", "fig", "banana", "cherry"}
table.sort(words)
print(table.concat(words, " "))
table.sort(words, function(a, b) return #a < #b or (#a == #b and a < b) end)
print(table.concat(words, " "))

local m = {one = 1, two = 2, three = 3}
local keys = {}
for k, v in pairs(m) do keys[#keys + 1] = k .. "=" .. v end
table.sort(keys)
print(table.concat(keys, ";"))

local Vec = {}
Vec.__index = Vec
Vec.__add = function(a, b) return Vec.new(a.x + b.x, a.y + b.y) end
Vec.__eq = function(a, b) return a.x == b.x and a.y == b.y end
Vec.__tostring = function(v) return "(" .. v.x .. ", " .. v.y .. ")" end
Vec.__len = function(v) return math.sqrt(v.x * v.x + v.y * v.y) end
function Vec.new(x, y) return setmetatable({x = x, y = y}, Vec) end
function Vec:scale(k) return Vec.new(self.x * k, self.y * k) end
local a, b = Vec.new(1, 2), Vec.new(2, 2)
print(tostring(a + b), a + b == Vec.new(3, 4), #Vec.new(3, 4), tostring(a:scale(3)))

local defaults = setmetatable({}, {__index = function(_, k) return "default-" .. k end})
print(defaults.color, rawget(defaults, "color"))

local nested = {a = {b = {c = {d = "deep"}}}}
print(nested.a.b.c.d, select("#", 1, 2, 3), select(2, "x", "y", "z"))
print(next({}), type(next), math.maxinteger, math.mininteger, 7 // 2, 7 % -3, 2^0.5)
print(string.format("%.3f %d %5.1f", math.pi, math.floor(-3.5), 1e3 / 7))
