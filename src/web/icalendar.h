// Writes iCalendar (RFC 5545) feeds: a VCALENDAR of all-day events, as calendar programs
// subscribe to them. Lines end in CRLF and are folded at 75 octets without splitting a UTF-8
// character; text values escape backslash, semicolon, comma and line breaks.
#ifndef RUNGS_WEB_ICALENDAR_H_
#define RUNGS_WEB_ICALENDAR_H_

#include <cstdint>
#include <string>
#include <vector>

namespace rungs {

struct CalendarEvent {
  std::string uid;  // stable across fetches, so a moved date updates the event
  int64_t day = 0;  // days since 1970-01-01: an all-day event
  std::string summary;
  std::string description;
  std::string url;  // empty for none
};

// `name` titles the calendar in the program that subscribes; `stamp` (Unix seconds) is the
// DTSTAMP of every event.
std::string WriteICalendar(const std::string& name, const std::vector<CalendarEvent>& events,
                           int64_t stamp);

// A text value escaped as RFC 5545 3.3.11 asks.
std::string EscapeICalendarText(const std::string& text);

}  // namespace rungs

#endif  // RUNGS_WEB_ICALENDAR_H_
