// A minimal zip reader and writer, enough to fill rows into the server's .xlsx import template for the
// 批量导入 browser test (the e2e package has no spreadsheet library and must stay offline).
import { crc32, inflateRawSync } from 'node:zlib'

/** The entries of a zip archive (stored or deflated), by name. */
export function unzip(buffer) {
  const entries = new Map()
  // The end of central directory record sits in the last 22 bytes (no archive comment).
  let eocd = buffer.length - 22
  while (eocd >= 0 && buffer.readUInt32LE(eocd) !== 0x06054b50) eocd--
  const count = buffer.readUInt16LE(eocd + 10)
  let at = buffer.readUInt32LE(eocd + 16)
  for (let i = 0; i < count; i++) {
    const method = buffer.readUInt16LE(at + 10)
    const size = buffer.readUInt32LE(at + 20)
    const nameLength = buffer.readUInt16LE(at + 28)
    const extra = buffer.readUInt16LE(at + 30)
    const comment = buffer.readUInt16LE(at + 32)
    const local = buffer.readUInt32LE(at + 42)
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString('utf8')
    const dataAt = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28)
    const data = buffer.subarray(dataAt, dataAt + size)
    entries.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data))
    at += 46 + nameLength + extra + comment
  }
  return entries
}

/** A zip archive of `entries` (name → Buffer), stored without compression. */
export function zip(entries) {
  const locals = []
  const centrals = []
  let offset = 0
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name, 'utf8')
    const crc = crc32(data)
    const header = Buffer.alloc(30)
    header.writeUInt32LE(0x04034b50, 0)
    header.writeUInt16LE(20, 4)
    header.writeUInt16LE(0x0800, 6) // UTF-8 names
    header.writeUInt32LE(crc, 14)
    header.writeUInt32LE(data.length, 18)
    header.writeUInt32LE(data.length, 22)
    header.writeUInt16LE(nameBytes.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(header, nameBytes, data)
    centrals.push(central, nameBytes)
    offset += header.length + nameBytes.length + data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.size, 8)
  end.writeUInt16LE(entries.size, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** The import template with `rows` (arrays of cell texts, from column A) filled in below its header row 3. */
export function fillTemplate(template, rows) {
  const entries = unzip(template)
  const sheet = entries.get('xl/worksheets/sheet1.xml').toString('utf8')
  const cells = (values, r) =>
    values
      .map((value, c) =>
        value === ''
          ? ''
          : `<c r="${String.fromCharCode(65 + c)}${r}" t="inlineStr"><is><t>${escape(value)}</t></is></c>`,
      )
      .join('')
  const added = rows.map((values, i) => `<row r="${i + 4}">${cells(values, i + 4)}</row>`).join('')
  entries.set('xl/worksheets/sheet1.xml', Buffer.from(sheet.replace('</sheetData>', `${added}</sheetData>`), 'utf8'))
  return zip(entries)
}
