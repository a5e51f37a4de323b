-- Coroutines: generators, passing values both ways, status, wrap.
local function gen(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i) end
  end)
end
local out = {}
for v in gen(5) do out[#out + 1] = v end
print(table.concat(out, " "))

local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got", d, e)
  return "finished"
end)
print(coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, "x", "y"))
print(coroutine.status(co))
print(coroutine.resume(co))

local bad = coroutine.create(function() error("inside", 0) end)
print(coroutine.resume(bad))
print(coroutine.isyieldable(), select(2, coroutine.running()))

-- producer/consumer
local producer = coroutine.create(function()
  for _, w in ipairs({"alpha", "beta", "gamma"}) do coroutine.yield(w) end
  return nil
end)
local got = {}
while true do
  local _, w = coroutine.resume(producer)
  if not w then break end
  got[#got + 1] = w:upper()
end
print(table.concat(got, ","))

-- permutations by recursion inside a coroutine
local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a) else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local count, first = 0, nil
for p in coroutine.wrap(function() permgen({1, 2, 3, 4}) end) do
  count = count + 1
  first = first or table.concat(p)
end
print(count, first)
local wrapped = coroutine.wrap(function() return 1 end)
wrapped()
print(pcall(wrapped))
