-- Open a plan, replace its text with an edited one, wait for MK304, write what the
-- editor holds as diagnostics, and quit.
local plan, edited, out = os.getenv("MALKOLL_PLAN"), os.getenv("MALKOLL_EDITED"), os.getenv("MALKOLL_OUT")
local function write(result)
  local f = io.open(out, "w")
  f:write(vim.fn.json_encode(result))
  f:close()
end
local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(plan))
  local function clients() -- vim.lsp.get_clients from Neovim 0.10, buf_get_clients before
    return vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = 0 }) or vim.lsp.buf_get_clients(0)
  end
  local attached = vim.wait(20000, function() return next(clients()) ~= nil end, 50)
  if not attached then error("no client attached") end
  local lines = vim.fn.readfile(edited)
  vim.api.nvim_buf_set_lines(0, 0, -1, false, lines)
  local found = vim.wait(20000, function()
    for _, d in ipairs(vim.diagnostic.get(0)) do
      if d.code == "MK304" then return true end
    end
    return false
  end, 50)
  local result = { found = found, diagnostics = {} }
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(result.diagnostics, {
      lnum = d.lnum, col = d.col, code = d.code, message = d.message,
      severity = d.severity, source = d.source,
    })
  end
  write(result)
end)
if not ok then write({ error = tostring(err) }) end
vim.cmd("qa!")
