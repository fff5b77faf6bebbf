-- Stand-ins for the newer Neovim APIs that the installed Neovim lacks (vim.lsp.config,
-- vim.lsp.enable, vim.lsp.start, vim.fs), loaded before the README's configuration: they
-- record what the configuration asks of them and start nothing. MALKOLL_PRETEND is the
-- version vim.fn.has("nvim-X.Y") answers for; MalkollRecord() opens the files of
-- MALKOLL_OPEN (separated by newlines), writes the calls to MALKOLL_OUT and quits.
local pretend = os.getenv("MALKOLL_PRETEND")
local calls = {}
local function version(text)
  local major, minor = text:match("^(%d+)%.(%d+)")
  return tonumber(major) * 1000 + tonumber(minor)
end
local has = vim.fn.has
vim.fn.has = function(feature)
  local wanted = feature:match("^nvim%-(.*)$")
  if wanted then
    return version(pretend) >= version(wanted) and 1 or 0
  end
  return has(feature)
end
vim.lsp.config = function(name, config)
  table.insert(calls, { call = "config", name = name, config = config })
end
vim.lsp.enable = function(name)
  table.insert(calls, { call = "enable", name = name })
end
vim.lsp.start = function(config)
  table.insert(calls, { call = "start", config = config, file = vim.api.nvim_buf_get_name(0) })
end
vim.lsp.start_client = function(config)
  table.insert(calls, { call = "start_client", config = config })
end
vim.lsp.buf_attach_client = function() end
vim.fs = {
  dirname = function(path)
    return vim.fn.fnamemodify(path, ":h")
  end,
  find = function(names, opts)
    assert(type(names) == "string" and opts.upward == true and opts.path, "vim.fs.find: usage")
    local found = vim.fn.findfile(names, opts.path .. ";")
    return found == "" and {} or { vim.fn.fnamemodify(found, ":p") }
  end,
}

function MalkollRecord()
  local ok, err = pcall(function()
    for file in os.getenv("MALKOLL_OPEN"):gmatch("[^\n]+") do
      vim.cmd("edit " .. vim.fn.fnameescape(file))
    end
  end)
  local f = io.open(os.getenv("MALKOLL_OUT"), "w")
  f:write(vim.fn.json_encode(ok and { calls = calls } or { error = tostring(err) }))
  f:close()
  vim.cmd("qa!")
end
