#include "util/json_reader.h"

#include "util/utf8.h"

namespace rungs {

std::optional<nlohmann::json> ParseJsonDocument(std::string_view bytes, const std::string& file,
                                                Diagnostics& out) {
  nlohmann::json document = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (!document.is_discarded()) return document;
  // Parse again with exceptions only to learn where it failed.
  try {
    [[maybe_unused]] const nlohmann::json unused = nlohmann::json::parse(bytes);
    out.push_back({Severity::kError, file, 0, 0, "json-syntax", "JSON syntax error"});
  } catch (const nlohmann::json::parse_error& e) {
    const TextPosition p = LineIndex(bytes).At(e.byte > 0 ? e.byte - 1 : 0);
    std::string message = e.what();
    const size_t cut = message.find("syntax error");
    if (cut != std::string::npos) message = message.substr(cut);
    out.push_back({Severity::kError, file, p.line, p.column, "json-syntax", "JSON " + message});
  } catch (const std::exception& e) {
    out.push_back({Severity::kError, file, 0, 0, "json-syntax", std::string("JSON ") + e.what()});
  }
  return std::nullopt;
}

}  // namespace rungs
