#include "web/icalendar.h"

#include <fmt/format.h>

#include "metrics/iso_week.h"

namespace rungs {
namespace {

constexpr size_t kMaxLineOctets = 75;

// Appends "NAME:VALUE" folded: a line longer than 75 octets continues on the next after CRLF and
// a space, cut only before a byte that starts a UTF-8 character.
void AppendLine(std::string& out, const std::string& line) {
  size_t start = 0;
  size_t budget = kMaxLineOctets;
  while (line.size() - start > budget) {
    size_t cut = start + budget;
    while (cut > start && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line, start, cut - start);
    out += "\r\n ";
    start = cut;
    budget = kMaxLineOctets - 1;  // the leading space counts
  }
  out.append(line, start, std::string::npos);
  out += "\r\n";
}

std::string DateValue(int64_t day) {
  const CivilDate d = CivilFromDays(day);
  return fmt::format("{:04}{:02}{:02}", d.year, d.month, d.day);
}

std::string UtcValue(int64_t unix_seconds) {
  const int64_t day = DayOfSeconds(unix_seconds);
  const int64_t second = unix_seconds - day * 86400;
  return fmt::format("{}T{:02}{:02}{:02}Z", DateValue(day), second / 3600, second / 60 % 60,
                     second % 60);
}

}  // namespace

std::string EscapeICalendarText(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\\n";
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      continue;  // other control characters are not allowed in a text value
    } else {
      out += c;
    }
  }
  return out;
}

std::string WriteICalendar(const std::string& name, const std::vector<CalendarEvent>& events,
                           int64_t stamp) {
  std::string out;
  AppendLine(out, "BEGIN:VCALENDAR");
  AppendLine(out, "VERSION:2.0");
  AppendLine(out, "PRODID:-//rungs//check-ins//EN");
  AppendLine(out, "CALSCALE:GREGORIAN");
  AppendLine(out, "METHOD:PUBLISH");
  AppendLine(out, "X-WR-CALNAME:" + EscapeICalendarText(name));
  const std::string dtstamp = UtcValue(stamp);
  for (const CalendarEvent& e : events) {
    AppendLine(out, "BEGIN:VEVENT");
    AppendLine(out, "UID:" + EscapeICalendarText(e.uid));
    AppendLine(out, "DTSTAMP:" + dtstamp);
    AppendLine(out, "DTSTART;VALUE=DATE:" + DateValue(e.day));
    AppendLine(out, "DTEND;VALUE=DATE:" + DateValue(e.day + 1));
    AppendLine(out, "SUMMARY:" + EscapeICalendarText(e.summary));
    if (!e.description.empty()) {
      AppendLine(out, "DESCRIPTION:" + EscapeICalendarText(e.description));
    }
    if (!e.url.empty()) AppendLine(out, "URL:" + e.url);
    AppendLine(out, "TRANSP:TRANSPARENT");
    AppendLine(out, "END:VEVENT");
  }
  AppendLine(out, "END:VCALENDAR");
  return out;
}

}  // namespace rungs
