-- Closures, upvalues, varargs, recursion, error handling.
local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local c1, c2 = counter(), counter()
c1(); c1()
print(c1(), c2())

local fns = {}
for i = 1, 3 do fns[i] = function() return i * 10 end end
print(fns[1](), fns[2](), fns[3]())

local function sum(...)
  local s = 0
  for _, v in ipairs({...}) do s = s + v end
  return s, select("#", ...)
end
print(sum(1, 2, 3, 4))

local function memo(f)
  local cache = {}
  return function(n)
    if cache[n] == nil then cache[n] = f(n) end
    return cache[n]
  end
end
local fib
fib = memo(function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end)
print(fib(80))

local ok, err = pcall(function() error({code = 42}) end)
print(ok, type(err), err.code)
ok, err = pcall(function() error("boom", 0) end)
print(ok, err)
ok, err = pcall(function() local x = nil; return x.field end)
print(ok, (err:gsub("^.-:%d+: ", "")))
print(xpcall(function() error("inner", 0) end, function(m) return "handled: " .. m end))

local function compose(...)
  local fs = {...}
  return function(x)
    for i = #fs, 1, -1 do x = fs[i](x) end
    return x
  end
end
print(compose(function(x) return x + 1 end, function(x) return x * 2 end)(5))

goto skip
print("not printed")
::skip::
local acc = {}
for i = 10, 1, -3 do acc[#acc + 1] = i end
local i = 0
repeat i = i + 1 until i >= 5
while i < 8 do i = i + 1 end
print(table.concat(acc, ","), i)
