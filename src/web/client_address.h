// Who a request comes from, for per-address limits: the TCP peer, unless the peer is a proxy
// the operator trusts (RUNGS_TRUSTED_PROXIES), whose X-Forwarded-For says whom it forwards for.
// Trusting anyone else's header would let a client pick its own address and escape the limits.
#ifndef RUNGS_WEB_CLIENT_ADDRESS_H_
#define RUNGS_WEB_CLIENT_ADDRESS_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace rungs {

// Addresses and networks: "127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8".
class TrustedProxies {
 public:
  // A comma- or space-separated list; kInvalid naming RUNGS_TRUSTED_PROXIES for a bad entry.
  static Result<TrustedProxies> Parse(std::string_view list);
  bool Contains(std::string_view address) const;
  bool empty() const { return networks_.empty(); }

 private:
  struct Network {
    std::array<uint8_t, 16> bytes{};  // IPv4 as IPv4-mapped IPv6
    int prefix = 128;
  };
  std::vector<Network> networks_;
};

// The client's address: `peer`, or, when the peer is trusted, the right-most address in the
// X-Forwarded-For values that is not itself a trusted proxy.
std::string ClientAddress(const std::string& peer, const std::vector<std::string>& forwarded_for,
                          const TrustedProxies& proxies);

}  // namespace rungs

#endif  // RUNGS_WEB_CLIENT_ADDRESS_H_
