-- tshark side of tests/t_filter.sh: one tshark run evaluates many display
-- filters, each as a tap listener (a tap's filter is compiled and applied
-- by the same engine as -Y, on the same single pass).
--   tshark -r FILE -q -X lua_script:filter-oracle.lua -X lua_script1:LIST
-- LIST: one filter a line. Prints "N<TAB>FRAME" for each frame filter N
-- (1-based line number) keeps, and "E<TAB>N<TAB>message" for a filter tshark refuses.
local list = ...
local n = 0
for line in io.lines(list) do
  n = n + 1
  local i = n
  local ok, l = pcall(Listener.new, nil, line)
  if ok then
    function l.packet(pinfo) print(i .. "\t" .. pinfo.number) end
  else
    print("E\t" .. i .. "\t" .. tostring(l):gsub("\n", " "))
  end
end
