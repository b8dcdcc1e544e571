-- Driven by TestNeovimQuickFix (neovim_test.go): Neovim's own LSP client
-- (the 0.7 API: start_client, buf_attach_client, buf_request_sync,
-- util.apply_workspace_edit) talks to `ppconn lsp`, applies one quick fix,
-- writes the file, and reports what happened as JSON in $PPCONN_NVIM_SUMMARY
-- for the Go test to check. Any failure exits Neovim with status 1.
--
-- Environment: PPCONN_NVIM_BIN (the ppconn binary), PPCONN_NVIM_FILE (the
-- definition to open), PPCONN_NVIM_SUMMARY (where to write the summary),
-- PPCONN_NVIM_SKIP_EDIT=1 (do not apply the edit: the test's own check that
-- it can fail).

local bin = os.getenv('PPCONN_NVIM_BIN')
local file = os.getenv('PPCONN_NVIM_FILE')
local summary_path = os.getenv('PPCONN_NVIM_SUMMARY')
local skip_edit = os.getenv('PPCONN_NVIM_SKIP_EDIT') == '1'
local timeout_ms = 20000

local summary = { steps = {} }

local function step(s)
  table.insert(summary.steps, s)
end

local function write_summary()
  local f = assert(io.open(summary_path, 'w'))
  f:write(vim.fn.json_encode(summary))
  f:close()
end

-- Every publishDiagnostics as the server sent it (the LSP form, with
-- version and range), in arrival order, then handed on to Neovim's own
-- handler so that vim.diagnostic sees them too.
local published = {}

local function run()
  -- Write the buffer byte for byte: the definition has no final newline,
  -- which Neovim would otherwise add.
  vim.opt.fixendofline = false
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(buf)

  local client_id = vim.lsp.start_client({
    name = 'ppconn',
    cmd = { bin, 'lsp' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    flags = { debounce_text_changes = 0 },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        if result and result.uri == uri then
          table.insert(published, result)
        end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
    },
  })
  assert(client_id, 'vim.lsp.start_client returned nil: could not start ' .. bin .. ' lsp')
  assert(vim.lsp.buf_attach_client(buf, client_id), 'buf_attach_client failed')
  local client = vim.lsp.get_client_by_id(client_id)
  step('started')

  -- The first diagnostics of the file.
  assert(vim.wait(timeout_ms, function() return #published > 0 end, 20),
    'no publishDiagnostics for ' .. uri .. ' within ' .. timeout_ms .. ' ms')
  local before = published[#published]
  summary.before_count = #before.diagnostics
  summary.before = before.diagnostics
  summary.before_version = before.version
  summary.neovim_diagnostics = #vim.diagnostic.get(buf)
  summary.offset_encoding = client.offset_encoding
  summary.sync = client.resolved_capabilities and client.resolved_capabilities.text_document_did_change
  step('diagnostics')

  -- The first diagnostic that has a preferred quick fix (a fixer's, not an
  -- "Ignore ... here") with an edit.
  local chosen, action
  for _, d in ipairs(before.diagnostics) do
    local params = {
      textDocument = { uri = uri },
      range = d.range,
      context = { diagnostics = { d }, only = { 'quickfix' } },
    }
    local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, timeout_ms)
    for _, resp in pairs(responses or {}) do
      assert(not resp.err, 'codeAction failed: ' .. vim.inspect(resp.err))
      for _, a in ipairs(resp.result or {}) do
        if a.kind == 'quickfix' and a.isPreferred and a.edit then
          chosen, action = d, a
          break
        end
      end
      if action then break end
    end
    if action then break end
  end
  assert(action, 'no diagnostic of ' .. uri .. ' has a preferred quickfix code action with an edit')
  summary.code = chosen.code
  summary.message = chosen.message
  summary.range = chosen.range
  summary.title = action.title
  summary.edit = action.edit
  step('action')

  if not skip_edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  end
  step('applied')
  vim.cmd('write')
  step('written')

  -- The diagnostics of the text as it is now, published after the edit.
  local want_version = vim.lsp.util.buf_versions[buf]
  summary.after_version_wanted = want_version
  local seen = #published
  assert(vim.wait(timeout_ms, function()
    local last = published[#published]
    return #published > seen or (last.version == want_version and last ~= before)
  end, 20), 'no publishDiagnostics for version ' .. tostring(want_version) .. ' within ' .. timeout_ms .. ' ms')
  -- A didChange and a didSave may each cause a publish: take the last one
  -- of the current version once things are quiet.
  vim.wait(300, function() return false end, 20)
  local after = published[#published]
  summary.after_count = #after.diagnostics
  summary.after_version = after.version
  summary.after = after.diagnostics
  step('after')

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
  step('stopped')
end

local ok, err = pcall(run)
if not ok then
  summary.error = tostring(err)
end
write_summary()
if ok then
  vim.cmd('qall!')
else
  vim.cmd('cquit 1')
end
