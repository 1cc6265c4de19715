-- Run citeproc separately on each top-level Div (one Div per page), in one pandoc
-- process, so first/subsequent note forms restart on every page without paying
-- for one pandoc start-up per page. Prints a JSON object {div id: [note, ...]},
-- each note as inline HTML: the guide puts notes on the page after Markdown, which
-- would only spend time re-reading them. The Div with id "bibliography" yields the
-- bibliography entries instead, as Markdown: {"bibliography": {key: entry}}.
local refs = nil

-- citeproc wraps quoted titles and case-protected words in bare spans, which only the
-- HTML writer prints; they carry nothing.
local function unwrap_bare_span(span)
  if span.identifier == "" and #span.classes == 0 and #span.attributes == 0 then return span.content end
end

local function note_html(blocks)
  local doc = pandoc.Pandoc({ pandoc.Plain(pandoc.utils.blocks_to_inlines(blocks)) }):walk({ Span = unwrap_bare_span })
  local text = pandoc.write(doc, "html", { wrap_text = "none" })
  return (text:gsub("%s+$", ""))
end

local function note_markdown(blocks)
  local text = pandoc.write(pandoc.Pandoc(blocks), "markdown-smart", { wrap_text = "none" })
  return (text:gsub("%s+$", ""))
end

function Pandoc(doc)
  local meta = doc.meta
  -- Parse the bibliography once and hand every page the parsed references.
  local file = assert(io.open(pandoc.utils.stringify(meta["studyguide-bib"])))
  local bib = pandoc.read(file:read("a"), "biblatex")
  file:close()
  meta.references = bib.meta.references
  meta["suppress-bibliography"] = true
  local out = {}
  for _, div in ipairs(doc.blocks) do
    if div.identifier == "bibliography" then
      local entries = {}
      meta["suppress-bibliography"] = false
      local done = pandoc.utils.citeproc(pandoc.Pandoc(div.content, meta))
      done:walk({ Div = function(d)
        if d.identifier:sub(1, 4) == "ref-" then entries[d.identifier:sub(5)] = note_markdown(d.content) end
      end })
      meta["suppress-bibliography"] = true
      out[div.identifier] = entries
      goto continue
    end
    local notes = {}
    local done = pandoc.utils.citeproc(pandoc.Pandoc(div.content, meta))
    done:walk({ Note = function(n) table.insert(notes, note_html(n.content)) end })
    out[div.identifier] = notes
    ::continue::
  end
  return pandoc.Pandoc({ pandoc.RawBlock("markdown", pandoc.json.encode(out)) })
end
