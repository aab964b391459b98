#include "web/client_address.h"

#include <gtest/gtest.h>

namespace rungs {
namespace {

TEST(ClientAddressTest, ProxiesAreAddressesAndNetworks) {
  Result<TrustedProxies> proxies = TrustedProxies::Parse("127.0.0.1, 10.0.0.0/8 fd00::/8");
  ASSERT_TRUE(proxies.ok()) << proxies.status().message;
  EXPECT_TRUE(proxies->Contains("127.0.0.1"));
  EXPECT_FALSE(proxies->Contains("127.0.0.2"));
  EXPECT_TRUE(proxies->Contains("10.200.3.4"));
  EXPECT_FALSE(proxies->Contains("11.0.0.1"));
  EXPECT_TRUE(proxies->Contains("fd12::1"));
  EXPECT_FALSE(proxies->Contains("fe80::1"));
  EXPECT_FALSE(proxies->Contains("not an address"));
}

TEST(ClientAddressTest, ABadEntryNamesTheVariable) {
  for (const char* bad : {"10.0.0.0/33", "localhost", "10.0.0.1/", "1.2.3.4/x"}) {
    Result<TrustedProxies> proxies = TrustedProxies::Parse(bad);
    ASSERT_FALSE(proxies.ok()) << bad;
    EXPECT_EQ(proxies.status().field, "RUNGS_TRUSTED_PROXIES");
    EXPECT_NE(proxies.status().message.find(bad), std::string::npos);
  }
}

TEST(ClientAddressTest, ForwardedForCountsOnlyFromATrustedProxy) {
  const TrustedProxies proxies = *TrustedProxies::Parse("10.0.0.1,10.0.0.2");
  // Anyone else's header is ignored: a client cannot choose its own address.
  EXPECT_EQ(ClientAddress("203.0.113.9", {"198.51.100.1"}, proxies), "203.0.113.9");
  EXPECT_EQ(ClientAddress("10.0.0.1", {"198.51.100.1"}, proxies), "198.51.100.1");
  // The right-most address that is not a proxy: what the client put in front is not trusted.
  EXPECT_EQ(ClientAddress("10.0.0.1", {"6.6.6.6, 198.51.100.1, 10.0.0.2"}, proxies),
            "198.51.100.1");
  EXPECT_EQ(ClientAddress("10.0.0.1", {"6.6.6.6", "198.51.100.1"}, proxies), "198.51.100.1");
  EXPECT_EQ(ClientAddress("10.0.0.1", {"garbage"}, proxies), "10.0.0.1");
  EXPECT_EQ(ClientAddress("10.0.0.1", {}, proxies), "10.0.0.1");
}

}  // namespace
}  // namespace rungs
