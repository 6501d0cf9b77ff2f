#!/usr/bin/env bash
# Debian's Neovim (0.7.2 on bookworm) for test/lsp/neovim.test.ts, installed when missing:
# the second real editor that drives the language server with its own LSP client.
set -euo pipefail
. "$(dirname "$0")/env.sh"
lw_apt_need nvim:neovim
nvim --version | head -1
