// The CSV reader reads a record that is one line of a block without quotes on a faster path
// than the rest (util/csv_stream.h). Any bytes read in one block and in one-byte blocks, where
// every record crosses blocks, must give the same records: fields, positions, raw text and
// flags; and a record marked ASCII has only valid UTF-8 fields. The first byte picks the dialect
// (exports or spreadsheets) and the limits.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "util/csv_stream.h"
#include "util/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  rungs::CsvDialect dialect;
  dialect.cr_ends_rows = (data[0] & 1) != 0;
  if ((data[0] & 2) != 0) dialect.delimiter = ';';
  if ((data[0] & 4) != 0) {
    dialect.max_fields = 1 + data[0] % 8;
    dialect.max_record_bytes = 1 + data[0] % 64;
  }
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  rungs::TextSource whole_source(text);
  rungs::TextSource bytes_source(text, 1);
  rungs::CsvStream whole(whole_source, dialect);
  rungs::CsvStream bytes(bytes_source, dialect);
  rungs::CsvRecord a;
  rungs::CsvRecord b;
  for (;;) {
    const bool more = whole.Next(a);
    if (more != bytes.Next(b)) __builtin_trap();
    if (!more) break;
    if (a.fields.size() != b.fields.size() || a.raw() != b.raw() || a.raw_bytes != b.raw_bytes ||
        a.line != b.line || a.unclosed_quote != b.unclosed_quote || a.too_long != b.too_long ||
        whole.consumed() != bytes.consumed()) {
      __builtin_trap();
    }
    for (size_t f = 0; f < a.fields.size(); ++f) {
      if (a.Field(f) != b.Field(f) || a.fields[f].line != b.fields[f].line ||
          a.fields[f].column != b.fields[f].column) {
        __builtin_trap();
      }
      // The mapped reader skips its UTF-8 check on a record marked ASCII.
      if (a.ascii && !rungs::IsValidUtf8(a.Field(f))) __builtin_trap();
    }
  }
  return 0;
}
