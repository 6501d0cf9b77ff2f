-- Drives the Layerwise server from Neovim's own LSP client (Neovim 0.7.2, headless), as a Neovim
-- user would: open a Dockerfile, read the diagnostics, hover, apply fixAll and save, let a
-- watched-file change refresh the findings, apply the multi-stage split. Each step writes one JSON
-- line to $LW_OUT (what Neovim saw); test/lsp/neovim.test.ts prints and asserts on them.
local out = assert(io.open(os.getenv('LW_OUT'), 'w'))
local function emit(step, value)
  out:write(vim.fn.json_encode({ step = step, value = value }) .. '\n')
  out:flush()
end

local dir = os.getenv('LW_DIR')
local published = 0
local last = nil

local function codes()
  local list = {}
  for _, d in ipairs(last and last.diagnostics or {}) do table.insert(list, tostring(d.code)) end
  table.sort(list)
  return list
end

-- Waits for the next publishDiagnostics after `count` were seen.
local function next_publish(count)
  if not vim.wait(20000, function() return published > count end, 20) then error('no diagnostics within 20 s') end
end

local function main()
  local id = vim.lsp.start_client({
    name = 'layerwise',
    cmd = { 'node', os.getenv('LW_SERVER'), '--stdio' },
    root_dir = dir,
    -- Settings as Neovim users pass them; Neovim also answers workspace/configuration (null here).
    init_options = { settings = { layerwise = { diagnostics = { debounceMs = 0 }, sizes = { registryLookups = false } } } },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        published = published + 1
        last = result
        return vim.lsp.handlers['textDocument/publishDiagnostics'](err, result, ctx, config)
      end,
    },
  })
  local dockerfile = dir .. '/Dockerfile'
  vim.cmd('edit ' .. dockerfile)
  local buf = vim.api.nvim_get_current_buf()
  local seen = published
  vim.lsp.buf_attach_client(buf, id)
  next_publish(seen)
  local client = vim.lsp.get_client_by_id(id)
  emit('open', codes())

  -- Hover on the image of FROM node:20 (line 1; line 0 is a comment).
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 1, character = 7 } }, 10000)
  local answer = hover and hover[id] or {}
  emit('hover', answer.result and answer.result.contents and answer.result.contents.value or vim.fn.json_encode(answer.err))

  local function actions(only, line)
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      range = { start = { line = line, character = 0 }, ['end'] = { line = line, character = 0 } },
      context = { diagnostics = {}, only = only },
    }
    local r = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 20000)
    return (r and r[id] and r[id].result) or {}
  end

  -- fixAll, applied by Neovim's own workspace-edit code, then :wall as a Neovim user saves.
  local fix = actions({ 'source.fixAll.layerwise' }, 0)[1]
  emit('fixAll offered', fix and fix.title or 'none')
  emit('fixAll edit shape', fix and (fix.edit.documentChanges and 'documentChanges' or 'changes') or 'none')
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
  seen = published
  vim.cmd('wall')
  next_publish(seen) -- didSave re-reads the folder: the new .dockerignore counts
  emit('after fixAll and :wall', codes())
  local ignore = io.open(dir .. '/.dockerignore', 'r')
  emit('.dockerignore on disk', ignore and ignore:read('*a') or 'missing')
  if ignore then ignore:close() end
  local again = actions({ 'source.fixAll.layerwise' }, 0)[1]
  emit('second fixAll touches .dockerignore', again ~= nil and string.find(vim.fn.json_encode(again.edit), 'dockerignore', 1, true) ~= nil)

  -- A watched file changes: Neovim 0.7.2 has no file watcher (dynamic registration came in 0.9), so
  -- the notification a watcher sends is sent from here, after the file really went away.
  os.remove(dir .. '/.dockerignore')
  seen = published
  client.notify('workspace/didChangeWatchedFiles', { changes = { { uri = vim.uri_from_fname(dir .. '/.dockerignore'), type = 3 } } })
  next_publish(seen)
  emit('after .dockerignore deleted (watched-file notification)', codes())

  -- The multi-stage split as a refactor, applied and counted.
  local split = nil
  for _, a in ipairs(actions({ 'refactor.rewrite' }, 1)) do
    if a.title:find('^Split into') then split = split or a end
  end
  emit('split offered', split and split.title or 'none')
  vim.lsp.util.apply_workspace_edit(split.edit, client.offset_encoding)
  local froms = 0
  for _, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if line:match('^FROM ') then froms = froms + 1 end
  end
  emit('stages after the split', froms)
  seen = published
  vim.cmd('write')
  next_publish(seen)
  emit('after the split and :write', codes())

  -- The generic menu (`vim.lsp.buf.code_action()`, no kind asked for): the server offers fixAll without
  -- its edit, and Neovim's own code resolves it (codeAction/resolve) when the user picks it.
  seen = published
  vim.api.nvim_buf_set_lines(buf, -1, -1, false, { 'RUN pip install -r requirements.txt' })
  next_publish(seen)
  local titles = {}
  vim.ui.select = function(items, _, on_choice)
    for i, item in ipairs(items) do
      local action = item[2]
      table.insert(titles, action.title)
      if action.title:find('^Fix all') then
        emit('fixAll in the menu has its edit', action.edit ~= nil)
        return on_choice(item, i)
      end
    end
    on_choice(nil)
  end
  vim.lsp.buf.code_action()
  local function text() return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') end
  vim.wait(20000, function() return text():find('--no-cache-dir', 1, true) ~= nil end, 20)
  emit('menu titles', titles)
  local lines = vim.api.nvim_buf_get_lines(buf, -2, -1, false)
  emit('last line after fixAll picked from the menu', lines[1])
  vim.lsp.stop_client(id)
end

local ok, err = xpcall(main, debug.traceback)
if not ok then emit('error', tostring(err)) end
out:close()
vim.cmd('qa!')
