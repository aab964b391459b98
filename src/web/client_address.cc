#include "web/client_address.h"

#include <arpa/inet.h>

#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "util/text.h"

namespace rungs {
namespace {

// IPv4 becomes IPv4-mapped IPv6, so one comparison serves both.
std::optional<std::array<uint8_t, 16>> ParseAddress(std::string_view text, bool* v4) {
  const std::string s(text);
  std::array<uint8_t, 16> bytes{};
  in_addr a4{};
  if (inet_pton(AF_INET, s.c_str(), &a4) == 1) {
    bytes[10] = bytes[11] = 0xff;
    std::memcpy(bytes.data() + 12, &a4, 4);
    *v4 = true;
    return bytes;
  }
  in6_addr a6{};
  if (inet_pton(AF_INET6, s.c_str(), &a6) == 1) {
    std::memcpy(bytes.data(), &a6, 16);
    *v4 = false;
    return bytes;
  }
  return std::nullopt;
}

}  // namespace

Result<TrustedProxies> TrustedProxies::Parse(std::string_view list) {
  TrustedProxies proxies;
  while (!list.empty()) {
    const size_t end = list.find_first_of(", ");
    const std::string_view item = Trim(list.substr(0, end));
    list = end == std::string_view::npos ? std::string_view() : list.substr(end + 1);
    if (item.empty()) continue;
    const size_t slash = item.find('/');
    bool v4 = false;
    const std::optional<std::array<uint8_t, 16>> bytes = ParseAddress(item.substr(0, slash), &v4);
    const auto bad = [&] {
      return Status::Invalid(
          fmt::format("'{}' is not an IP address or network such as 10.0.0.0/8", item),
          "RUNGS_TRUSTED_PROXIES");
    };
    if (!bytes) return bad();
    Network network{*bytes, 128};
    if (slash != std::string_view::npos) {
      const std::string_view bits = item.substr(slash + 1);
      int prefix = 0;
      if (bits.empty() || bits.size() > 3) return bad();
      for (const char c : bits) {
        if (c < '0' || c > '9') return bad();
        prefix = prefix * 10 + (c - '0');
      }
      if (prefix > (v4 ? 32 : 128)) return bad();
      network.prefix = v4 ? prefix + 96 : prefix;
    }
    proxies.networks_.push_back(network);
  }
  return proxies;
}

bool TrustedProxies::Contains(std::string_view address) const {
  bool v4 = false;
  const std::optional<std::array<uint8_t, 16>> bytes = ParseAddress(address, &v4);
  if (!bytes) return false;
  for (const Network& n : networks_) {
    int bits = n.prefix;
    size_t i = 0;
    bool same = true;
    for (; bits >= 8; bits -= 8, ++i) {
      if ((*bytes)[i] != n.bytes[i]) {
        same = false;
        break;
      }
    }
    if (same && bits > 0) {
      const auto mask = static_cast<uint8_t>(0xff << (8 - bits));
      same = ((*bytes)[i] & mask) == (n.bytes[i] & mask);
    }
    if (same) return true;
  }
  return false;
}

std::string ClientAddress(const std::string& peer, const std::vector<std::string>& forwarded_for,
                          const TrustedProxies& proxies) {
  if (forwarded_for.empty() || !proxies.Contains(peer)) return peer;
  std::string client = peer;
  // Right to left: each hop appends the address it received from.
  for (auto header = forwarded_for.rbegin(); header != forwarded_for.rend(); ++header) {
    std::string_view rest = *header;
    while (!rest.empty()) {
      const size_t comma = rest.rfind(',');
      const std::string_view item =
          Trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
      bool v4 = false;
      if (!ParseAddress(item, &v4)) return client;  // garbage: stop at the last good hop
      client = std::string(item);
      if (!proxies.Contains(client)) return client;
    }
  }
  return client;
}

}  // namespace rungs
