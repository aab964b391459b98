#include "util/mac_roman.h"

#include <array>

#include "util/utf8.h"

namespace rungs {
namespace {

// Apple's MAC OS ROMAN to Unicode table (ROMAN.TXT), bytes 0x80 to 0xFF, with 0xDB as the
// euro sign and 0xF0 as the Apple logo (U+F8FF) as in Mac OS 8.5 and later.
constexpr std::array<char32_t, 128> kHighHalf = {
    0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1,  // 80
    0x00E0, 0x00E2, 0x00E4, 0x00E3, 0x00E5, 0x00E7, 0x00E9, 0x00E8,  // 88
    0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3,  // 90
    0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC,  // 98
    0x2020, 0x00B0, 0x00A2, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x00DF,  // A0
    0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,  // A8
    0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211,  // B0
    0x220F, 0x03C0, 0x222B, 0x00AA, 0x00BA, 0x03A9, 0x00E6, 0x00F8,  // B8
    0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB,  // C0
    0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153,  // C8
    0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x25CA,  // D0
    0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02,  // D8
    0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1,  // E0
    0x00CB, 0x00C8, 0x00CD, 0x00CE, 0x00CF, 0x00CC, 0x00D3, 0x00D4,  // E8
    0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC,  // F0
    0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7,  // F8
};

// A repaired character has to be one that people write in framework text. This keeps real
// text such as "“é" (which maps to the valid but Cyrillic U+048E) from being "repaired".
bool IsPlausibleRepair(char32_t cp) {
  return (cp >= 0x00A0 && cp <= 0x024F) ||    // Latin-1 supplement, Latin extended
         (cp >= 0x2000 && cp <= 0x2BFF) ||    // punctuation, symbols, arrows, dingbats
         (cp >= 0xFE00 && cp <= 0xFE0F) ||    // variation selectors (emoji presentation)
         (cp >= 0x1F000 && cp <= 0x1FAFF) ||  // emoji
         (cp >= 0xE0020 && cp <= 0xE007F);    // tag characters (subdivision flags)
}

// Repairs one run of non-ASCII code points; returns false when the run is not mojibake.
bool RepairRun(std::string_view run, std::string& out) {
  std::string bytes;
  size_t pos = 0;
  while (pos < run.size()) {
    char32_t cp;
    if (!DecodeUtf8(run, pos, cp)) return false;
    const int b = MacRomanByte(cp);
    if (b < 0) return false;
    bytes += static_cast<char>(b);
  }
  std::string decoded;
  pos = 0;
  while (pos < bytes.size()) {
    char32_t cp;
    if (!DecodeUtf8(bytes, pos, cp) || !IsPlausibleRepair(cp)) return false;
    AppendUtf8(decoded, cp);
  }
  out += decoded;
  return true;
}

}  // namespace

int MacRomanByte(char32_t code_point) {
  for (size_t i = 0; i < kHighHalf.size(); ++i) {
    if (kHighHalf[i] == code_point) return static_cast<int>(0x80 + i);
  }
  return -1;
}

std::optional<std::string> RepairMacRomanMojibake(std::string_view text) {
  std::string out;
  bool repaired = false;
  size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      out += text[i++];
      continue;
    }
    size_t end = i;
    while (end < text.size() && static_cast<unsigned char>(text[end]) >= 0x80) ++end;
    const std::string_view run = text.substr(i, end - i);
    if (RepairRun(run, out)) {
      repaired = true;
    } else {
      out += run;
    }
    i = end;
  }
  if (!repaired) return std::nullopt;
  return out;
}

}  // namespace rungs
